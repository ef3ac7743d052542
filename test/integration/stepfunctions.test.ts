/**
 * The embedded Step Functions endpoint, driven only through @aws-sdk/client-sfn, running the
 * fixture ASL files on the host's own clock.
 */

import {
  DescribeExecutionCommand,
  DescribeExecutionOutput$,
  ExecutionAlreadyExists,
  ExecutionNotRedrivable,
  GetExecutionHistoryCommand,
  HistoryEvent$,
  InvalidOutput,
  InvalidToken,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskTimedOut,
  ValidationException,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../shared/manifest.ts';
import { historyEventProblems, problemsAgainst } from '../support/aws-shape.ts';
import { withFixtureFunctions } from '../support/fixture-functions.ts';
import { eventually, fixtureAsl, sfnClient, startTestHost } from '../support/host.ts';

interface Asked {
  branch: string;
  taskToken: string;
  caseId: string;
  index?: number;
}

const asked: Asked[] = [];
let flakyOutcomes: string[] = [];
const flakyCalls: string[] = [];

let host: Awaited<ReturnType<typeof startTestHost>>;
let sfn: SFNClient;
const DAY = 86_400_000;

beforeAll(async () => {
  host = await startTestHost({
    manifest: withFixtureFunctions(manifest),
    extraFunctions: {
      collector: async (event) => {
        asked.push(event as Asked);
        return { delivered: true };
      },
      flaky: async (event) => {
        const outcome = flakyOutcomes.shift() ?? 'ok';
        flakyCalls.push(outcome);
        if (outcome !== 'ok') {
          const e = new Error(`flaky step failed: ${outcome}`);
          e.name = outcome;
          throw e;
        }
        return { ok: true, input: event };
      },
    },
    extraStateMachines: [
      { name: 'parallel-callbacks', asl: fixtureAsl('parallel-callbacks'), functionSubstitutions: { Collector: 'collector' } },
      { name: 'retry-catch', asl: fixtureAsl('retry-catch'), functionSubstitutions: { Flaky: 'flaky' } },
      { name: 'timers', asl: fixtureAsl('timers'), functionSubstitutions: { Collector: 'collector' } },
      { name: 'heartbeat', asl: fixtureAsl('heartbeat'), functionSubstitutions: { Collector: 'collector' } },
      { name: 'due-date', asl: fixtureAsl('due-date'), functionSubstitutions: { Collector: 'collector' } },
      { name: 'map-callbacks', asl: fixtureAsl('map-callbacks'), functionSubstitutions: { Collector: 'collector' } },
      { name: 'map-abort', asl: fixtureAsl('map-abort'), functionSubstitutions: { Collector: 'collector' } },
      { name: 'lambda-timeout', asl: fixtureAsl('lambda-timeout'), functionSubstitutions: { Sleepy: 'sleepy' } },
      { name: 'data-limit', asl: fixtureAsl('data-limit'), functionSubstitutions: { Oversized: 'oversized' } },
    ],
  });
  sfn = sfnClient(host);
});
afterAll(async () => host?.cleanup());

const start = async (machine: string, input: unknown, name?: string) =>
  (await sfn.send(new StartExecutionCommand({ stateMachineArn: host.stateMachineArn(machine), input: JSON.stringify(input), name }))).executionArn!;

const finished = (executionArn: string) =>
  eventually(async () => {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d;
  }, `${executionArn} to finish`);

const tokenFor = (caseId: string, branch: string) =>
  eventually(() => asked.find((a) => a.caseId === caseId && a.branch === branch)?.taskToken, `a token for ${caseId}/${branch}`);

const history = async (executionArn: string) => (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];

describe('callbacks in a Parallel', () => {
  it('approves when both branches answer, each with its own token', async () => {
    const arn = await start('parallel-callbacks', { caseId: 'p-approve' });
    const t1 = await tokenFor('p-approve', 'supervision');
    const t2 = await tokenFor('p-approve', 'registration');
    expect(t1).not.toBe(t2);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: t2, output: JSON.stringify({ ok: 'registered' }) }));
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe('RUNNING');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: t1, output: JSON.stringify({ ok: 'no open problems' }) }));
    const d = await finished(arn);
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output!)).toEqual({ decision: 'approved', opinions: [{ ok: 'no open problems' }, { ok: 'registered' }] });
    // A spent token is answered as AWS does: its task is closed.
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: t1, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('refuses when one branch fails, with its reason', async () => {
    const arn = await start('parallel-callbacks', { caseId: 'p-refuse' });
    const t = await tokenFor('p-refuse', 'supervision');
    await sfn.send(new SendTaskFailureCommand({ taskToken: t, error: 'Refused', cause: 'unrectified violation' }));
    const d = await finished(arn);
    expect(JSON.parse(d.output!)).toEqual({ decision: 'refused', reason: 'unrectified violation' });
    // The other branch's token died with the Parallel: AWS answers TaskTimedOut.
    const other = await tokenFor('p-refuse', 'registration');
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: other, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('answers a malformed token with InvalidToken', async () => {
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' }))).rejects.toBeInstanceOf(InvalidToken);
  });
});

