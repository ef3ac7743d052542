/**
 * Decisions are never lost, stuck or mis-filed (R-OPS-3, R-SEC-4), over HTTP on the embedded
 * host with the state machine that deploys: a callback that failed is sent again, a section
 * answering as its step times out loses to the timeout (409 naming who holds the step), the
 * leadership's own timeout closes the task and sends the plan back, a lost start is restarted,
 * a failed step is recorded, and the daily jobs survive bad entries and double deliveries.
 */

import { DescribeExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as decide } from '../../functions/steps/plan/decide.ts';
import { ROUTE_EXAMPLES } from '../../shared/api-examples.ts';
import { listCheckpoints } from '../../shared/audit/heads.ts';
import { verifyAudit } from '../../shared/audit/verify.ts';
import { ddb } from '../../shared/data/ddb.ts';
import { keys } from '../../shared/data/keys.ts';
import { sfn as sharedSfn } from '../../shared/data/sfn.ts';
import { tasksRepo } from '../../shared/data/tasks.ts';
import { callApi } from '../support/api.ts';
import { makeUscc } from '../support/codes.ts';
import { eventually, sfnClient, startTestHost } from '../support/host.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
const DOC = '咸编发〔2026〕7号';
const MINUTE = 60_000;
const DAY = 86_400_000;
let keyNo = 0;

const call = (method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) =>
  callApi(host, method, path, user, body, headers);

const submit = async (reason = '测试用编申请') => {
  const r = await call(
    'POST',
    '/plans',
    'dec-clerk',
    { orgId: 'dec-org', quotaType: 'administrative', count: 1, channel: 'publicRecruitment', reason },
    { 'idempotency-key': `decisions-${++keyNo}-key` },
  );
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json as { planId: string; executionName: string };
};
const planNow = async (planId: string) => (await call('GET', `/plans/${planId}`, 'demo-section')).json;
const until = (planId: string, status: string) =>
  eventually(async () => ((await planNow(planId)).status === status ? planNow(planId) : undefined), `plan ${planId} to be ${status}`);
const taskFor = (planId: string, user: string) =>
  eventually(async () => (await call('GET', '/tasks', user)).json.items?.find((t: any) => t.planId === planId), `a task of ${planId} for ${user}`);
const inboxes = async (planId: string) =>
  (await Promise.all(['demo-section', 'demo-leader', 'demo-supervision'].map((u) => call('GET', '/tasks', u))))
    .flatMap((r) => r.json.items)
    .filter((t: any) => t.planId === planId);
const executionOf = (plan: { executionName: string }) =>
  `${host.stateMachineArn('staffing-plan').replace(':stateMachine:', ':execution:')}:${plan.executionName}`;
const sweep = async () => ((await host.scheduler.fire('workflow-sweep', host.clock.now())) as { result: Record<string, number> }).result;

/** Makes the next call of `command` on the functions' Step Functions client fail before it is sent (after the SDK's own retries). */
const failNext = (command: string, before?: (input: any) => Promise<void>) => {
  const name = `failNext-${command}-${keyNo}`;
  let done = false;
  sharedSfn().middlewareStack.add(
    ((next: (a: any) => Promise<any>, context: { commandName?: string }) => async (args: any) => {
      if (context.commandName !== command || done) return next(args);
      done = true;
      if (before) {
        await before(args.input);
        return next(args);
      }
      throw Object.assign(new Error('connect ETIMEDOUT'), { name: 'TimeoutError', $metadata: {} });
    }) as never,
    { step: 'initialize', name },
  );
  return () => sharedSfn().middlewareStack.remove(name);
};

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
  await call('POST', '/organizations', 'demo-section', {
    orgId: 'dec-org',
    name: '决定测试局',
    kind: 'organ',
    fundingForm: 'fullFunding',
    uscc: makeUscc('1', 700),
    legalPersonStatus: 'registered',
    documentNumber: DOC,
    effectiveDate: '2026-01-01',
  });
  await call('PUT', '/organizations/dec-org/quotas/administrative', 'demo-section', { approved: 60, documentNumber: DOC, effectiveDate: '2026-01-01' });
  await call('POST', '/users', 'demo-admin', { userId: 'dec-clerk', displayName: '决定测试经办人', role: 'department', organizationId: 'dec-org' });
});
afterAll(async () => host?.cleanup());

