import { batchRead } from '../data/batch-read.ts';
import { keys, recordOf } from '../data/keys.ts';
import { ROLE_LABELS } from '../domain/labels.ts';
import { ForbiddenError, UnauthorizedError } from '../errors.ts';
import type { PrefetchKey, RouteDecl } from '../manifest-types.ts';
import { type User, UserIdParams } from '../schemas/users.ts';
import type { ApiEvent, ApiRequest } from './types.ts';

/**
 * The gateway (API Gateway's JWT authorizer, or the embedded one) has checked the token's
 * signature, issuer, audience, expiry and the API scope. Here the token only names the user:
 * role, organization and section come from our own record, read consistently with the items
 * the route prefetches in one BatchGetItem (one round trip authenticates and loads), so
 * disabling a user or changing a role takes effect on the next request.
 */
export const authenticate = async (
  event: ApiEvent,
  prefetch: Record<string, PrefetchKey> = {},
): Promise<{ user: User; prefetched: ApiRequest['prefetched'] }> => {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  const sub = claims?.sub;
  if (typeof sub !== 'string' || sub === '') throw new UnauthorizedError();
  // Defence in depth should a route ever lose its scope: an ID token proves a sign-in to some
  // client, not a grant to call this API. Issuers without token_use are left to the scope check.
  if (claims?.token_use !== undefined && claims.token_use !== 'access') {
    throw new UnauthorizedError('An access token is required, not an ID token', '需要访问令牌，而不是身份令牌');
  }
  const noRecord = () => new ForbiddenError('No active user record for this sign-in', '该登录账号没有有效的用户记录');
  // A subject that is no user id has no record, and need not be looked up: as a key it could
  // be one DynamoDB refuses (over 2 KB), which would be a 500.
  if (!UserIdParams.shape.userId.safeParse(sub).success) throw noRecord();
  const { '\u0000user': userItem, ...prefetched } = await batchRead({ ...prefetch, '\u0000user': { table: 'config', key: keys.user(sub) } });
  const user = userItem ? recordOf<User>(userItem) : undefined;
  if (!user?.enabled) throw noRecord();
  return { user, prefetched };
};

export const authorize = (route: Pick<RouteDecl, 'access' | 'method' | 'path'>, user: User): void => {
  if (route.access === 'public') return;
  if (!route.access.roles.includes(user.role)) {
    throw new ForbiddenError(`Role ${user.role} may not call ${route.method} ${route.path}`, `${ROLE_LABELS[user.role]}角色无权调用该接口`);
  }
};
