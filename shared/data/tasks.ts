/**
 * The task inbox: every human step of a workflow is a task record held by a section (or the
 * leadership), with the step's task token. A decision is recorded here before the callback, so a
 * second click is answered from our record, and a callback that failed is sent again.
 *
 * One rule settles a section answering at the moment its step times out: Step Functions decides
 * whether the step timed out, and the timeout wins. The workflow's timeout handler (escalation to
 * the leadership, or the leadership's own timeout) overwrites the task unless the workflow has
 * already taken a decision; a decision whose callback is refused as timed out is taken back.
 * Every change is conditioned on the task's version, so two of them never interleave.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import { DECISION_LABELS, labelIn, SECTION_LABELS } from '../domain/labels.ts';
import { ConflictError, fieldIssue, NotFoundError, ValidationError } from '../errors.ts';
import type { ApprovalTask, Plan } from '../schemas/plans.ts';
import { ddb } from './ddb.ts';
import { chainOfSubject, keys, matterTaskId, recordOf, type StoredItem, taskIdFor } from './keys.ts';
import { isOpen } from './plans.ts';
import { queryAll } from './query-all.ts';
import { type Actor, type TransactItem, writeAudited } from './write.ts';

const table = () => config.tableName('matters');

/** The stored task: what the API shows, plus the token and an optimistic-lock version. */
/** A task with no token (a copy to acknowledge) belongs to no workflow step: its decision is final when recorded. */
export type TaskRecord = ApprovalTask & { token?: string; version: number };

export const LEADERSHIP = 'leadership';

/** The holder a section's head answers for: a step of a matter led by the section, past its due date. */
export const sectionHeadOf = (sectionId: string) => `${sectionId}#head`;

export { matterTaskId, subjectOfTask, taskIdFor } from './keys.ts';

/** The plan or matter a task belongs to. */
export const subjectIdOf = (t: Pick<TaskRecord, 'planId' | 'matterId'>): string => (t.planId ?? t.matterId)!;

/** A task from its item (as a route prefetched it). */
export const taskOfItem = (item: StoredItem): TaskRecord => recordOf<TaskRecord>(item);

/** What the API shows of a task: never its token. */
export const shownTask = (t: TaskRecord): ApprovalTask => {
  const { token: _t, version: _v, ...rest } = t;
  return rest;
};

/**
 * A pending task whose due date has passed at `now`. Its workflow's timeout hands the step on at
 * that moment, so a task is seen overdue only until that is done (or while it is late).
 */
export const isOverdue = (t: Pick<ApprovalTask, 'status' | 'dueAt'>, now: Date): boolean => t.status === 'pending' && Date.parse(t.dueAt) < now.getTime();

/** The task's item: in its holder's inbox while pending, among the undelivered while the workflow has not taken its decision. */
const taskItem = (t: TaskRecord) => ({
  ...keys.task(t.taskId),
  ...(t.status === 'pending' ? keys.taskIndex(t.sectionId, t.dueAt, t.taskId) : {}),
  ...(t.status === 'decided' && t.delivery === 'pending' ? keys.undeliveredIndex(t.decidedAt ?? t.openedAt, t.taskId) : {}),
  ...t,
});

export interface TaskChange {
  after: TaskRecord;
  action: string;
  /** What the audit entry says changed (never the token). */
  detail: Record<string, unknown>;
  items?: Record<string, TransactItem>;
}

