import { scheduledJob } from '../../shared/jobs/scheduled-job.ts';

/**
 * Finds human steps that are due or overdue as of the scheduled time. The steps themselves
 * (matter stages, plan approvals) are recorded by the matter and staffing-plan workflows; until
 * those land there is nothing to sweep, and the job only proves its schedule and idempotency.
 */
export const handler = scheduledJob('deadline-sweep', async (asOf) => ({ asOf: asOf.toISOString(), due: 0, overdue: 0 }));
