/** `npm run clock -- +30d` moves the embedded host's clock forward; `npm run clock` shows it. */
import { callLocalAdmin, fail } from './local-admin.ts';

const arg = process.argv[2];
const out = await (arg ? callLocalAdmin('POST', '/_local/clock', { advance: arg }) : callLocalAdmin('GET', '/_local/clock')).catch(fail);
console.log(`embedded clock: ${out.now}`);