describe('Map of callbacks', () => {
  it('gives every iteration its own token and collects the answers in order', async () => {
    const arn = await start('map-callbacks', { caseId: 'm1', sections: ['organs', 'institutions', 'supervision'] });
    const tokens = await Promise.all(['organs', 'institutions', 'supervision'].map((s) => tokenFor('m1', s)));
    expect(new Set(tokens).size).toBe(3);
    expect(
      asked
        .filter((a) => a.caseId === 'm1')
        .map((a) => a.index)
        .sort(),
    ).toEqual([0, 1, 2]);
    for (const [i, t] of [...tokens.entries()].reverse()) await sfn.send(new SendTaskSuccessCommand({ taskToken: t, output: JSON.stringify({ i }) }));
    const d = await finished(arn);
    expect(JSON.parse(d.output!)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
  });
});

describe('iterations abandoned by a failure', () => {
  it('refuses the tokens of Map iterations aborted by a failed sibling with TaskTimedOut, while the execution runs on', async () => {
    const arn = await start('map-abort', { caseId: 'ma', sections: ['organs', 'institutions', 'supervision'] });
    const [organs, institutions, supervision] = await Promise.all(['organs', 'institutions', 'supervision'].map((s) => tokenFor('ma', s)));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: organs!, output: JSON.stringify({ ok: true }) }));
    await sfn.send(new SendTaskFailureCommand({ taskToken: institutions!, error: 'Refused', cause: 'refused by the section' }));
    const leader = await tokenFor('ma', 'leader');
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe('RUNNING');
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: supervision!, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
    await expect(sfn.send(new SendTaskFailureCommand({ taskToken: supervision!, error: 'Late' }))).rejects.toBeInstanceOf(TaskTimedOut);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: leader, output: JSON.stringify({ decided: 'leader' }) }));
    expect((await finished(arn)).status).toBe('SUCCEEDED');
  });
});

describe('Retry then Catch', () => {
  it('retries a transient error once, then catches the next one and escalates', async () => {
    flakyOutcomes = ['Transient', 'Transient'];
    flakyCalls.length = 0;
    const arn = await start('retry-catch', { caseId: 'r1' });
    const d = await finished(arn);
    expect(flakyCalls).toEqual(['Transient', 'Transient']);
    expect(JSON.parse(d.output!)).toEqual({ escalated: true, error: 'Transient' });
    // A lambda:invoke Task writes Task* events (LambdaFunction* are for a bare Lambda ARN only).
    const events = await history(arn);
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t?.startsWith('LambdaFunction'))).toEqual([]);
    expect(types.filter((t) => t === 'TaskScheduled')).toHaveLength(2);
    expect(types.filter((t) => t === 'TaskStarted')).toHaveLength(2);
    expect(events.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'cn-local-1',
    });
    expect(events.filter((e) => e.type === 'TaskFailed').map((e) => e.taskFailedEventDetails)).toEqual([
      expect.objectContaining({ resourceType: 'lambda', resource: 'invoke', error: 'Transient' }),
      expect.objectContaining({ resourceType: 'lambda', resource: 'invoke', error: 'Transient' }),
    ]);
  });
});

