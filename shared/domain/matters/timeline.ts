/**
 * A matter's timeline: its audit entries (the record, kept for good) and its workflow's history
 * (what Step Functions keeps for 90 days), merged in time order, each said in English and
 * Chinese. Only what a department understands of the workflow is kept: top-level states entered
 * and left and the outcomes of their task steps; never an input, output, task token or opinion
 * text (an opinion may name people; the matter itself carries the decisions). Pure.
 */
import type { FlowChart, WorkflowEvent } from '../flow-chart.ts';
import { DECISION_LABELS, labelIn, SECTION_LABELS } from '../labels.ts';
import { IMPLEMENTATION_ITEM_LABELS } from './implementation.ts';

export interface TimelineEntry {
  at: string;
  source: 'audit' | 'workflow';
  what: string;
  whatZh: string;
  /** Audit: who acted (a user id, or the workflow), their role and the action's code. */
  who?: string;
  role?: string;
  action?: string;
  /** Workflow: the execution, the state and the history event type. */
  execution?: string;
  state?: string;
  event?: string;
}

/** An audit entry as stored (shared/domain/audit-chain.ts), of which only these parts are read. */
export interface AuditRecord {
  at: string;
  actor: string;
  role: string;
  entityType: string;
  entityId: string;
  action: string;
  after?: unknown;
}

const STEPS: Record<string, [string, string]> = {
  proposal: ['proposal', '动议'],
  coOpinion: ['co-section opinion', '会签意见'],
  assessment: ['argumentation', '论证'],
  deliberation: ['deliberation', '审议决定'],
  copyReceipt: ['copy receipt', '抄送签收'],
};
const STAGES: Record<string, [string, string]> = {
  proposal: ['proposal', '动议'],
  argumentation: ['argumentation', '论证'],
  deliberation: ['deliberation', '审议决定'],
  implementation: ['implementation', '组织实施'],
};
const NEXT: Record<string, [string, string]> = {
  argumentation: ['on to argumentation', '转入论证'],
  deliberation: ['on to deliberation', '提交审议决定'],
  issue: ['approved for issue', '准予发文'],
  proposal: ['back to proposal', '退回动议阶段'],
  returned: ['returned for correction', '退回补正'],
  refused: ['not accepted', '不予受理'],
  rejected: ['not approved', '不予批准'],
};
const TASK_STEP_LETTER: Record<string, string> = { p: 'proposal', c: 'coOpinion', a: 'assessment', d: 'deliberation', k: 'copyReceipt' };

/** A string found at `path` in a value of unknown shape, or undefined. */
const at = (v: unknown, ...path: string[]): string | undefined => {
  let cur = v;
  for (const k of path) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
  return typeof cur === 'string' ? cur : typeof cur === 'number' ? String(cur) : undefined;
};

/** A holder: a section, the leadership, or a section's head (`<section>#head`, who takes the steps the section let pass). */
const section = (id: string | undefined): [string, string] => {
  if (!id) return ['a section', '科室'];
  const head = id.endsWith('#head') ? id.slice(0, -5) : undefined;
  return head ? [`the head of ${head}`, `${labelIn(SECTION_LABELS, head, head)}负责人`] : [id, labelIn(SECTION_LABELS, id, id)];
};
const decision = (d: string | undefined): [string, string] => [d ?? 'a decision', labelIn(DECISION_LABELS, d, d ?? '未知')];
const step = (s: string | undefined): [string, string] => STEPS[s ?? ''] ?? [s ?? 'a step', s ?? '办理步骤'];
/** The step a task's id names (task-m<16 hex>r<round><letter><index>). */
const stepOfTask = (taskId: string) => TASK_STEP_LETTER[/^task-m[0-9a-f]{16}r\d+([pcadk])\d+$/.exec(taskId)?.[1] ?? ''];
const day = (iso: string | undefined) => iso?.slice(0, 10);

/**
 * Who reads a timeline: the office sees which of its people acted; a department sees its own
 * people and the sections, not the office's staff (shared/domain/department-view.ts says why).
 */
export type TimelineReader = 'office' | 'department';

