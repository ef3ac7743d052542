/**
 * A matter's timeline as pure functions: audit entries said in English and Chinese without the
 * opinions' text, the workflow's history cut to what a department understands (top-level states,
 * their task outcomes, the execution's start and end), and both merged in time order.
 */
import { describe, expect, it } from 'vitest';
import { type AslDefinition, flowChartOf, type WorkflowEvent } from '../../shared/domain/flow-chart.ts';
import { MATTER_STATE_LABELS } from '../../shared/domain/matters/flow.ts';
import { type AuditRecord, auditEntry, describeAudit, mergeTimeline, type TimelineEntry, workflowEntries } from '../../shared/domain/matters/timeline.ts';
import definition from '../../statemachines/matter-approval.asl.json' with { type: 'json' };

const chart = flowChartOf(definition as AslDefinition, MATTER_STATE_LABELS);
const MATTER = 'matter-5c1e8a0b7d294f36';
const TASK = 'task-m5c1e8a0b7d294f36r1p0';
const audit = (action: string, after: unknown = null, over: Partial<AuditRecord> = {}): AuditRecord => ({
  at: '2026-11-30T02:00:00.000Z',
  actor: 'matter-workflow',
  role: 'system',
  entityType: 'matter',
  entityId: MATTER,
  action,
  after,
  ...over,
});
let t = 0;
const ev = (type: string, state?: string, error?: string): WorkflowEvent => ({
  at: new Date(Date.UTC(2026, 10, 30, 2, 0, 0, ++t)).toISOString(),
  type,
  ...(state ? { state } : {}),
  ...(error ? { error } : {}),
});

describe('audit entries on the timeline', () => {
  it('say what happened in both languages, with the stage, the section and the decision', () => {
    expect(describeAudit(audit('submit'))).toEqual({ what: 'Submitted', whatZh: '提交申报' });
    expect(describeAudit(audit('enterStage', { stage: 'argumentation', round: 2, due: { argumentation: { dueDate: '2026-12-08' } } }))).toEqual({
      what: 'Entered argumentation (round 2), due 2026-12-08',
      whatZh: '进入论证阶段（第2轮），办理时限至 2026-12-08',
    });
    expect(
      describeAudit(
        audit('taskOpened', { holder: 'organs-section', step: 'proposal', dueAt: '2026-12-03T15:59:59.999Z' }, { entityType: 'task', entityId: TASK }),
      ).whatZh,
    ).toBe('「动议」待机关编制科办理，时限至 2026-12-03');
    expect(describeAudit(audit('decide', { holder: 'organs-section', decision: 'return' }, { entityType: 'task', entityId: TASK })).whatZh).toBe(
      '「动议」机关编制科办理意见：退回补正',
    );
    expect(
      describeAudit(audit('stepTimedOut', { timedOut: { holder: 'organs-section', step: 'proposal' }, holder: 'organs-section#head' }, { entityId: TASK }))
        .whatZh,
    ).toBe('「动议」机关编制科逾期未办，转机关编制科负责人办理');
    expect(describeAudit(audit('stepTimedOut', { timedOut: { holder: 'organs-section#head', step: 'proposal' } }, { entityId: TASK })).whatZh).toBe(
      '「动议」机关编制科负责人逾期未办',
    );
    expect(describeAudit(audit('resubmit', { revision: 2 })).whatZh).toBe('补正后重新提交（第2次申报）');
    expect(describeAudit(audit('claim', { claimedBy: 'demo-section' }, { entityId: TASK })).whatZh).toBe('「动议」由 demo-section 认领');
    // The reason of a hand-over may name people: it is not said.
    expect(describeAudit(audit('reassign', { from: 'demo-section', to: 'demo-section-head', reason: '张伟出差' }, { entityId: TASK }))).toEqual({
      what: 'proposal task handed to demo-section-head',
      whatZh: '「动议」转办给 demo-section-head',
    });
    expect(describeAudit(audit('close', { status: 'done' }, { entityType: 'ledgerItem', entityId: `${MATTER}/implementationReport` })).whatZh).toBe(
      '报送「落实情况报告」，事项办结',
    );
    expect(describeAudit(audit('decide', { holder: 'supervision-section', decision: 'approve' }, { entityId: 'task-m5c1e8a0b7d294f36r1k0' })).whatZh).toBe(
      '「抄送签收」监督检查科办理意见：同意',
    );
    expect(describeAudit(audit('deliberationDecided', { next: 'argumentation' })).whatZh).toBe('审议决定办理完毕，转入论证');
    expect(describeAudit(audit('issue', { document: { number: '咸编发〔2026〕7号' } })).whatZh).toBe('印发批复文件，文号 咸编发〔2026〕7号');
    expect(describeAudit(audit('somethingNew'))).toEqual({ what: 'Recorded: somethingNew', whatZh: '其他记录（somethingNew）' });
  });

  it('name who acted but never carry the opinion, the before-and-after images or the hashes', () => {
    const entry = auditEntry(
      audit(
        'decide',
        { holder: 'organs-section', decision: 'approve', opinion: '同意，请张伟（110105199605141273）补充材料' },
        { actor: 'demo-section', role: 'sectionStaff', entityType: 'task', entityId: TASK },
      ),
    );
    expect(entry).toEqual({
      at: '2026-11-30T02:00:00.000Z',
      source: 'audit',
      what: 'proposal: organs-section decided approve',
      whatZh: '「动议」机关编制科办理意见：同意',
      who: 'demo-section',
      role: 'sectionStaff',
      action: 'decide',
    });
  });
});