describe('a decision whose callback failed', () => {
  it('is recorded (202) and sent again on the next read of the task', async () => {
    const plan = await submit();
    const task = await taskFor(plan.planId, 'demo-section');
    const restore = failNext('SendTaskSuccessCommand');
    const d = await call('POST', `/tasks/${task.taskId}/decision`, 'demo-section', { decision: 'approve', opinion: '同意' });
    restore();
    expect(d.status).toBe(202);
    expect(d.json).toMatchObject({ status: 'decided', delivery: 'pending' });
    await new Promise((r) => setTimeout(r, 300));
    expect((await planNow(plan.planId)).status).toBe('pendingApproval');
    await host.clock.advance(31_000);
    expect((await call('GET', `/tasks/${task.taskId}`, 'demo-section')).status).toBe(200);
    await until(plan.planId, 'approved');
    expect(
      await eventually(async () => ((await tasksRepo.get(task.taskId))?.delivery === 'received' ? true : undefined), 'the workflow to take the decision'),
    ).toBe(true);
  });

  it('is sent again by the workflow sweep', async () => {
    const plan = await submit();
    const task = await taskFor(plan.planId, 'demo-section');
    const restore = failNext('SendTaskSuccessCommand');
    expect((await call('POST', `/tasks/${task.taskId}/decision`, 'demo-section', { decision: 'approve', opinion: '同意' })).status).toBe(202);
    restore();
    // The clock's move may itself deliver the sweep's schedule; one more delivery makes sure.
    await host.clock.advance(3 * MINUTE);
    await sweep();
    await until(plan.planId, 'approved');
  });
});

describe('a section answering as its step times out', () => {
  it('gets a 409 naming the leadership once the step was escalated, and the leadership task stays as it is', async () => {
    const plan = await submit();
    await taskFor(plan.planId, 'demo-section');
    await host.clock.advance(7 * DAY + MINUTE);
    const escalated = await taskFor(plan.planId, 'demo-leader');
    const before = await tasksRepo.get(escalated.taskId);
    const late = await call('POST', `/tasks/${escalated.taskId}/decision`, 'demo-section', { decision: 'refuse', opinion: '不同意' });
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe('STEP_TIMED_OUT');
    expect(late.json.error.message).toMatch(/held by organs-section timed out .* now held by leadership/);
    expect(late.json.error.messageZh).toMatch(/机关编制科.*超时.*编办领导/);
    const after = await tasksRepo.get(escalated.taskId);
    expect(after).toEqual(before);
    expect(after).toMatchObject({ sectionId: 'leadership', status: 'pending' });
    expect(after!.decision).toBeUndefined();
    expect((await call('POST', `/tasks/${escalated.taskId}/decision`, 'demo-leader', { decision: 'approve', opinion: '同意' })).status).toBe(200);
    await until(plan.planId, 'approved');
  });

  it('loses to the timeout when its callback reaches a step that timed out first: 409, the decision not stored, the leadership holds the task', async () => {
    const plan = await submit();
    const task = await taskFor(plan.planId, 'demo-section');
    // The decision is recorded; before its callback reaches Step Functions the step times out and escalates.
    const restore = failNext('SendTaskSuccessCommand', async () => {
      await host.clock.advance(7 * DAY + MINUTE);
      await eventually(async () => ((await tasksRepo.get(task.taskId))?.sectionId === 'leadership' ? true : undefined), 'the escalation');
    });
    const d = await call('POST', `/tasks/${task.taskId}/decision`, 'demo-section', { decision: 'approve', opinion: '同意（迟到）' });
    restore();
    expect(d.status).toBe(409);
    expect(d.json.error.code).toBe('STEP_TIMED_OUT');
    const now = await tasksRepo.get(task.taskId);
    expect(now).toMatchObject({ sectionId: 'leadership', status: 'pending', timeouts: [{ holder: 'organs-section', step: 'sectionApproval' }] });
    expect(now!.decision).toBeUndefined();
    expect(now!.opinion).toBeUndefined();
    expect((await taskFor(plan.planId, 'demo-leader')).taskId).toBe(task.taskId);
    expect((await call('GET', '/tasks', 'demo-section')).json.items.some((t: any) => t.planId === plan.planId)).toBe(false);
  });
});