export const tasksRepo = {
  async get(taskId: string): Promise<TaskRecord | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: keys.task(taskId), ConsistentRead: true }));
    return out.Item ? recordOf<TaskRecord>(out.Item) : undefined;
  },

  /**
   * The open tasks of a holder, soonest due first; with `dueBefore`, only those due before that
   * instant (the index is sorted by due date, so the key condition does the cut).
   */
  async inbox(holder: string, dueBefore?: string): Promise<ApprovalTask[]> {
    // Every page: an inbox past 1 MB of tasks is rare, and one cut short would hide the latest due.
    const items = await queryAll<StoredItem>({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: dueBefore ? 'gsi1pk = :p AND gsi1sk < :due' : 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': keys.taskIndexPk(holder), ...(dueBefore ? { ':due': dueBefore } : {}) },
    });
    return items
      .map(taskOfItem)
      .filter((t) => t.status === 'pending')
      .map(shownTask);
  },

  /** Decisions recorded before `before` that the workflow has not confirmed, one page at a time. */
  async undelivered(before: string, start?: Record<string, unknown>) {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p AND gsi2sk < :before',
        ExpressionAttributeValues: { ':p': keys.undeliveredPk, ':before': before },
        ExclusiveStartKey: start,
        Limit: 100,
      }),
    );
    return { items: (out.Items ?? []).map(taskOfItem), next: out.LastEvaluatedKey };
  },

  /**
   * Changes a task as it is now (read consistently, decided by `change`, written only if
   * nobody changed it since), with its audit entry on its plan's or matter's chain. `change` returns
   * undefined when there is nothing to do, and throws the user's error when the change is
   * refused. Returns the task after the change (or as it is).
   */
  async change(
    taskId: string,
    subjectId: string,
    change: (task: TaskRecord | undefined) => TaskChange | undefined,
    actor: Actor,
    known?: { task: StoredItem | undefined; chainHead: StoredItem | undefined },
  ): Promise<TaskRecord | undefined> {
    let result: TaskRecord | undefined;
    await writeAudited(async (attempt) => {
      // What the route read with the caller's user record, on the first attempt: no read of its own.
      const first = attempt === 1 && known;
      const before = first ? (known.task ? recordOf<TaskRecord>(known.task) : undefined) : await this.get(taskId);
      result = before;
      const c = change(before);
      if (!c) return undefined;
      const after = { ...c.after, version: (before?.version ?? 0) + 1 };
      result = after;
      return {
        items: {
          task: {
            Put: {
              TableName: table(),
              Item: taskItem(after),
              ConditionExpression: before ? 'version = :v' : 'attribute_not_exists(pk)',
              ExpressionAttributeValues: before ? { ':v': before.version } : undefined,
            },
          },
          ...c.items,
        },
        chains: [
          {
            ...(first ? { headItem: known.chainHead ?? {} } : {}),
            audit: {
              chain: chainOfSubject(subjectId),
              actor,
              entityType: 'task',
              entityId: taskId,
              action: c.action,
              before: before ? { status: before.status, holder: before.sectionId } : null,
              after: c.detail,
            },
          },
        ],
        refuse: () => 'retry',
      };
    });
    return result;
  },
};

/** A new pending task for `holder`, or the same task given the step's newest token (a step delivered again). */
export const openedTask = (
  t: {
    taskId: string;
    planId?: string;
    matterId?: string;
    holder: string;
    step: string;
    token: string;
    dueAt: string;
    provisional?: boolean;
    claimedBy?: string;
  },
  before: TaskRecord | undefined,
): TaskChange | undefined => {
  if (before && (before.sectionId !== t.holder || before.status !== 'pending' || before.token === t.token)) return undefined;
  const at = nowIso();
  return {
    after: before
      ? { ...before, token: t.token, dueAt: t.dueAt }
      : {
          taskId: t.taskId,
          ...(t.planId ? { planId: t.planId } : { matterId: t.matterId }),
          ...(t.provisional ? { dueProvisional: true } : {}),
          sectionId: t.holder,
          assignedTo: t.holder,
          ...(t.claimedBy ? { claimedBy: t.claimedBy } : {}),
          step: t.step,
          status: 'pending',
          openedAt: at,
          dueAt: t.dueAt,
          token: t.token,
          version: 0,
        },
    action: before ? 'taskRedelivered' : 'taskOpened',
    detail: { holder: t.holder, step: t.step, dueAt: t.dueAt, ...(t.claimedBy && !before ? { claimedBy: t.claimedBy } : {}) },
  };
};

/**
 * A task the step timed out on: any decision it held is dropped (the timeout wins), and the claim
 * goes too, since the one who had it let the step pass and a claim left on it would lock out its new holder.
 */
