import { drawInspections, getDraw } from '../../shared/data/inspections.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { scheduledJob } from '../../shared/jobs/scheduled-job.ts';

const actor = { userId: 'inspection-draw-job', role: 'system', requestId: 'inspection-draw' };

/**
 * The yearly draw of the annual special inspection (R-SUP-5), with a random seed recorded with
 * it. A year drawn already (on demand by the supervision section, or by an earlier delivery) is
 * left as it is; one cut off half-way is finished with its recorded seed.
 */
export const handler = scheduledJob('inspection-draw', async (asOf) => {
  const year = Number(todayInShanghai(asOf).slice(0, 4));
  const existing = await getDraw(year);
  if (existing?.status === 'drawn') return { year, drawn: false, seed: existing.seed };
  const draw = await drawInspections(year, { seed: existing?.seed }, actor);
  return { year, drawn: true, seed: draw.seed, populations: draw.populations };
});
