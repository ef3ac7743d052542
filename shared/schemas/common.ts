import { z } from 'zod';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      messageZh: z.string(),
      issues: z
        .array(z.object({ path: z.string(), rule: z.string(), message: z.string(), messageZh: z.string() }))
        .optional(),
    }),
  })
  .meta({ id: 'Error' });

export const Health = z
  .object({
    status: z.enum(['ok', 'degraded']),
    checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
  })
  .meta({ id: 'Health' });

export const ScheduledEvent = z.object({
  /** The scheduled time, as EventBridge Scheduler passes `<aws.scheduler.scheduled-time>`. */
  scheduledTime: z.iso.datetime({ offset: true }),
  scheduleId: z.string(),
});
export type ScheduledEvent = z.infer<typeof ScheduledEvent>;