describe('history as AWS writes it', () => {
  it('shows a callback as TaskScheduled, TaskStarted, TaskSubmitted and TaskSucceeded of invoke.waitForTaskToken', async () => {
    const arn = await start('parallel-callbacks', { caseId: 'h-callback' });
    for (const branch of ['supervision', 'registration']) {
      await sfn.send(new SendTaskSuccessCommand({ taskToken: await tokenFor('h-callback', branch), output: JSON.stringify({ ok: branch }) }));
    }
    await finished(arn);
    const events = await history(arn);
    const callback = { resourceType: 'lambda', resource: 'invoke.waitForTaskToken' };
    for (const type of ['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded'] as const) {
      expect(
        events.filter((e) => e.type === type),
        type,
      ).toHaveLength(2);
    }
    expect(events.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails).toMatchObject({ ...callback, region: 'cn-local-1' });
    expect(events.find((e) => e.type === 'TaskStarted')?.taskStartedEventDetails).toEqual(callback);
    expect(events.filter((e) => e.type === 'TaskSucceeded').map((e) => JSON.parse(e.taskSucceededEventDetails!.output!))).toEqual(
      expect.arrayContaining([{ ok: 'supervision' }, { ok: 'registration' }]),
    );
    expect(events.find((e) => e.type === 'TaskSucceeded')?.taskSucceededEventDetails).toMatchObject(callback);
  });
});

describe('Lambda as Step Functions invokes it', () => {
  it('fails a task whose function runs past its own timeout with Sandbox.Timedout, which a Lambda.* Retry does not retry', async () => {
    const arn = await start('lambda-timeout', { sleepMs: 3000 });
    const d = await finished(arn);
    const out = JSON.parse(d.output!);
    expect(out.error).toBe('Sandbox.Timedout');
    expect(JSON.parse(out.cause)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: expect.stringMatching(/^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$/),
    });
    const events = await history(arn);
    expect(events.filter((e) => e.type === 'TaskScheduled')).toHaveLength(1);
    expect(events.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
      error: 'Sandbox.Timedout',
    });
  });

  it("tells the function its own timeout, not the state's", async () => {
    const d = await finished(await start('lambda-timeout', { sleepMs: 0 }));
    const remaining = JSON.parse(d.output!).Payload.remainingAtStart;
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(1000);
  });

  it('fails a task whose function answers with more than 6 MB with Function.ResponseSizeTooLarge (a function error, so it can be caught)', async () => {
    const d = await finished(await start('data-limit', { bytes: 7_000_000 }));
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.output!)).toEqual({ caught: 'Function.ResponseSizeTooLarge' });
  });
});

