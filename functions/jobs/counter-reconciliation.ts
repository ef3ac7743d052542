import { reconcileAll } from '../../shared/data/reconciliation.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { scheduledJob } from '../../shared/jobs/scheduled-job.ts';
import { logger } from '../../shared/log.ts';
import { emitMetric } from '../../shared/metrics.ts';

/**
 * Every night: each unit's counters recomputed from the records, the drift reported (metric
 * CounterDrift, alarmed at 1 or more, and the report at GET /reconciliation), and its warnings
 * synced again with its counters.
 */
export const handler = scheduledJob('counter-reconciliation', async (asOf) => {
  const report = await reconcileAll(todayInShanghai(asOf), asOf.toISOString());
  emitMetric('CounterDrift', report.driftCount);
  if (report.driftCount) logger.warn(`${report.driftCount} counter(s) disagree with their records`, { drift: report.drift.slice(0, 20) });
  const { drift: _d, ...summary } = report;
  return { ...summary, drift: report.drift.slice(0, 20) };
});
