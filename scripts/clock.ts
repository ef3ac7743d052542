/** `npm run clock -- +30d` moves the embedded host's clock forward; `npm run clock` shows it. */
import { callLocalAdmin, fail } from './local-admin.ts';

const arg = process.argv[2];
if (arg === '--help' || arg === '-h') {
  console.log(`Usage: npm run clock              show the embedded host's clock
       npm run clock -- +30d      move it forward (30d, 12h, 1d6h, 90m); it never moves back

Deadlines, timeouts and schedules that come due fire as the clock passes them.`);
  process.exit(0);
}
if (arg?.startsWith('-')) fail(new Error(`${arg}: the clock only moves forward (e.g. +30d); --help for usage`));
const out = await (arg ? callLocalAdmin('POST', '/_local/clock', { advance: arg }) : callLocalAdmin('GET', '/_local/clock')).catch(fail);
console.log(`embedded clock: ${out.now}`);
