import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { ddb } from '../data/ddb.ts';
import { keys, recordOf, type StoredItem } from '../data/keys.ts';
import { ROLE_LABELS } from '../domain/labels.ts';
import { ForbiddenError, UnauthorizedError } from '../errors.ts';
import type { PrefetchKey, RouteDecl } from '../manifest-types.ts';
import { type User, UserIdParams } from '../schemas/users.ts';
import type { ApiEvent, ApiRequest } from './types.ts';

/**
 * Reads the user record and the route's items in one BatchGetItem, consistently: the same
 * round trip authenticates and loads. Keys are asked for once each; keys DynamoDB leaves
 * unprocessed (throttling) are asked for again.
 */
const batchRead = async (wanted: Record<string, PrefetchKey>): Promise<Record<string, StoredItem | undefined>> => {
  const byTable = new Map<string, Map<string, { pk: string; sk: string }>>();
  for (const { table, key } of Object.values(wanted)) {
    const name = config.tableName(table);
    if (!byTable.has(name)) byTable.set(name, new Map());
    byTable.get(name)!.set(`${key.pk}\u0000${key.sk}`, key);
  }
  const found = new Map<string, StoredItem>();
  let request: Record<string, { Keys: { pk: string; sk: string }[]; ConsistentRead: true }> = Object.fromEntries(
    [...byTable].map(([t, ks]) => [t, { Keys: [...ks.values()], ConsistentRead: true }]),
  );
  for (let attempt = 0; Object.keys(request).length; attempt++) {
    const out = await ddb().send(new BatchGetCommand({ RequestItems: request }));
    for (const [t, items] of Object.entries(out.Responses ?? {})) for (const i of items) found.set(`${t}\u0000${i.pk}\u0000${i.sk}`, i);
    request = (out.UnprocessedKeys ?? {}) as typeof request;
    if (attempt > 8) throw new Error('DynamoDB left keys unprocessed');
    if (Object.keys(request).length) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
  }
  return Object.fromEntries(
    Object.entries(wanted).map(([name, { table, key }]) => [name, found.get(`${config.tableName(table)}\u0000${key.pk}\u0000${key.sk}`)]),
  );
};

/**
 * The gateway (API Gateway's JWT authorizer, or the embedded one) has checked the token's
 * signature, issuer, audience, expiry and the API scope. Here the token only names the user:
 * role, organization and section come from our own record, read consistently (with the items
 * the route prefetches), so disabling a user or changing a role takes effect on the next request.
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