describe('payloads over 256 KiB', () => {
  const KiB256 = 256 * 1024;

  it('refuses a StartExecution input over 256 KiB of UTF-8, and takes one of exactly 256 KiB', async () => {
    const exact = JSON.stringify({ p: 'x'.repeat(KiB256 - 8) });
    expect(Buffer.byteLength(exact)).toBe(KiB256);
    await expect(start('parallel-callbacks', { p: '中'.repeat(100_000) })).rejects.toBeInstanceOf(ValidationException);
    await expect(start('parallel-callbacks', { p: 'x'.repeat(KiB256) })).rejects.toBeInstanceOf(ValidationException);
    const arn = (await sfn.send(new StartExecutionCommand({ stateMachineArn: host.stateMachineArn('parallel-callbacks'), input: exact }))).executionArn!;
    await sfn.send(new StopExecutionCommand({ executionArn: arn }));
  });

  it('refuses a SendTaskSuccess output over 256 KiB, or not JSON, with InvalidOutput, and the task stays open', async () => {
    const arn = await start('parallel-callbacks', { caseId: 'big-out' });
    const token = await tokenFor('big-out', 'supervision');
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ p: 'x'.repeat(KiB256) }) }))).rejects.toBeInstanceOf(
      InvalidOutput,
    );
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{not json' }))).rejects.toBeInstanceOf(InvalidOutput);
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"ok":1}' }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: await tokenFor('big-out', 'registration'), output: '{"ok":2}' }));
    expect((await finished(arn)).status).toBe('SUCCEEDED');
  });

  it("fails the execution with States.DataLimitExceeded when a task's result is over 256 KiB, whatever its catchers", async () => {
    const d = await finished(await start('data-limit', { bytes: 300_000 }));
    expect(d).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    expect(d.cause).toMatch(/^The state\/task 'Big[AB]' returned a result with a size exceeding the maximum number of bytes service limit\.$/);
  });

  it("fails the execution with States.DataLimitExceeded when a state's output is over 256 KiB", async () => {
    const d = await finished(await start('data-limit', { bytes: 150_000 }));
    expect(d).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    expect(d.cause).toBe("The state/task 'Both' returned a result with a size exceeding the maximum number of bytes service limit.");
  });
});

describe('time owned by the endpoint', () => {
  it('waits on a TimestampPath until the host clock passes it', async () => {
    const dueAt = new Date(host.clock.now().getTime() + 3 * DAY).toISOString();
    const arn = await start('timers', { caseId: 'w1', dueAt });
    await new Promise((r) => setTimeout(r, 400));
    expect(asked.some((a) => a.caseId === 'w1')).toBe(false);
    await host.clock.advance(2 * DAY);
    await new Promise((r) => setTimeout(r, 300));
    expect(asked.some((a) => a.caseId === 'w1')).toBe(false);
    await host.clock.advance(1 * DAY + 1000);
    const token = await tokenFor('w1', 'decision');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ approved: true }) }));
    expect(JSON.parse((await finished(arn)).output!)).toEqual({ outcome: 'decided', decision: { approved: true } });
    const types = (await history(arn)).map((e) => e.type);
    expect(types).toContain('WaitStateEntered');
  });

  it('times out a 40-day callback when the clock passes 40 days, and the Catch escalates', async () => {
    const arn = await start('timers', { caseId: 'w40', dueAt: host.clock.now().toISOString() });
    const token = await tokenFor('w40', 'decision');
    await host.clock.advance(39 * DAY);
    await new Promise((r) => setTimeout(r, 200));
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe('RUNNING');
    await host.clock.advance(1 * DAY + 1000);
    const d = await finished(arn);
    expect(JSON.parse(d.output!)).toEqual({ outcome: 'escalated', error: 'States.Timeout' });
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('takes a callback’s timeout from its input (TimeoutSecondsPath), unseen by the target, and ends the execution with States.Runtime, past every Catch, when the input gives no valid timeout', async () => {
    const arn = await start('due-date', { caseId: 'tp1', dueInSeconds: (3 * DAY) / 1000 });
    await tokenFor('tp1', 'due');
    expect(asked.find((a) => a.caseId === 'tp1')).not.toHaveProperty('__bianzhiTimeoutSeconds');
    await host.clock.advance(3 * DAY - 60_000);
    await new Promise((r) => setTimeout(r, 200));
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe('RUNNING');
    await host.clock.advance(61_000);
    expect(JSON.parse((await finished(arn)).output!)).toEqual({ outcome: 'escalated', error: 'States.Timeout' });
    const scheduled = (await history(arn)).find((e) => e.type === 'TaskScheduled');
    expect(scheduled?.taskScheduledEventDetails?.timeoutInSeconds).toBe((3 * DAY) / 1000);
    const bad = await start('due-date', { caseId: 'tp2', dueInSeconds: 0 });
    expect(await finished(bad)).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });

  it('keeps a task alive while heartbeats arrive and fails it when they stop', async () => {
    const arn = await start('heartbeat', { caseId: 'h1' });
    const token = await tokenFor('h1', 'rectify');
    for (let i = 0; i < 3; i++) {
      await host.clock.advance(50 * 60_000);
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    }
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe('RUNNING');
    await host.clock.advance(61 * 60_000);
    const d = await finished(arn);
    expect(JSON.parse(d.output!)).toEqual({ lapsed: 'States.HeartbeatTimeout' });
    await expect(sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }))).rejects.toBeInstanceOf(TaskTimedOut);
  });
});

