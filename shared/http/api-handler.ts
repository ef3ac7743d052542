/**
 * The handler of a function whose routes need a token: the guard reads the caller's user record
 * and the route's prefetched items in one round trip, authorizes the role, and keeps a
 * department's users inside their own subtree, all before the input is read or anything is
 * answered. Thin handlers only supply one implementation per route.
 */
import { authenticate, authorize } from './authorize.ts';
import { type Guard, handlerFor } from './handler-core.ts';
import { enforceRouteScope } from './scope.ts';
import type { AnyRoute, RouteImpls } from './types.ts';

const guard: Guard = async (route, event, params) => {
  const { user, prefetched } = await authenticate(event, params && route.prefetch ? route.prefetch(params) : {});
  authorize(route, user);
  if (route.scopedBy && params) await enforceRouteScope(user, route.scopedBy, params[route.scopedBy]!, prefetched);
  return { user, prefetched };
};

export const apiHandler = <const Rs extends readonly AnyRoute[]>(routes: Rs, impls: NoInfer<RouteImpls<Rs>>) => handlerFor(routes, impls as never, guard);
