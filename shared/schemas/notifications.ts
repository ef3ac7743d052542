/** Messages to a unit, newest first (e.g. a reservation released when its approval notice expired). */
import { z } from 'zod';

export const Notification = z
  .object({
    kind: z.string(),
    planId: z.string().optional(),
    notice: z.string().optional(),
    released: z.number().int().optional(),
    message: z.string(),
    messageZh: z.string(),
    at: z.string(),
  })
  .meta({ id: 'Notification' });

export const NotificationList = z.object({ items: z.array(Notification) }).meta({ id: 'NotificationList' });