/** What an audit entry on a matter's chain says, in both languages. */
export const describeAudit = (e: AuditRecord, reader: TimelineReader = 'office'): { what: string; whatZh: string } => {
  const a = e.after;
  const say = (what: string, whatZh: string) => ({ what, whatZh });
  switch (e.action) {
    case 'submit':
      return say('Submitted', '提交申报');
    case 'resubmit': {
      const revision = at(a, 'revision');
      return say(`Resubmitted after correction${revision ? ` (submission ${revision})` : ''}`, `补正后重新提交${revision ? `（第${revision}次申报）` : ''}`);
    }
    case 'report':
    case 'close': {
      const item = e.entityId.split('/')[1] ?? '';
      const zh = labelIn(IMPLEMENTATION_ITEM_LABELS, item, item);
      return e.action === 'close'
        ? say(`Implementation reported (${item}): the matter is closed`, `报送「${zh}」，事项办结`)
        : say(`Implementation reported: ${item}`, `报告落实事项「${zh}」已办结`);
    }
    case 'preReviewPassed':
      return say('Passed the joint pre-review', '前置审查通过');
    case 'refuse':
      return say('Refused at the joint pre-review', '前置审查未通过，不予受理');
    case 'enterStage': {
      const [en, zh] = STAGES[at(a, 'stage') ?? ''] ?? ['a stage', '下一阶段'];
      const round = at(a, 'round');
      const due = at(a, 'due', at(a, 'stage') ?? '', 'dueDate');
      return say(
        `Entered ${en}${round ? ` (round ${round})` : ''}${due ? `, due ${due}` : ''}`,
        `进入${zh}阶段${round ? `（第${round}轮）` : ''}${due ? `，办理时限至 ${due}` : ''}`,
      );
    }
    case 'proposalDecided':
    case 'assessmentDecided':
    case 'deliberationDecided': {
      const [en, zh] = step(e.action.replace(/Decided$/, ''));
      const [nextEn, nextZh] = NEXT[at(a, 'next') ?? ''] ?? ['decided', '办理完毕'];
      return say(`${en[0]!.toUpperCase()}${en.slice(1)} recorded: ${nextEn}`, `${zh}办理完毕，${nextZh}`);
    }
    case 'returnedForCorrection':
      return say('Returned to the unit for correction', '退回申报单位补正');
    case 'refused':
      return say('Not accepted at the proposal stage', '动议阶段不予受理');
    case 'rejected':
      return say('Not approved by the deliberation', '经审议不予批准');
    case 'issue': {
      const number = at(a, 'document', 'number');
      return say(`Approval document issued${number ? `: ${number}` : ''}`, `印发批复文件${number ? `，文号 ${number}` : ''}`);
    }
    case 'noAnswer':
      return say('Nobody answered in time: returned to the unit', '逾期无人办理，退回申报单位');
    case 'fail':
      return say('A step failed; the operators were alerted', '流程步骤出错，已告警运维人员');
    case 'taskOpened': {
      const [sEn, sZh] = step(at(a, 'step') ?? stepOfTask(e.entityId));
      const [hEn, hZh] = section(at(a, 'holder'));
      const due = day(at(a, 'dueAt'));
      return say(`${sEn} task opened for ${hEn}${due ? `, due ${due}` : ''}`, `「${sZh}」待${hZh}办理${due ? `，时限至 ${due}` : ''}`);
    }
    case 'taskRedelivered': {
      const [sEn, sZh] = step(stepOfTask(e.entityId));
      return say(`${sEn} task delivered again`, `「${sZh}」待办重新送达`);
    }
    case 'stepTimedOut': {
      const [sEn, sZh] = step(at(a, 'timedOut', 'step') ?? stepOfTask(e.entityId));
      const [fEn, fZh] = section(at(a, 'timedOut', 'holder'));
      const to = at(a, 'holder');
      const [tEn, tZh] = section(to);
      return to
        ? say(`${sEn}: ${fEn} did not answer by the due date; ${tEn} holds it now`, `「${sZh}」${fZh}逾期未办，转${tZh}办理`)
        : say(`${sEn}: ${fEn} did not answer in time`, `「${sZh}」${fZh}逾期未办`);
    }
    case 'decide': {
      const [sEn, sZh] = step(stepOfTask(e.entityId));
      const [hEn, hZh] = section(at(a, 'holder'));
      const [dEn, dZh] = decision(at(a, 'decision'));
      return say(`${sEn}: ${hEn} decided ${dEn}`, `「${sZh}」${hZh}办理意见：${dZh}`);
    }
    case 'claim': {
      const [sEn, sZh] = step(stepOfTask(e.entityId));
      if (reader === 'department') return say(`${sEn} task taken up by a member of the section`, `「${sZh}」已由承办人认领`);
      const by = at(a, 'claimedBy') ?? e.actor;
      return say(`${sEn} task claimed by ${by}`, `「${sZh}」由 ${by} 认领`);
    }
    case 'reassign': {
      const [sEn, sZh] = step(stepOfTask(e.entityId));
      if (reader === 'department') return say(`${sEn} task handed to another member of the section`, `「${sZh}」已转本科室其他承办人办理`);
      const to = at(a, 'to') ?? 'another person';
      return say(`${sEn} task handed to ${to}`, `「${sZh}」转办给 ${to}`);
    }
    case 'decisionReceived': {
      const [sEn, sZh] = step(stepOfTask(e.entityId));
      return say(`${sEn}: the workflow took the decision`, `「${sZh}」办理意见已送达流程`);
    }
    case 'lateDecisionRefused': {
      const [sEn, sZh] = step(stepOfTask(e.entityId));
      return say(`${sEn}: a decision came after the due date and did not count`, `「${sZh}」逾期提交的意见未被采纳`);
    }
    case 'taskClosed':
    case 'taskWithdrawn': {
      const [sEn, sZh] = step(stepOfTask(e.entityId));
      return say(`${sEn} task closed`, `「${sZh}」待办已关闭`);
    }
    case 'deliveryClosed': {
      const [sEn, sZh] = step(stepOfTask(e.entityId));
      return say(`${sEn}: the decision is no longer sent (the step is closed)`, `「${sZh}」办理意见不再重发（步骤已关闭）`);
    }
    default:
      return say(`Recorded: ${e.action}`, `其他记录（${e.action}）`);
  }
};