describe('executions as operators see them', () => {
  it('StartExecution is idempotent by name and input while running, like AWS', async () => {
    const a = await start('parallel-callbacks', { caseId: 'n1' }, 'plan-42-r1');
    const b = await start('parallel-callbacks', { caseId: 'n1' }, 'plan-42-r1');
    expect(b).toBe(a);
    await expect(start('parallel-callbacks', { caseId: 'other' }, 'plan-42-r1')).rejects.toBeInstanceOf(ExecutionAlreadyExists);
    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: host.stateMachineArn('parallel-callbacks'), statusFilter: 'RUNNING' }));
    expect(listed.executions?.filter((e) => e.name === 'plan-42-r1')).toHaveLength(1);
    await sfn.send(new StopExecutionCommand({ executionArn: a, error: 'Withdrawn', cause: 'department withdrew' }));
    const d = await finished(a);
    expect(d).toMatchObject({ status: 'ABORTED' });
    await expect(start('parallel-callbacks', { caseId: 'n1' }, 'plan-42-r1')).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('redrives a failed execution from the state that failed', async () => {
    const asl = JSON.parse(fixtureAsl('retry-catch'));
    delete asl.States.Flaky.Retry;
    delete asl.States.Flaky.Catch;
    delete asl.States.Escalate;
    const withoutRetry = JSON.stringify(asl);
    host.sfn.createStateMachine('no-retry', withoutRetry, { Flaky: 'flaky' });
    flakyOutcomes = ['Fatal'];
    flakyCalls.length = 0;
    const arn = (await sfn.send(new StartExecutionCommand({ stateMachineArn: host.sfn.arnOfMachine('no-retry'), input: '{"caseId":"rd"}' }))).executionArn!;
    const failed = await finished(arn);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'Fatal' });
    await sfn.send(new RedriveExecutionCommand({ executionArn: arn }));
    const d = await finished(arn);
    expect(d).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(flakyCalls).toEqual(['Fatal', 'ok']);
    const types = (await history(arn)).map((e) => e.type);
    expect(types.indexOf('ExecutionFailed')).toBeLessThan(types.indexOf('ExecutionRedriven'));
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    expect(new Set((await history(arn)).map((e) => e.id)).size).toBe(types.length);
  });
});

