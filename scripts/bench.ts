/**
 * `npm run bench`: speed of the embedded host on this machine. Bounded loops, loopback only.
 * Prints a table; timing goals live here, never in tests. `npm run bench -- --city` also times
 * the import of the full demo city (about 40 s).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startHost } from '../infra/local/host.ts';
import { freePort } from '../test/support/host.ts';
import { makeNationalId, makeUscc } from '../test/support/codes.ts';
import { ddb } from '../shared/data/ddb.ts';
import { importFiles } from '../shared/import/run-import.ts';
import { generateDemoCity } from '../infra/local/demo-city.ts';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
const rows: [string, string][] = [];

const dataDir = mkdtempSync(join(tmpdir(), 'bianzhi-bench-'));
const tokens: { caseId: string; taskToken: string }[] = [];
const t0 = performance.now();
const host = await startHost({
  apiPort: 0,
  sfnPort: 0,
  ddbPort: await freePort(),
  dataDir,
  inMemory: true,
  seedDemo: true,
  extraFunctions: { collector: async (e) => void tokens.push(e as never) },
  extraStateMachines: [
    { name: 'bench-parallel', asl: readFileSync('test/fixtures/statemachines/parallel-callbacks.asl.json', 'utf8'), functionSubstitutions: { Collector: 'collector' } },
  ],
});
rows.push(['host start (in-memory DynamoDB Local, demo users) to ready', ms(performance.now() - t0)]);

try {
  const admin = await host.issuer.sign('demo-admin');
  const get = (path: string) => fetch(`${host.apiUrl}${path}`, { headers: { authorization: `Bearer ${admin}` } }).then((r) => r.text());

  const seq: number[] = [];
  for (let i = 0; i < 300; i++) {
    const s = performance.now();
    await get('/me');
    seq.push(performance.now() - s);
  }
  rows.push(['GET /me sequential (300): p50 / p95 / p99', `${ms(pct(seq, 50))} / ${ms(pct(seq, 95))} / ${ms(pct(seq, 99))}`]);

  const N = 600;
  const C = 32;
  let next = 0;
  const s1 = performance.now();
  await Promise.all(Array.from({ length: C }, async () => { while (next++ < N) await get('/me'); }));
  rows.push([`GET /me, ${C} in flight (${N}): throughput`, `${(N / ((performance.now() - s1) / 1000)).toFixed(0)} req/s`]);

  const writes: number[] = [];
  for (let i = 0; i < 100; i++) {
    const s = performance.now();
    const r = await fetch(`${host.apiUrl}/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: `bench-${i}`, displayName: 'bench', role: 'audit' }),
    });
    if (r.status !== 201) throw new Error(`POST /users → ${r.status}`);
    writes.push(performance.now() - s);
  }
  rows.push(['POST /users (one audited transaction) sequential (100): p50 / p95', `${ms(pct(writes, 50))} / ${ms(pct(writes, 95))}`]);

  const sfn = new SFNClient({ endpoint: host.sfnUrl, region: 'cn-local-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const rounds: number[] = [];
  for (let i = 0; i < 50; i++) {
    const caseId = `b${i}`;
    const s = performance.now();
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: host.stateMachineArn('bench-parallel'), input: JSON.stringify({ caseId }) }),
    );
    for (;;) {
      const mine = tokens.filter((t) => t.caseId === caseId);
      if (mine.length === 2) {
        for (const t of mine) await sfn.send(new SendTaskSuccessCommand({ taskToken: t.taskToken, output: '{}' }));
        break;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    for (;;) {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (d.status !== 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 2));
    }
    rounds.push(performance.now() - s);
  }
  rows.push(['workflow: start → 2 parallel callbacks answered → succeeded (50): p50 / p95', `${ms(pct(rounds, 50))} / ${ms(pct(rounds, 95))}`]);

  // One roster write over HTTP: which DynamoDB calls it makes.
  const section = await host.issuer.sign('demo-section');
  const egov = await host.issuer.sign('demo-egov');
  const post = (path: string, token: string, body: unknown, method = 'POST') =>
    fetch(`${host.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await post('/organizations', section, { orgId: 'bench-org', name: '基准测试局', kind: 'organ', fundingForm: 'fullFunding', uscc: makeUscc('1', 9001), legalPersonStatus: 'registered', documentNumber: '咸编发〔2026〕1号', effectiveDate: '2026-01-01' });
  await post('/organizations/bench-org/quotas/administrative', section, { approved: 500, documentNumber: '咸编发〔2026〕1号', effectiveDate: '2026-01-01' }, 'PUT');
  const calls: string[] = [];
  ddb().middlewareStack.add((next, context) => async (args) => {
    calls.push(String(context.commandName));
    return next(args);
  }, { step: 'initialize', name: 'benchCounter' });
  const intake: number[] = [];
  for (let i = 0; i < 100; i++) {
    if (i === 1) calls.length = 0;
    const s = performance.now();
    const r = await post('/organizations/bench-org/people', egov, { nationalId: makeNationalId('1990-01-01', 2 * i + 1), name: '测试员', quotaType: 'administrative', onRollSince: '2026-02-01' });
    if (r.status !== 201) throw new Error(`intake → ${r.status} ${await r.text()}`);
    intake.push(performance.now() - s);
  }
  const perWrite = calls.length / 99;
  const kinds = [...new Set(calls)].map((k) => `${k} ×${(calls.filter((c) => c === k).length / 99).toFixed(0)}`).join(', ');
  rows.push(['POST …/people (roster intake) sequential (100): p50 / p95', `${ms(pct(intake, 50))} / ${ms(pct(intake, 95))}`]);
  rows.push(['DynamoDB round trips per roster intake (incl. the user lookup)', `${perWrite.toFixed(0)}: ${kinds}`]);
  // One on-establishment against an approved plan: its DynamoDB calls.
  const dept = await host.issuer.sign('demo-department');
  await post('/users/demo-department', admin, { organizationId: 'bench-org', reason: 'bench' }, 'PATCH');
  const planRes = await (await fetch(`${host.apiUrl}/plans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${dept}`, 'content-type': 'application/json', 'idempotency-key': 'bench-plan-0001' },
    // Under 10 slots: one section approves (10 or more also needs the supervision section).
    body: JSON.stringify({ orgId: 'bench-org', quotaType: 'administrative', count: 9, channel: 'publicRecruitment', reason: '基准测试用编计划' }),
  })).json() as { planId: string };
  let taskId: string | undefined;
  const giveUp = Date.now() + 30_000;
  while (!taskId) {
    if (Date.now() > giveUp) throw new Error('bench: the approval task never appeared');
    const tasks = (await (await fetch(`${host.apiUrl}/tasks`, { headers: { authorization: `Bearer ${section}` } })).json()) as { items: { taskId: string; planId: string }[] };
    taskId = tasks.items.find((t) => t.planId === planRes.planId)?.taskId;
    if (!taskId) await new Promise((r) => setTimeout(r, 20));
  }
  await post(`/tasks/${taskId}/decision`, section, { decision: 'approve', opinion: '同意' });
  for (;;) {
    if (Date.now() > giveUp) throw new Error('bench: the plan was never approved');
    const p = (await (await fetch(`${host.apiUrl}/plans/${planRes.planId}`, { headers: { authorization: `Bearer ${section}` } })).json()) as { status: string };
    if (p.status === 'approved') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  calls.length = 0;
  const onboard: number[] = [];
  for (let i = 0; i < 9; i++) {
    if (i === 1) calls.length = 0;
    const s = performance.now();
    const r = await post(`/organizations/bench-org/plans/${planRes.planId}/people`, dept, { nationalId: makeNationalId('1993-02-02', 501 + 2 * i), name: '新进人员', onRollSince: '2026-11-20' });
    if (r.status !== 201) throw new Error(`onboard → ${r.status} ${await r.text()}`);
    onboard.push(performance.now() - s);
  }
  const perOnboard = calls.length / 8;
  const onboardKinds = [...new Set(calls)].map((k) => `${k} ×${(calls.filter((c) => c === k).length / 8).toFixed(0)}`).join(', ');
  rows.push(['POST …/plans/{planId}/people (on-establishment) sequential (9): p50 / p95', `${ms(pct(onboard, 50))} / ${ms(pct(onboard, 95))}`]);
  rows.push(['DynamoDB round trips per on-establishment (incl. the user lookup)', `${perOnboard.toFixed(0)}: ${onboardKinds}`]);

  if (process.argv.includes('--city')) {
    const city = generateDemoCity('full', '2026-11-29');
    const s = performance.now();
    const report = await importFiles(
      [
        { name: 'organizations.csv', content: city.organizations },
        { name: 'people.csv', content: city.people },
      ],
      { actor: { userId: 'bench', role: 'officeAdmin', requestId: 'bench' } },
    );
    rows.push([`import of the demo city (${report.rows.organizations} organizations, ${report.rows.people} people; in-memory DynamoDB Local)`, ms(performance.now() - s)]);
  }
} finally {
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

const w = Math.max(...rows.map((r) => r[0].length));
console.log(`\nbianzhi bench (${new Date().toISOString()}, ${process.version})`);
for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
