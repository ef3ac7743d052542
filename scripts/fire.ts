/** `npm run fire -- <scheduleId> [scheduledTime]` delivers one schedule now; without an id, lists them. */
import { callLocalAdmin, fail } from './local-admin.ts';

const [id, time] = process.argv.slice(2);
if (!id) {
  const list = await callLocalAdmin('GET', '/_local/schedules').catch(fail);
  for (const s of list) {
    const last = s.lastRun ? `  last ${s.lastRun.scheduledTime} ${s.lastRun.ok ? 'ok' : 'FAILED (see the host log)'}` : '';
    console.log(`${s.id.padEnd(24)} ${s.expression} ${s.timezone}  next ${s.next ?? '-'}${last}`);
  }
} else {
  const out = await callLocalAdmin('POST', '/_local/fire', { scheduleId: id, scheduledTime: time }).catch(fail);
  console.log(JSON.stringify(out.result, null, 2));
}
