import type { Actor } from '../data/write.ts';
import type { User } from '../schemas/users.ts';

/** Who a request writes as, in the audit trail: the signed-in user, their role, and the API's request id. */
export const actorOf = (req: { user: User; requestId: string }): Actor => ({ userId: req.user.userId, role: req.user.role, requestId: req.requestId });
