import { lapseReservation, lapsingPage } from '../../shared/data/reservations.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { forEachEntry, scheduledJob } from '../../shared/jobs/scheduled-job.ts';

const actor = { userId: 'reservation-lapse-job', role: 'system', requestId: 'reservation-lapse' };

/**
 * Releases the unused slots of every approved plan whose notice expired before the scheduled
 * day (Beijing time), audited, and tells the unit. Everything due as of then, however many runs
 * were missed, page by page; an entry that fails is reported and the others still run; a second
 * delivery finds nothing left to do.
 */
export const handler = scheduledJob('reservation-lapse', async (asOf) => {
  let released = 0;
  const run = await forEachEntry(
    (start) => lapsingPage(todayInShanghai(asOf), start),
    async (entry) => {
      released += (await lapseReservation(entry, actor)).released;
    },
    (entry) => ({ planId: entry.planId }),
  );
  return { plans: run.done, failed: run.failed, released };
});
