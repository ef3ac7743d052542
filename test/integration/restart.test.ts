/**
 * A restart of the embedded host loses no execution, token or deadline: the host runs as a
 * child process and is killed with SIGKILL at the moments that matter, then started again on
 * the same data directory.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIssuer } from '../../infra/local/issuer.ts';
import { makeUscc } from '../support/codes.ts';
import { eventually, freePort } from '../support/host.ts';

const DAY = 86_400_000;
let dataDir: string;
let ports: { api: number; sfn: number; ddb: number };
let child: ChildProcess | undefined;
let output = '';
let sfn: SFNClient;

const startChild = async (extraEnv: Record<string, string> = {}) => {
  output = '';
  child = spawn(process.execPath, ['--import', 'tsx', 'test/support/fixture-host.ts'], {
    env: { ...process.env, BIANZHI_DATA_DIR: dataDir, PORT: String(ports.api), SFN_PORT: String(ports.sfn), DDB_PORT: String(ports.ddb), ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await eventually(
    () => (output.includes('fixture host ready') ? true : child!.exitCode !== null ? Promise.reject(new Error(output)) : undefined),
    'the fixture host',
    60_000,
  );
};

const kill = async () => {
  const c = child!;
  const exited = new Promise((r) => c.once('exit', r));
  c.kill('SIGKILL');
  await exited;
  child = undefined;
};

const lines = (file: string): any[] =>
  existsSync(join(dataDir, file))
    ? readFileSync(join(dataDir, file), 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
const tokenFor = (caseId: string, branch: string) =>
  eventually(() => lines('asked.jsonl').find((a) => a.caseId === caseId && a.branch === branch)?.taskToken as string | undefined, `token ${caseId}/${branch}`);
const calls = (pred: (c: any) => boolean) => lines('calls.jsonl').filter(pred).length;

const arnOf = (machine: string) => `arn:aws:states:cn-local-1:000000000000:stateMachine:${machine}`;
const start = async (machine: string, input: unknown) =>
  (await sfn.send(new StartExecutionCommand({ stateMachineArn: arnOf(machine), input: JSON.stringify(input), name: `${machine}-${(input as any).caseId}` })))
    .executionArn!;
const finished = (executionArn: string) =>
  eventually(
    async () => {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === 'RUNNING' ? undefined : d;
    },
    `${executionArn} to finish`,
    30_000,
  );
/** Waits until `n` tokens of the execution are in their targets' hands (TaskSubmitted). */
const submitted = (executionArn: string, n: number) =>
  eventually(async () => {
    const events = (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
    return events.filter((e) => e.type === 'TaskSubmitted').length >= n ? true : undefined;
  }, `${n} submitted task(s) in ${executionArn}`);
const answer = (token: string, output: unknown) => sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bianzhi-restart-'));
  ports = { api: await freePort(), sfn: await freePort(), ddb: await freePort() };
  sfn = new SFNClient({ endpoint: `http://127.0.0.1:${ports.sfn}`, region: 'cn-local-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await startChild();
}, 90_000);

afterAll(async () => {
  if (child) await kill();
  // A SIGKILLed host cannot stop its DynamoDB Local; a next start would, but none follows here.
  const pidFile = join(dataDir, 'dynamodb.pid');
  if (existsSync(pidFile)) {
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('SIGKILL and restart', () => {
  it('resumes a top-level callback, a half-answered Parallel, a half-answered Map and a Lambda cut off mid-run', async () => {
    // (a) a callback waiting at the top level
    const a = await start('single-callback', { caseId: 'a' });
    const tokenA = await tokenFor('a', 'decision');
    // (b) one Parallel branch answered, the other waiting
    const b = await start('parallel-callbacks', { caseId: 'b' });
    const tokenB1 = await tokenFor('b', 'supervision');
    const tokenB2 = await tokenFor('b', 'registration');
    await answer(tokenB2, { ok: 'registered' });
    // (c) a Map of three callbacks, two answered
    const c = await start('map-callbacks', { caseId: 'c', sections: ['organs', 'institutions', 'supervision'] });
    const tokensC = await Promise.all(['organs', 'institutions', 'supervision'].map((s) => tokenFor('c', s)));
    await answer(tokensC[0]!, { i: 0 });
    await answer(tokensC[2]!, { i: 2 });
    // (d) a Lambda task in the middle of its run
    const d = await start('slow-task', { caseId: 'd' });
    await eventually(() => (calls((x) => x.fn === 'slow' && x.phase === 'start') === 1 ? true : undefined), 'the slow step to start');
    await Promise.all([submitted(a, 1), submitted(b, 2), submitted(c, 3)]);

    await kill();
    await startChild();
    expect(output).toMatch(/resumed 4/);
    const resumedLines = output
      .split('\n')
      .flatMap((l) => {
        try {
          return [JSON.parse(l)];
        } catch {
          return [];
        }
      })
      .filter((l) => l.message === 'execution resumed after a restart of the embedded host');

    // The same tokens are accepted after the restart.
    await answer(tokenA, { approved: true });
    await answer(tokenB1, { ok: 'no open problems' });
    await answer(tokensC[1]!, { i: 1 });

    expect(JSON.parse((await finished(a)).output!)).toEqual({ outcome: 'decided', caseId: 'a', decision: { approved: true } });
    expect(JSON.parse((await finished(b)).output!)).toEqual({ decision: 'approved', opinions: [{ ok: 'no open problems' }, { ok: 'registered' }] });
    expect(JSON.parse((await finished(c)).output!)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    const dd = await finished(d);
    expect(dd.status).toBe('SUCCEEDED');
    expect(JSON.parse(dd.output!)).toEqual({ result: { slowDone: 'd' } });

    // No handler ran twice for a step already recorded: every token was delivered once.
    for (const [caseId, branch] of [
      ['a', 'decision'],
      ['b', 'supervision'],
      ['b', 'registration'],
      ['c', 'organs'],
      ['c', 'institutions'],
      ['c', 'supervision'],
    ]) {
      expect(
        calls((x) => x.fn === 'collector' && x.caseId === caseId && x.branch === branch),
        `${caseId}/${branch}`,
      ).toBe(1);
    }
    // The cut-off invocation was lost and retried under the state's Retry policy, once.
    expect(calls((x) => x.fn === 'slow' && x.phase === 'start')).toBe(2);
    expect(calls((x) => x.fn === 'slow' && x.phase === 'end')).toBe(1);

    // One continuous history across the restart.
    const events = (await sfn.send(new GetExecutionHistoryCommand({ executionArn: b, maxResults: 1000 }))).events!;
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types.at(-1)).toBe('ExecutionSucceeded');
    // AWS has no event for a restart of the embedded host: it is told in the host's log instead.
    expect(types).not.toContain('ExecutionResumed');
    expect(resumedLines.some((l) => l.executionArn === b && l.state === 'JointReview')).toBe(true);
    expect(types.filter((t) => t === 'TaskSucceeded')).toHaveLength(2);
  }, 120_000);

  it('fires a 10-day callback timeout that fell due while the host was down', async () => {
    const e = await start('single-callback', { caseId: 'e' });
    const token = await tokenFor('e', 'decision');
    await submitted(e, 1);
    await kill();
    // Ten days and a bit pass while the host is down.
    const clockFile = join(dataDir, 'clock.json');
    const offset = existsSync(clockFile) ? JSON.parse(readFileSync(clockFile, 'utf8')).offsetMs : 0;
    writeFileSync(clockFile, JSON.stringify({ offsetMs: offset + 10 * DAY + 60_000 }));
    await startChild();
    const out = await finished(e);
    expect(JSON.parse(out.output!)).toEqual({ outcome: 'escalated', caseId: 'e', error: 'States.Timeout' });
    await expect(answer(token, {})).rejects.toMatchObject({ name: 'TaskTimedOut' });
    expect(calls((x) => x.fn === 'collector' && x.caseId === 'e')).toBe(1);
  }, 120_000);

  it('carries on, after a restart, on the definition the execution started with, though its state machine has changed', async () => {
    const f = await start('single-callback', { caseId: 'f' });
    const token = await tokenFor('f', 'decision');
    await submitted(f, 1);
    await kill();
    await startChild({ FIXTURE_VARIANT: '2' });
    await answer(token, { approved: true });
    expect(JSON.parse((await finished(f)).output!)).toEqual({ outcome: 'decided', caseId: 'f', decision: { approved: true } });
    // A new execution runs on the new definition.
    const g = await start('single-callback', { caseId: 'g' });
    await answer(await tokenFor('g', 'decision'), { approved: true });
    expect(JSON.parse((await finished(g)).output!)).toMatchObject({ outcome: 'decided-by-v2' });
  }, 120_000);

  it('loses nothing of a staffing plan waiting for approval when the host restarts', async () => {
    const issuer = await loadIssuer(dataDir);
    const api = async (method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`http://127.0.0.1:${ports.api}${path}`, {
        method,
        headers: { authorization: `Bearer ${await issuer.sign(user)}`, 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return (await res.json()) as any;
    };
    const DOC = '咸编发〔2026〕7号';
    await api('POST', '/organizations', 'demo-section', {
      orgId: 'restart-org',
      name: '重启测试局',
      kind: 'organ',
      fundingForm: 'fullFunding',
      uscc: makeUscc('1', 990),
      legalPersonStatus: 'registered',
      documentNumber: DOC,
      effectiveDate: '2026-01-01',
    });
    await api('PUT', '/organizations/restart-org/quotas/administrative', 'demo-section', { approved: 4, documentNumber: DOC, effectiveDate: '2026-01-01' });
    await api('PATCH', '/users/demo-department', 'demo-admin', { organizationId: 'restart-org', reason: 'restart test' });
    const plan = await api(
      'POST',
      '/plans',
      'demo-department',
      { orgId: 'restart-org', quotaType: 'administrative', count: 2, channel: 'publicRecruitment', reason: '重启前提交的计划' },
      { 'idempotency-key': 'restart-plan-1' },
    );
    const task = await eventually(
      async () => (await api('GET', '/tasks', 'demo-section')).items?.find((t: any) => t.planId === plan.planId),
      'the approval task',
    );

    await kill();
    await startChild();

    const decided = await api('POST', `/tasks/${task.taskId}/decision`, 'demo-section', { decision: 'approve', opinion: '重启后同意' });
    expect(decided.status).toBe('decided');
    const approved = await eventually(async () => {
      const p = await api('GET', `/plans/${plan.planId}`, 'demo-section');
      return p.status === 'approved' ? p : undefined;
    }, 'the plan to be approved after the restart');
    expect(approved.notice).toMatchObject({ reserved: 2, used: 0 });
    expect((await api('GET', '/organizations/restart-org', 'demo-section')).establishment).toMatchObject({
      reserved: { administrative: 2 },
      vacancy: { administrative: 2 },
    });
  }, 120_000);
});