describe('the leadership step timing out', () => {
  it('closes the task in every inbox, refuses a late decision without storing it, records the timeout against the leadership and tells the unit', async () => {
    const plan = await submit('无人办理的申请');
    await taskFor(plan.planId, 'demo-section');
    await host.clock.advance(7 * DAY + MINUTE);
    const escalated = await taskFor(plan.planId, 'demo-leader');
    await host.clock.advance(3 * DAY + MINUTE);
    const returned = await until(plan.planId, 'returned');
    expect(returned.outcome.messageZh).toMatch(/逾期未办理/);
    expect(await inboxes(plan.planId)).toEqual([]);
    const task = await tasksRepo.get(escalated.taskId);
    expect(task).toMatchObject({ status: 'timedOut', sectionId: 'leadership' });
    expect(task!.timeouts!.map((t) => t.holder)).toEqual(['organs-section', 'leadership']);
    const late = await call('POST', `/tasks/${escalated.taskId}/decision`, 'demo-leader', { decision: 'approve', opinion: '同意' });
    expect(late.status).toBe(409);
    expect(late.json.error.code).toBe('STEP_TIMED_OUT');
    expect(late.json.error.message).toMatch(/"sectionApproval"|"leadershipApproval"/);
    expect((await tasksRepo.get(escalated.taskId))!.decision).toBeUndefined();
    const inbox = (await call('GET', '/organizations/dec-org/notifications', 'dec-clerk')).json.items;
    expect(inbox.find((m: any) => m.planId === plan.planId)).toMatchObject({ kind: 'planReturned' });
  });
});

