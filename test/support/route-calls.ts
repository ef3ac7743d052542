/**
 * Sends every route's representative request (route-requests.ts) once and books the AWS calls
 * it made (aws-calls.ts): how many, how deep in sequence, how many Scans. The bench reports
 * these; the no-scan test holds them to zero Scans.
 */
import { type RouteDecl, routeKey } from '../../shared/manifest-types.ts';
import { type AwsCall, type CallRecorder, isScan, PROBE_HEADER, sequentialDepth, summarize } from './aws-calls.ts';
import { requestFor, send } from './route-requests.ts';
import type { World } from './route-world.ts';

export interface RouteCalls {
  route: string;
  function: string;
  user?: string;
  source: 'recipe' | 'defaults';
  /** HTTP status; 0 when the request could not even be prepared (see `error`). */
  status: number;
  ok: boolean;
  ms: number;
  error?: string;
  dynamodb: { calls: number; sequential: number; scans: number; operations: string };
  stepFunctions: { calls: number; operations: string };
  /** Sequential round trips to any AWS service (DynamoDB and Step Functions together). */
  sequentialAll: number;
  calls: AwsCall[];
}

const errorText = (json: any): string | undefined => (json?.error ? `${json.error.code}: ${String(json.error.message).slice(0, 160)}` : undefined);

export const measureRoute = async (w: World, recorder: CallRecorder, route: RouteDecl, probe: string): Promise<RouteCalls> => {
  const base = { route: routeKey(route), function: route.function };
  let req: Awaited<ReturnType<typeof requestFor>>;
  try {
    req = await requestFor(route, w);
  } catch (e) {
    const none = { calls: 0, sequential: 0, scans: 0, operations: '' };
    return {
      ...base,
      source: 'recipe',
      status: 0,
      ok: false,
      ms: NaN,
      error: `preparing the request: ${(e as Error).message}`,
      dynamodb: none,
      stepFunctions: { calls: 0, operations: '' },
      sequentialAll: 0,
      calls: [],
    };
  }
  const reply = await send(w, req, { [PROBE_HEADER]: probe });
  const calls = recorder.take(probe);
  const ok = reply.status >= 200 && reply.status < 400;
  // Whatever it started must be at rest before the next request is counted and timed.
  if (ok && req.settle) await req.settle(reply);
  const ddbCalls = calls.filter((c) => c.service === 'dynamodb');
  const sfnCalls = calls.filter((c) => c.service === 'stepfunctions');
  return {
    ...base,
    ...(req.user ? { user: req.user } : {}),
    source: req.source,
    status: reply.status,
    ok,
    ms: reply.ms,
    ...(ok ? {} : { error: errorText(reply.json) ?? `status ${reply.status}` }),
    dynamodb: { calls: ddbCalls.length, sequential: sequentialDepth(ddbCalls), scans: ddbCalls.filter(isScan).length, operations: summarize(ddbCalls) },
    stepFunctions: { calls: sfnCalls.length, operations: summarize(sfnCalls) },
    sequentialAll: sequentialDepth(calls),
    calls,
  };
};

/** Every route, one after another (in the manifest's order), each on a quiet host. */
export const measureRoutes = async (w: World, recorder: CallRecorder, routes: readonly RouteDecl[]): Promise<RouteCalls[]> => {
  const out: RouteCalls[] = [];
  for (const [i, r] of routes.entries()) out.push(await measureRoute(w, recorder, r, `route-${i}`));
  return out;
};
