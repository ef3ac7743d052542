/**
 * The embedded host with the fixture state machines and functions, run as its own process by
 * the restart tests (`node --import tsx test/support/fixture-host.ts`). The functions write what
 * they were asked to a file in the data directory, which survives a SIGKILL.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startHost } from '../../infra/local/host.ts';
import { fixtureAsl } from './host.ts';

const dataDir = process.env.BIANZHI_DATA_DIR!;
/** FIXTURE_VARIANT=2 registers single-callback with another last state, as a new deployment would. */
const singleCallback = () => {
  const asl = JSON.parse(fixtureAsl('single-callback'));
  if (process.env.FIXTURE_VARIANT === '2') asl.States.Decided.Parameters.outcome = 'decided-by-v2';
  return JSON.stringify(asl);
};
const log = (file: string, line: unknown) => appendFileSync(join(dataDir, file), `${JSON.stringify(line)}\n`);

const host = await startHost({
  apiPort: Number(process.env.PORT),
  sfnPort: Number(process.env.SFN_PORT),
  ddbPort: Number(process.env.DDB_PORT),
  dataDir,
  seedDemo: true,
  extraFunctions: {
    collector: async (event) => {
      const e = event as { caseId: string; branch: string; taskToken: string; index?: number };
      log('calls.jsonl', { fn: 'collector', caseId: e.caseId, branch: e.branch, index: e.index });
      log('asked.jsonl', e);
      return { delivered: true };
    },
    slow: async (event) => {
      const e = event as { caseId: string };
      log('calls.jsonl', { fn: 'slow', caseId: e.caseId, phase: 'start' });
      await sleep(Number(process.env.SLOW_MS ?? 3000));
      log('calls.jsonl', { fn: 'slow', caseId: e.caseId, phase: 'end' });
      return { slowDone: e.caseId };
    },
  },
  extraStateMachines: [
    { name: 'single-callback', asl: singleCallback(), functionSubstitutions: { Collector: 'collector' } },
    { name: 'parallel-callbacks', asl: fixtureAsl('parallel-callbacks'), functionSubstitutions: { Collector: 'collector' } },
    { name: 'map-callbacks', asl: fixtureAsl('map-callbacks'), functionSubstitutions: { Collector: 'collector' } },
    { name: 'slow-task', asl: fixtureAsl('slow-task'), functionSubstitutions: { Slow: 'slow' } },
  ],
});
console.log(`fixture host ready, resumed ${host.resumedExecutions}`);
process.once('SIGTERM', async () => {
  await host.stop();
  process.exit(0);
});
