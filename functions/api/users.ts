import { usersRepo } from '../../shared/data/users.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { apiHandler } from '../../shared/http/api-handler.ts';
import type { ApiRequest } from '../../shared/http/types.ts';

const actorOf = (req: ApiRequest) => ({ userId: req.user!.userId, role: req.user!.role, requestId: req.requestId });

export const handler = apiHandler('users', {
  'GET /me': async (req) => ({ body: req.user }),
  'GET /users': async (req) => ({ body: await usersRepo.list(req.query.limit ?? 50, req.query.nextToken) }),
  'POST /users': async (req) => ({ status: 201, body: await usersRepo.create(req.body, actorOf(req)) }),
  'GET /users/{userId}': async (req) => {
    const user = await usersRepo.get(req.params.userId);
    if (!user) throw new NotFoundError(`No user ${req.params.userId}`, `用户 ${req.params.userId} 不存在`);
    return { body: user };
  },
  'PATCH /users/{userId}': async (req) => ({ body: await usersRepo.update(req.params.userId, req.body, actorOf(req)) }),
});
