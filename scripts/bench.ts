/**
 * `npm run bench`: speed of the embedded host on this machine. Bounded loops, loopback only.
 * Prints a table; timing goals live here, never in tests.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeExecutionCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startHost } from '../infra/local/host.ts';
import { freePort } from '../test/support/host.ts';

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
} finally {
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

const w = Math.max(...rows.map((r) => r[0].length));
console.log(`\nbianzhi bench (${new Date().toISOString()}, ${process.version})`);
for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