const withoutDecisionOrClaim = (t: TaskRecord) => {
  const { decision: _d, opinion: _o, details: _e, decidedBy: _b, decidedAt: _a, delivery: _y, claimedBy: _c, ...rest } = t;
  return rest;
};

/** The task's timeouts with one more, unless a refused late decision already recorded it. */
const withTimeout = (t: TaskRecord, holder: string, step: string, at: string) => {
  const last = t.timeouts?.at(-1);
  return last && last.holder === holder && last.step === step ? t.timeouts! : [...(t.timeouts ?? []), { holder, step, at }];
};

/** Whether the workflow may still take this task over: only a decision it has received is final. */
const overridable = (t: TaskRecord) => t.status === 'pending' || t.status === 'timedOut' || (t.status === 'decided' && t.delivery !== 'received');

/**
 * The step timed out while `from` held it: the leadership now holds it, with a new token and
 * due date. A decision the workflow never took is dropped, and the timeout is recorded
 * against `from`.
 */
export const escalatedTask = (
  t: { from: string; to?: string; step: string; token: string; dueAt: string },
  before: TaskRecord | undefined,
): TaskChange | undefined => {
  if (!before) return undefined;
  const to = t.to ?? LEADERSHIP;
  if (before.sectionId === to) {
    // Delivered again: the step has a new token.
    return before.status === 'pending' && before.token !== t.token
      ? { after: { ...before, token: t.token, dueAt: t.dueAt }, action: 'taskRedelivered', detail: { holder: to } }
      : undefined;
  }
  if (before.sectionId !== t.from || !overridable(before)) return undefined;
  const at = nowIso();
  const rest = withoutDecisionOrClaim(before);
  return {
    after: { ...rest, sectionId: to, status: 'pending', token: t.token, dueAt: t.dueAt, timeouts: withTimeout(before, t.from, t.step, at) },
    action: 'stepTimedOut',
    detail: { timedOut: { holder: t.from, step: t.step, at }, holder: to, dueAt: t.dueAt, droppedDecision: before.status === 'decided' },
  };
};

/** The step timed out while `holder` held it and nobody else will take it: it leaves every inbox. */
export const timedOutTask = (t: { holder: string; step: string }, before: TaskRecord | undefined): TaskChange | undefined => {
  if (!before || before.sectionId !== t.holder || !overridable(before)) return undefined;
  if (before.status === 'timedOut' && before.timeouts?.at(-1)?.holder === t.holder) return undefined;
  const at = nowIso();
  const rest = withoutDecisionOrClaim(before);
  return {
    after: { ...rest, status: 'timedOut', timeouts: withTimeout(before, t.holder, t.step, at) },
    action: 'stepTimedOut',
    detail: { timedOut: { holder: t.holder, step: t.step, at }, droppedDecision: before.status === 'decided' },
  };
};

/** The workflow took the decision: it is final and leaves the undelivered list. */
export const receivedTask = (before: TaskRecord | undefined): TaskChange | undefined =>
  before && before.status === 'decided' && before.delivery !== 'received'
    ? { after: { ...before, delivery: 'received' }, action: 'decisionReceived', detail: { decision: before.decision } }
    : undefined;

/** The plan was withdrawn, or its workflow ended on a failure: a task still open is closed. */
export const closedTask =
  (status: 'withdrawn' | 'closed') =>
  (before: TaskRecord | undefined): TaskChange | undefined =>
    before && before.status === 'pending'
      ? { after: { ...before, status }, action: status === 'withdrawn' ? 'taskWithdrawn' : 'taskClosed', detail: { holder: before.sectionId } }
      : undefined;

/** Closes the open tasks of a plan's current revision; returns those it closed (their tokens end the workflow's waits). */
export const closeTasks = async (plan: Plan, status: 'withdrawn' | 'closed', actor: Actor): Promise<TaskRecord[]> => {
  if (isOpen(plan.status)) return [];
  const closed = await Promise.all(
    plan.sections.map((_, i) => tasksRepo.change(taskIdFor(plan.planId, plan.revision, i), plan.planId, closedTask(status), actor)),
  );
  return closed.filter((t): t is TaskRecord => t?.status === status);
};

