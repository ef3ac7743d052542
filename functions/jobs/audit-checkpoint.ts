import { writeCheckpoint } from '../../shared/audit/checkpoint.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { scheduledJob } from '../../shared/jobs/scheduled-job.ts';

/** Seals every audit chain head once a day (the office's calendar day of the scheduled time). */
export const handler = scheduledJob('audit-checkpoint', async (asOf) => {
  const c = await writeCheckpoint(todayInShanghai(asOf));
  return { day: c.day, chains: Object.keys(c.heads).length, hash: c.hash };
});
