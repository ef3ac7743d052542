/** The handler of a function whose routes are all public (health, the API reference): no authentication is bundled. */
import { handlerFor } from './handler-core.ts';
import type { AnyRoute, RouteImpls } from './types.ts';

export const publicHandler = <const Rs extends readonly AnyRoute[]>(routes: Rs, impls: NoInfer<RouteImpls<Rs>>) => {
  const protectedRoute = routes.find((r) => r.access !== 'public');
  if (protectedRoute) throw new Error(`${protectedRoute.method} ${protectedRoute.path} needs a token: use apiHandler`);
  return handlerFor(routes, impls as never);
};
