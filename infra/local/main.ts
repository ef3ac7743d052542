/**
 * `npm start`: the whole system on this machine, with demo users, on 127.0.0.1.
 *   PORT (API, 3000), SFN_PORT (8083), DDB_PORT (8000); BIANZHI_IN_MEMORY=1 for a throwaway run;
 *   BIANZHI_DEMO_CITY=full|small|none (the demo city is loaded once, into an empty registry).
 */

import { progressReporter } from '../../shared/import/progress.ts';
import { DEMO_USERS } from './demo-users.ts';
import { JavaMissingError } from './dynamodb-local.ts';
import { startHost } from './host.ts';

const port = (name: string, def: number) => {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${name}=${v} is not a port number`);
    process.exit(2);
  }
  return n;
};

/** BIANZHI_DEMO_CITY=full (default: ~460 organizations, 15,000 people), small, or none. */
const demoCity = (): 'full' | 'small' | false => {
  const v = process.env.BIANZHI_DEMO_CITY ?? 'full';
  if (v === 'none') return false;
  if (v === 'full' || v === 'small') return v;
  console.error(`BIANZHI_DEMO_CITY=${v}: use full, small or none`);
  process.exit(2);
};

const started = Date.now();
// Signals during start-up are honoured once the host is up enough to stop cleanly.
let stopRequested = false;
let host: Awaited<ReturnType<typeof startHost>> | undefined;
const shutdown = async () => {
  stopRequested = true;
  if (!host) return;
  await host.stop();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

try {
  host = await startHost({
    apiPort: port('PORT', 3000),
    sfnPort: port('SFN_PORT', 8083),
    ddbPort: port('DDB_PORT', 8000),
    inMemory: process.env.BIANZHI_IN_MEMORY === '1' || process.argv.includes('--in-memory'),
    seedDemo: true,
    demoCity: demoCity(),
    log: (line) => console.log(line),
    demoCityProgress: progressReporter({ write: (s) => process.stdout.write(s), tty: process.stdout.isTTY === true, prefix: 'demo city: ' }),
  });
  if (stopRequested) await shutdown();
  const lines = [
    '',
    `bianzhi is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  API              ${host.apiUrl}   (docs: ${host.apiUrl}/docs, health: ${host.apiUrl}/health)`,
    `  Step Functions   ${host.sfnUrl}   (AWS_ENDPOINT_URL_SFN=${host.sfnUrl})`,
    `  DynamoDB Local   ${host.ddbEndpoint}`,
    `  Data             ${host.dataDir}`,
    `  Clock            ${host.clock.now().toISOString()}   (move it: npm run clock -- +30d)`,
    ...(host.resumedExecutions ? [`  Workflows        ${host.resumedExecutions} running execution(s) resumed after the last stop`] : []),
    '',
    'Demo tokens (12 h; another: npm run token -- --user <id>):',
  ];
  for (const u of DEMO_USERS) lines.push(`  ${u.role.padEnd(19)} ${u.userId.padEnd(22)} ${await host.issuer.sign(u.userId)}`);
  lines.push('', `Try: curl -H "Authorization: Bearer <token>" ${host.apiUrl}/me`, '');
  console.log(lines.join('\n'));
} catch (e) {
  if (e instanceof JavaMissingError) {
    console.error(e.message);
    process.exit(3);
  }
  if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`A port is in use (${(e as Error).message}). Set PORT, SFN_PORT or DDB_PORT, or stop the other process.`);
    process.exit(4);
  }
  throw e;
}