export const auditEntry = (e: AuditRecord, reader: TimelineReader = 'office'): TimelineEntry => ({
  at: e.at,
  source: 'audit',
  ...describeAudit(e, reader),
  // A department reads who acted when it was one of its own people or the system; the office's people by role only.
  ...(reader === 'office' || e.role === 'department' || e.role === 'system' ? { who: e.actor } : {}),
  role: e.role,
  action: e.action,
});

const ENDS: Record<string, [string, string]> = {
  ExecutionSucceeded: ['Workflow ended', '审批流程结束'],
  ExecutionFailed: ['Workflow stopped on an error', '审批流程因出错中止'],
  ExecutionAborted: ['Workflow stopped by an operator', '审批流程被运维人员终止'],
  ExecutionTimedOut: ['Workflow timed out', '审批流程超时中止'],
  ExecutionRedriven: ['Workflow resumed after a failure', '审批流程出错后恢复运行'],
};

/**
 * What one execution's history says a department may read: its start and end, the top-level
 * states (boxes of the chart, not the states folded into them) entered and left, and the
 * outcome of each of their task steps. A state's task events are those while it is the open
 * top-level state (top-level states run one at a time; a Parallel's or Map's inner tasks are
 * part of its box and left out).
 */
export const workflowEntries = (chart: FlowChart, execution: string, events: readonly WorkflowEvent[]): TimelineEntry[] => {
  const nodes = new Map(chart.nodes.map((n) => [n.id, n]));
  const revision = /-r(\d+)$/.exec(execution)?.[1];
  const out: TimelineEntry[] = [];
  const add = (ev: WorkflowEvent, what: string, whatZh: string, state?: string) =>
    out.push({ at: ev.at, source: 'workflow', what, whatZh, execution, ...(state ? { state } : {}), event: ev.type });
  let open: string | undefined;
  for (const ev of events) {
    if (ev.type === 'ExecutionStarted') {
      add(ev, `Workflow started${revision ? ` (submission ${revision})` : ''}`, `审批流程启动${revision ? `（第${revision}次申报）` : ''}`);
      continue;
    }
    const end = ENDS[ev.type];
    if (end) {
      add(ev, `${end[0]}${ev.error ? ` (${ev.error})` : ''}`, end[1]);
      continue;
    }
    const topLevel = ev.state !== undefined && Object.hasOwn(chart.nodeOf, ev.state);
    if (ev.type.endsWith('StateEntered') && topLevel) open = ev.state;
    if (ev.type.endsWith('StateExited') && topLevel && open === ev.state) open = undefined;
    const node = topLevel ? nodes.get(ev.state!) : undefined;
    if (node && ev.type.endsWith('StateEntered')) {
      if (node.kind === 'end') add(ev, `Ended: ${node.en}`, `办结：${node.zh}`, node.id);
      else if (node.kind === 'fail') add(ev, `Stopped: ${node.en}`, `中止：${node.zh}`, node.id);
      else add(ev, `Entered ${node.en}`, `进入「${node.zh}」`, node.id);
      continue;
    }
    if (node && ev.type.endsWith('StateExited')) {
      if (node.kind !== 'end' && node.kind !== 'fail') add(ev, `Left ${node.en}`, `离开「${node.zh}」`, node.id);
      continue;
    }
    const owner = open ? nodes.get(open) : undefined;
    if (!owner || (owner.kind !== 'human' && owner.kind !== 'task')) continue;
    if (ev.type === 'TaskSucceeded') {
      if (owner.kind === 'human') add(ev, `${owner.en}: the decision came in`, `「${owner.zh}」办理意见已送达`, owner.id);
      else add(ev, `${owner.en}: done`, `「${owner.zh}」已完成`, owner.id);
    } else if (ev.type === 'TaskTimedOut') {
      add(ev, `${owner.en}: due date passed`, `「${owner.zh}」已超过办理时限`, owner.id);
    } else if (ev.type === 'TaskFailed') {
      add(ev, `${owner.en}: failed${ev.error ? ` (${ev.error})` : ''}`, `「${owner.zh}」出错${ev.error ? `（${ev.error}）` : ''}`, owner.id);
    }
  }
  return out;
};

/**
 * Both in time order. At the same instant the workflow comes first: a state is entered before
 * what its step writes; each source keeps its own order.
 */
export const mergeTimeline = (audit: readonly TimelineEntry[], workflow: readonly TimelineEntry[]): TimelineEntry[] =>
  [...workflow.map((e, i) => ({ e, k: 0, i })), ...audit.map((e, i) => ({ e, k: 1, i }))]
    .sort((p, q) => Date.parse(p.e.at) - Date.parse(q.e.at) || p.k - q.k || p.i - q.i)
    .map((p) => p.e);