/** The 409 of a task someone else of the section claimed. */
export const claimedByOther = (t: TaskRecord) =>
  new ConflictError(`Claimed by ${t.claimedBy}: they decide it, or hand it on`, `该事项已由 ${t.claimedBy} 认领，请其办理或转办`, 'CLAIMED');

/** 认领: a person of the holding section takes a pending task; claiming one's own claim again changes nothing. */
export const claimedTask = (by: { holder: string; userId: string }, before: TaskRecord | undefined): TaskChange | undefined => {
  if (!before || before.sectionId !== by.holder) throw new NotFoundError('No such task', '没有该审批事项');
  if (before.status !== 'pending') throw new ConflictError(`The task is ${before.status}`, '该事项已办理或已关闭', 'ALREADY_DECIDED');
  if (before.claimedBy === by.userId) return undefined;
  if (before.claimedBy) throw claimedByOther(before);
  return { after: { ...before, claimedBy: by.userId }, action: 'claim', detail: { claimedBy: by.userId } };
};

/** 转办: the claimer (or the section's head) hands a pending task to another person of the same section. */
export const reassignedTask = (
  by: { holder: string; userId: string; isHead: boolean; to: string; reason: string },
  before: TaskRecord | undefined,
): TaskChange => {
  if (!before || before.sectionId !== by.holder) throw new NotFoundError('No such task', '没有该审批事项');
  if (before.status !== 'pending') throw new ConflictError(`The task is ${before.status}`, '该事项已办理或已关闭', 'ALREADY_DECIDED');
  if (before.claimedBy && before.claimedBy !== by.userId && !by.isHead) throw claimedByOther(before);
  if (before.claimedBy === by.to)
    throw new ValidationError([fieldIssue('body.userId', 'alreadyClaimer', `${by.to} has the task already`, `${by.to} 已是该事项的承办人`)]);
  return { after: { ...before, claimedBy: by.to }, action: 'reassign', detail: { from: before.claimedBy ?? null, to: by.to, reason: by.reason } };
};

/** Closes the open tasks of a matter's current round; returns those it closed (their tokens end the workflow's waits). */
export const closeMatterTasks = async (m: { matterId: string; round: number; routing: { coSections: string[] } }, actor: Actor): Promise<TaskRecord[]> => {
  const ids = [
    matterTaskId(m.matterId, m.round, 'proposal', 0),
    matterTaskId(m.matterId, m.round, 'assessment', 0),
    matterTaskId(m.matterId, m.round, 'deliberation', 0),
    ...m.routing.coSections.map((_, i) => matterTaskId(m.matterId, m.round, 'coOpinion', i)),
  ];
  const closed = await Promise.all(ids.map((id) => tasksRepo.change(id, m.matterId, closedTask('withdrawn'), actor)));
  return closed.filter((t): t is TaskRecord => t?.status === 'withdrawn');
};

/** What a decided task tells the workflow: the decision of the section the step was given to. */
export const decisionOutput = (t: TaskRecord) => ({
  decision: t.decision,
  opinion: t.opinion,
  ...(t.details ? { details: t.details } : {}),
  sectionId: t.assignedTo ?? t.sectionId,
  by: t.decidedBy,
  at: t.decidedAt,
  taskId: t.taskId,
});

const STEP_ZH: Record<string, string> = {
  sectionApproval: '科室审批',
  leadershipApproval: '领导审批',
  proposal: '动议',
  coOpinion: '协办意见',
  assessment: '论证',
  deliberation: '审议决定',
  copyReceipt: '抄送签收',
};
const holderZh = (h: string) => (h.endsWith('#head') ? `${labelIn(SECTION_LABELS, h.slice(0, -5), h)}负责人` : labelIn(SECTION_LABELS, h, h));