describe('redrive as AWS allows it', () => {
  const failingAsl = () => {
    const asl = JSON.parse(fixtureAsl('retry-catch'));
    delete asl.States.Flaky.Retry;
    delete asl.States.Flaky.Catch;
    delete asl.States.Escalate;
    return asl;
  };
  const startOn = async (machine: string, input: unknown) =>
    (await sfn.send(new StartExecutionCommand({ stateMachineArn: host.sfn.arnOfMachine(machine), input: JSON.stringify(input) }))).executionArn!;

  it('refuses a SUCCEEDED or RUNNING execution with ExecutionNotRedrivable and says why, as DescribeExecution does', async () => {
    flakyOutcomes = [];
    const succeeded = await startOn('no-retry', { caseId: 'rd-ok' });
    expect((await finished(succeeded)).status).toBe('SUCCEEDED');
    await expect(sfn.send(new RedriveExecutionCommand({ executionArn: succeeded }))).rejects.toMatchObject({
      name: 'ExecutionNotRedrivable',
      message: 'Execution is SUCCEEDED and cannot be redriven.',
    });
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn: succeeded }))).toMatchObject({
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven.',
    });
    const running = await start('parallel-callbacks', { caseId: 'rd-running' });
    await expect(sfn.send(new RedriveExecutionCommand({ executionArn: running }))).rejects.toBeInstanceOf(ExecutionNotRedrivable);
    await expect(sfn.send(new RedriveExecutionCommand({ executionArn: running }))).rejects.toMatchObject({
      message: 'Execution is RUNNING and cannot be redriven.',
    });
    await sfn.send(new StopExecutionCommand({ executionArn: running }));
  });

  it('redrives on the definition the execution started with, not the one the state machine has now', async () => {
    host.sfn.createStateMachine('versioned', JSON.stringify(failingAsl()), { Flaky: 'flaky' });
    flakyOutcomes = ['Fatal'];
    flakyCalls.length = 0;
    const arn = await startOn('versioned', { caseId: 'rd-v1' });
    expect(await finished(arn)).toMatchObject({ status: 'FAILED', error: 'Fatal' });
    // The state machine is updated: its Flaky step no longer calls the function.
    const v2 = failingAsl();
    v2.States.Flaky = { Type: 'Pass', Result: { version: 2 }, Next: 'Done' };
    host.sfn.createStateMachine('versioned', JSON.stringify(v2), {});
    await sfn.send(new RedriveExecutionCommand({ executionArn: arn }));
    const d = await finished(arn);
    expect(d.status).toBe('SUCCEEDED');
    expect(flakyCalls).toEqual(['Fatal', 'ok']);
    expect(JSON.parse(d.output!)).not.toEqual({ version: 2 });
  });

  it('refuses a redrive more than 14 days after the execution closed, on the host clock', async () => {
    flakyOutcomes = ['Fatal', 'Fatal'];
    const late = await startOn('no-retry', { caseId: 'rd-late' });
    const inTime = await startOn('no-retry', { caseId: 'rd-in-time' });
    await finished(late);
    await finished(inTime);
    await host.clock.advance(13 * DAY);
    flakyOutcomes = [];
    await sfn.send(new RedriveExecutionCommand({ executionArn: inTime }));
    expect((await finished(inTime)).status).toBe('SUCCEEDED');
    await host.clock.advance(1 * DAY + 60_000);
    await expect(sfn.send(new RedriveExecutionCommand({ executionArn: late }))).rejects.toMatchObject({
      name: 'ExecutionNotRedrivable',
      message: 'Execution redrivable period exceeded.',
    });
    expect(await sfn.send(new DescribeExecutionCommand({ executionArn: late }))).toMatchObject({
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution redrivable period exceeded.',
    });
  });
});

describe('the API model', () => {
  it('answers every GetExecutionHistory and DescribeExecution of this file with AWS event types and members only', async () => {
    const problems: string[] = [];
    for (const { stateMachineArn } of host.sfn.listStateMachines()) {
      for (const { executionArn } of host.sfn.listExecutions({ stateMachineArn, maxResults: 1000 }).executions) {
        problems.push(...problemsAgainst(DescribeExecutionOutput$, host.sfn.describeExecution(executionArn), executionArn));
        for (const event of host.sfn.getExecutionHistory({ executionArn, maxResults: 1000 }).events) {
          problems.push(...historyEventProblems(HistoryEvent$, event).map((p) => `${executionArn}: ${p}`));
        }
      }
    }
    expect([...new Set(problems.map((p) => p.replace(/^.*?: (event \d+ )?/, '')))]).toEqual([]);
  });
});