describe('workflow entries on the timeline', () => {
  const events = [
    ev('ExecutionStarted'),
    ev('ParallelStateEntered', 'JointPreReview'),
    ev('TaskStateEntered', 'SupervisionCheck'),
    ev('TaskSucceeded'),
    ev('TaskStateExited', 'SupervisionCheck'),
    ev('ParallelStateExited', 'JointPreReview'),
    ev('TaskStateEntered', 'RecordPreReview'),
    ev('TaskSucceeded'),
    ev('TaskStateExited', 'RecordPreReview'),
    ev('TaskStateEntered', 'Proposal'),
    ev('TaskScheduled'),
    ev('TaskSubmitted'),
    ev('TaskTimedOut', undefined, 'States.Timeout'),
    ev('TaskStateExited', 'Proposal'),
    ev('TaskStateEntered', 'ProposalEscalated'),
    ev('TaskSucceeded'),
    ev('TaskStateExited', 'ProposalEscalated'),
    ev('TaskStateEntered', 'ProposalTaken'),
    ev('TaskFailed', undefined, 'Lambda.ServiceException'),
    ev('TaskStateExited', 'ProposalTaken'),
    ev('MapStateEntered', 'CoSectionOpinions'),
    ev('TaskStateEntered', 'AwaitOpinion'),
    ev('TaskTimedOut', undefined, 'States.Timeout'),
    ev('MapStateExited', 'CoSectionOpinions'),
    ev('TaskStateEntered', 'Issue'),
    ev('TaskSucceeded'),
    ev('TaskStateExited', 'Issue'),
    ev('SucceedStateEntered', 'Issued'),
    ev('SucceedStateExited', 'Issued'),
    ev('ExecutionSucceeded'),
  ];
  const entries = workflowEntries(chart, `${MATTER}-r2`, events);

  it('keeps the start and end, the top-level boxes entered and left, and the outcomes of their own task steps', () => {
    expect(entries.map((e) => e.whatZh)).toEqual([
      '审批流程启动（第2次申报）',
      '进入「前置审查」',
      '离开「前置审查」',
      '进入「动议」',
      '「动议」已超过办理时限',
      '离开「动议」',
      '进入「动议（逾期转科室负责人）」',
      '「动议（逾期转科室负责人）」办理意见已送达',
      '离开「动议（逾期转科室负责人）」',
      '进入「会签（协办科室意见）」',
      '离开「会签（协办科室意见）」',
      '进入「发文」',
      '「发文」已完成',
      '离开「发文」',
      '办结：已批复',
      '审批流程结束',
    ]);
    expect(entries.every((e) => e.source === 'workflow' && e.execution === `${MATTER}-r2`)).toBe(true);
    expect(entries[4]).toMatchObject({ what: 'Proposal: due date passed', state: 'Proposal', event: 'TaskTimedOut' });
  });

  it('names an error by its name only', () => {
    const failed = workflowEntries(chart, `${MATTER}-r1`, [
      ev('TaskStateEntered', 'Issue'),
      ev('TaskFailed', undefined, 'Error'),
      ev('TaskStateExited', 'Issue'),
      ev('FailStateEntered', 'StepFailed'),
      ev('ExecutionFailed', undefined, 'MatterStepFailed'),
    ]);
    expect(failed.map((e) => e.what)).toEqual([
      'Entered Issue',
      'Issue: failed (Error)',
      'Left Issue',
      'Stopped: A step failed',
      'Workflow stopped on an error (MatterStepFailed)',
    ]);
  });
});

describe('merging', () => {
  const entry = (at: string, source: 'audit' | 'workflow', what: string): TimelineEntry => ({ at, source, what, whatZh: what });

  it('orders both sources by time, the workflow first at the same instant, each source in its own order', () => {
    const merged = mergeTimeline(
      [entry('2026-11-30T02:00:00.001Z', 'audit', 'a1'), entry('2026-11-30T02:00:00.003Z', 'audit', 'a2'), entry('2026-11-30T02:00:00.003Z', 'audit', 'a3')],
      [
        entry('2026-11-30T02:00:00.000Z', 'workflow', 'w1'),
        entry('2026-11-30T02:00:00.003Z', 'workflow', 'w2'),
        entry('2026-11-30T02:00:00.009Z', 'workflow', 'w3'),
      ],
    );
    expect(merged.map((e) => e.what)).toEqual(['w1', 'a1', 'w2', 'a2', 'a3', 'w3']);
  });
});