/** The 409 of a task whose plan was withdrawn. */
export const taskClosed = () => new ConflictError('The plan was withdrawn; this task is closed', '用编计划已撤回，该审批事项已关闭', 'TASK_CLOSED');

/** The 409 of a step that timed out: it names the step, when, and who holds it now. */
export const stepTimedOut = (t: TaskRecord, holder: string) => {
  const out = [...(t.timeouts ?? [])].reverse().find((x) => x.holder === holder);
  const at = out?.at ?? t.dueAt;
  const step = out?.step ?? t.step;
  const now = t.status === 'pending' ? t.sectionId : undefined;
  return new ConflictError(
    `Too late: the step "${step}" held by ${holder} timed out at ${at}${now ? `; it is now held by ${now}` : '; it went back to the unit'}. Your decision was not recorded.`,
    `已超过办理时限：${holderZh(holder)}的「${STEP_ZH[step] ?? step}」步骤已于 ${at} 超时${now ? `，现由${holderZh(now)}办理` : '，已退回申报单位'}。您的意见未被采纳。`,
    'STEP_TIMED_OUT',
  );
};

/**
 * A decision by whoever holds the task, recorded once, before the callback. Refused (with the
 * reason) when the task is not theirs, was decided, timed out, or was closed.
 */
export const decidedTask = (
  by: { holder: string; userId: string; decision: NonNullable<ApprovalTask['decision']>; opinion: string; details?: Record<string, unknown> },
  before: TaskRecord | undefined,
): TaskChange => {
  if (!before) throw new NotFoundError('No such task', '没有该审批事项');
  if (before.sectionId !== by.holder) {
    if ((before.timeouts ?? []).some((x) => x.holder === by.holder)) throw stepTimedOut(before, by.holder);
    // As reading or claiming it: another section's task is not there for this one (whether it exists or not).
    throw new NotFoundError('No such task', '没有该审批事项');
  }
  if (before.status === 'decided')
    throw new ConflictError(`Already decided: ${before.decision}`, `已办理：${labelIn(DECISION_LABELS, before.decision)}`, 'ALREADY_DECIDED');
  if (before.status === 'timedOut') throw stepTimedOut(before, by.holder);
  if (before.status === 'withdrawn') throw taskClosed();
  if (before.claimedBy && before.claimedBy !== by.userId) throw claimedByOther(before);
  const at = nowIso();
  return {
    after: {
      ...before,
      status: 'decided',
      decision: by.decision,
      opinion: by.opinion,
      ...(by.details && Object.keys(by.details).length ? { details: by.details } : {}),
      decidedBy: by.userId,
      decidedAt: at,
      // With no workflow waiting (a copy's receipt), nothing is left to deliver.
      delivery: before.token ? 'pending' : 'received',
    },
    action: 'decide',
    detail: { holder: by.holder, decision: by.decision, opinion: by.opinion, ...by.details },
  };
};

/**
 * Step Functions refused the decision's callback because the step had timed out: the decision
 * is taken back (it never counted) and the timeout recorded against its holder; the workflow's
 * timeout handler then hands the step on.
 */
export const lateDecisionRefused = (token: string, before: TaskRecord | undefined): TaskChange | undefined => {
  if (before?.status !== 'decided' || before.token !== token || before.delivery === 'received') return undefined;
  const { decision: _d, opinion: _o, details: _e, decidedBy, decidedAt: _a, delivery: _y, ...rest } = before;
  const at = nowIso();
  return {
    after: { ...rest, status: 'timedOut', timeouts: [...(before.timeouts ?? []), { holder: before.sectionId, step: before.step, at }] },
    action: 'lateDecisionRefused',
    detail: { holder: before.sectionId, by: decidedBy, at },
  };
};

/** The sweep stops sending a decision whose step is closed; the workflow's own handlers settle the task. */
export const deliveryClosedTask = (before: TaskRecord | undefined): TaskChange | undefined =>
  before && before.status === 'decided' && before.delivery === 'pending'
    ? { after: { ...before, delivery: 'closed' }, action: 'deliveryClosed', detail: {} }
    : undefined;
