/** Messages to a unit, newest first (e.g. a reservation released when its approval notice expired). */
import * as z from './zod.ts';
import { named, wholeNumber } from './zod.ts';

export const Notification = named(
  'Notification',
  z.object({
    kind: z.string(),
    planId: z.optional(z.string()),
    matterId: z.optional(z.string()),
    transferId: z.optional(z.string()),
    notice: z.optional(z.string()),
    released: z.optional(wholeNumber()),
    message: z.string(),
    messageZh: z.string(),
    at: z.string(),
  }),
);

export const NotificationList = named('NotificationList', z.object({ items: z.array(Notification) }));
