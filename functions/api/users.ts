import { usersRepo } from '../../shared/data/users.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { apiHandler } from '../../shared/http/api-handler.ts';
import { usersRoutes } from '../../shared/routes/users.ts';

export const handler = apiHandler(usersRoutes, {
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
