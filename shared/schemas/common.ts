import * as z from './zod.ts';
import { named } from './zod.ts';

export const ErrorBody = named(
  'Error',
  z.object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      messageZh: z.string(),
      issues: z.optional(z.array(z.object({ path: z.string(), rule: z.string(), message: z.string(), messageZh: z.string() }))),
    }),
  }),
);

export const Health = named(
  'Health',
  z.object({
    /** `degraded` (answered with 503) when a store it depends on does not answer; advisory checks never make it so. */
    status: z.enum(['ok', 'degraded']),
    checks: z.record(
      z.string(),
      z.object({
        ok: z.boolean(),
        detail: z.optional(z.string()),
        /** Something an operator should see to while the API serves on (a year missing from the holiday calendar). */
        advisory: z.optional(z.boolean()),
      }),
    ),
  }),
);

export const ScheduledEvent = z.object({
  /** The scheduled time, as EventBridge Scheduler passes `<aws.scheduler.scheduled-time>`. */
  scheduledTime: z.iso.datetime({ offset: true }),
  scheduleId: z.string(),
});
export type ScheduledEvent = z.infer<typeof ScheduledEvent>;
