/**
 * Fixture functions declared as the manifest declares real ones (entry module, own timeout), so
 * a test runs them exactly as the embedded host runs the application's functions.
 */
import type { FunctionDecl, Manifest } from '../../shared/manifest-types.ts';

export const FIXTURE_FUNCTIONS: FunctionDecl[] = [
  { id: 'sleepy', description: 'fixture: sleeps as asked, 1 s timeout', entry: 'test/fixtures/functions/sleepy.ts', tables: {}, timeoutSeconds: 1 },
  { id: 'sleepyLong', description: 'fixture: sleeps as asked, 60 s timeout', entry: 'test/fixtures/functions/sleepy.ts', tables: {}, timeoutSeconds: 60 },
  { id: 'sleepyDefault', description: 'fixture: sleeps as asked, no timeout declared', entry: 'test/fixtures/functions/sleepy.ts', tables: {} },
  {
    id: 'oversized',
    description: 'fixture: answers with as many bytes as asked',
    entry: 'test/fixtures/functions/oversized.ts',
    tables: {},
    timeoutSeconds: 30,
  },
  { id: 'slowJob', description: 'fixture: a job that runs 3 s, 1 s timeout', entry: 'test/fixtures/functions/slow-job.ts', tables: {}, timeoutSeconds: 1 },
];

export const withFixtureFunctions = (m: Manifest): Manifest => ({ ...m, functions: [...m.functions, ...FIXTURE_FUNCTIONS] });