describe('a plan whose workflow is not running', () => {
  it('is started by the sweep when its start was lost', async () => {
    const restore = failNext('StartExecutionCommand');
    const plan = await submit('启动丢失的申请');
    restore();
    await expect(sfnClient(host).send(new DescribeExecutionCommand({ executionArn: executionOf(plan) }))).rejects.toMatchObject({
      name: 'ExecutionDoesNotExist',
    });
    expect((await planNow(plan.planId)).status).toBe('preReview');
    await host.clock.advance(3 * MINUTE);
    await sweep();
    await taskFor(plan.planId, 'demo-section');
    // A second sweep finds it running and leaves it.
    await host.clock.advance(3 * MINUTE);
    expect((await sweep()).restarted).toBe(0);
  });

  it('starts a matter whose start was lost, too', async () => {
    const restore = failNext('StartExecutionCommand');
    const r = await call(
      'POST',
      '/matters',
      'dec-clerk',
      { ...(ROUTE_EXAMPLES['POST /matters']!.request as object), orgId: 'dec-org' },
      { 'idempotency-key': `decisions-${++keyNo}-key` },
    );
    restore();
    expect(r.status, JSON.stringify(r.json)).toBe(201);
    const executionArn = `${host.stateMachineArn('matter-approval').replace(':stateMachine:', ':execution:')}:${r.json.executionName}`;
    await expect(sfnClient(host).send(new DescribeExecutionCommand({ executionArn }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    // The sweep (run as the clock passes its schedule, or here) starts it by its name.
    await host.clock.advance(3 * MINUTE);
    await sweep();
    await eventually(
      async () => (await call('GET', '/tasks', 'demo-section')).json.items?.find((t: any) => t.matterId === r.json.matterId),
      'the matter’s proposal task',
    );
  });

  it('records a step that failed on the plan, closes its tasks and tells the unit; the execution fails for the operators', async () => {
    const plan = await submit('出错的申请');
    const task = await taskFor(plan.planId, 'demo-section');
    host.functions.addFunction('planDecide', async (event, context) => {
      if ((event as { planId?: string }).planId === plan.planId) throw new Error('the decision step broke');
      return decide(event as never, context);
    });
    try {
      await call('POST', `/tasks/${task.taskId}/decision`, 'demo-section', { decision: 'approve', opinion: '同意' });
      const failed = await until(plan.planId, 'failed');
      expect(failed.outcome).toMatchObject({ code: 'workflowFailed' });
      const d = await eventually(async () => {
        const x = await sfnClient(host).send(new DescribeExecutionCommand({ executionArn: executionOf(plan) }));
        return x.status === 'RUNNING' ? undefined : x;
      }, 'the execution to end');
      expect(d).toMatchObject({ status: 'FAILED', error: 'StepFailed' });
      const inbox = (await call('GET', '/organizations/dec-org/notifications', 'dec-clerk')).json.items;
      expect(inbox.find((m: any) => m.planId === plan.planId)).toMatchObject({ kind: 'planFailed' });
    } finally {
      host.functions.addFunction('planDecide', decide as never);
    }
    // The department can send it again.
    const again = await call('POST', `/plans/${plan.planId}/resubmit`, 'dec-clerk', {});
    expect(again.json).toMatchObject({ status: 'preReview', revision: 2 });
  });

  it('is marked failed by the sweep, its tasks closed, when its execution ended without deciding it', async () => {
    const plan = await submit('被中止的申请');
    await taskFor(plan.planId, 'demo-section');
    await sfnClient(host).send(new StopExecutionCommand({ executionArn: executionOf(plan), error: 'Operator', cause: 'stopped by an operator' }));
    await host.clock.advance(3 * MINUTE);
    await sweep();
    expect(await planNow(plan.planId)).toMatchObject({ status: 'failed', outcome: { code: 'workflowEnded' } });
    expect(await inboxes(plan.planId)).toEqual([]);
  });
});

describe('the daily jobs', () => {
  it('seal the day with one run’s parts only, whatever another delivery of the checkpoint left beside them', async () => {
    const day = '2026-12-25';
    // What a second, concurrent delivery of the same day's schedule writes before it loses the summary.
    await ddb().send(
      new PutCommand({
        TableName: process.env.TABLE_AUDIT,
        Item: { pk: keys.checkpointPartsPk(day), sk: 'PART#ffffffffffff#0000', heads: { 'org#dec-org': { seq: 999, hash: 'f'.repeat(64) } } },
      }),
    );
    // 00:30 Beijing time on the 25th.
    await host.scheduler.fire('audit-checkpoint', new Date('2026-12-24T16:30:00Z'));
    const sealed = (await listCheckpoints()).find((c) => c.day === day)!;
    expect(sealed.heads['org#dec-org']!.seq).not.toBe(999);
    expect((await verifyAudit()).problems).toEqual([]);
  });
  it('release every lapsed reservation page by page, and one bad entry does not stop the others', async () => {
    const plan = await submit('将过期的申请');
    const task = await taskFor(plan.planId, 'demo-section');
    await call('POST', `/tasks/${task.taskId}/decision`, 'demo-section', { decision: 'approve', opinion: '同意' });
    const approved = await until(plan.planId, 'approved');
    const matters = process.env.TABLE_MATTERS!;
    // Its queue entry moved to a long-expired date, after 120 entries of plans already closed and one of a plan that is gone.
    await ddb().send(new DeleteCommand({ TableName: matters, Key: keys.lapseQueue(approved.notice.validUntil, plan.planId) }));
    await ddb().send(new PutCommand({ TableName: matters, Item: { ...keys.lapseQueue('2001-01-01', plan.planId), planId: plan.planId, orgId: 'dec-org' } }));
    for (let i = 0; i < 120; i++) {
      const planId = `plan-closed${String(i).padStart(6, '0')}`;
      await ddb().send(new PutCommand({ TableName: matters, Item: { ...keys.plan(planId), planId, orgId: 'dec-org', status: 'lapsed' } }));
      await ddb().send(new PutCommand({ TableName: matters, Item: { ...keys.lapseQueue('2000-01-01', planId), planId, orgId: 'dec-org' } }));
    }
    await ddb().send(
      new PutCommand({ TableName: matters, Item: { ...keys.lapseQueue('1999-12-31', 'plan-gone000000'), planId: 'plan-gone000000', orgId: 'dec-org' } }),
    );
    const reservedBefore = (await call('GET', '/organizations/dec-org', 'demo-section')).json.establishment.reserved.administrative;
    const run = (await host.scheduler.fire('reservation-lapse', host.clock.now())) as {
      result: { plans: number; failed: { planId: string }[]; released: number };
    };
    expect(run.result.failed).toEqual([{ planId: 'plan-gone000000' }]);
    expect(run.result.plans).toBeGreaterThanOrEqual(121);
    expect(run.result.released).toBeGreaterThanOrEqual(1);
    expect((await planNow(plan.planId)).status).toBe('lapsed');
    expect((await call('GET', '/organizations/dec-org', 'demo-section')).json.establishment.reserved.administrative).toBe(reservedBefore - 1);
    const left = await ddb().send(
      new QueryCommand({
        TableName: matters,
        KeyConditionExpression: 'pk = :p AND sk < :s',
        ExpressionAttributeValues: { ':p': keys.lapseQueuePk, ':s': '2002' },
      }),
    );
    expect((left.Items ?? []).map((i) => i.planId)).toEqual(['plan-gone000000']);
  });
});
