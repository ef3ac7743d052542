import { plansRepo } from '../../shared/data/plans.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { scheduledJob } from '../../shared/jobs/scheduled-job.ts';

const actor = { userId: 'reservation-lapse-job', role: 'system', requestId: 'reservation-lapse' };

/**
 * Releases the unused slots of every approved plan whose notice expired before the scheduled
 * day (Beijing time), audited, and tells the unit. Everything due as of then, however many runs
 * were missed; a second delivery finds nothing left to do.
 */
export const handler = scheduledJob('reservation-lapse', async (asOf) => {
  const due = await plansRepo.lapsing(todayInShanghai(asOf));
  let released = 0;
  for (const entry of due) released += (await plansRepo.lapse(entry, actor)).released;
  return { plans: due.length, released };
});
