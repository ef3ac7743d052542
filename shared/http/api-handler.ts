/**
 * Builds the Lambda handler for one route group (one function in the manifest): resolves the
 * route from `routeKey`, authenticates and authorizes against our own user record, validates
 * params, query and body with the route's zod schemas, calls the implementation, and maps
 * errors to HTTP once. Thin handlers only supply `RouteImpl`s.
 */
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { manifest } from '../manifest.ts';
import { routeKey, type RouteDecl } from '../manifest-types.ts';
import { isAppError, MalformedRequestError, NotFoundError } from '../errors.ts';
import { logger } from '../log.ts';
import { authenticate, authorize } from './authorize.ts';
import { enforceRouteScope } from './scope.ts';
import { parseOrThrow } from './zod-issues.ts';
import type { ApiEvent, ApiResponse, ApiResult, RouteImpl } from './types.ts';

const json = (status: number, body: unknown, headers: Record<string, string> = {}): ApiResult => ({
  statusCode: status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

export const errorResult = (err: unknown, requestId: string): ApiResult => {
  if (isAppError(err)) {
    if (err.statusCode >= 500) logger.error('request failed', { code: err.code, requestId });
    return json(err.statusCode, err.toBody());
  }
  // Name, code and message only: an SDK error can carry items (CancellationReasons hold a
  // person's record), and no national ID, name or birth date may reach the logs.
  const e = err as { name?: string; message?: string; code?: string; $metadata?: { requestId?: string } };
  logger.error('unhandled error', { requestId, errorName: e?.name, errorCode: e?.code, errorMessage: e?.message?.slice(0, 300), awsRequestId: e?.$metadata?.requestId });
  return json(500, { error: { code: 'INTERNAL', message: 'Internal error', messageZh: '系统内部错误', requestId } });
};

const parseBody = (event: ApiEvent): unknown => {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedRequestError('body: not valid JSON', 'body：不是有效的 JSON');
  }
};

const lowerHeaders = (h: Record<string, string | undefined> | undefined) =>
  Object.fromEntries(Object.entries(h ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

export const routesOf = (functionId: string): RouteDecl[] => manifest.routes.filter((r) => r.function === functionId);

export const apiHandler = (functionId: string, impls: Record<string, RouteImpl>) => {
  const routes = new Map(routesOf(functionId).map((r) => [routeKey(r), r]));
  for (const key of routes.keys()) {
    if (!impls[key]) throw new Error(`Function ${functionId} has no implementation for route ${key}`);
  }
  for (const key of Object.keys(impls)) {
    if (!routes.has(key)) throw new Error(`Function ${functionId} implements ${key}, which the manifest does not route to it`);
  }

  const core = async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    try {
      const route = routes.get(event.routeKey);
      if (!route) throw new NotFoundError(`No route ${event.routeKey}`, '没有该接口');
      const user = route.access === 'public' ? undefined : await authenticate(event);
      if (route.access !== 'public') authorize(route, user!);
      const headers = lowerHeaders(event.headers);
      const params = route.params ? parseOrThrow(route.params, event.pathParameters ?? {}, 'params') : event.pathParameters ?? {};
      // Scope before the query and body are looked at: outside its subtree a department learns nothing.
      if (route.scopedBy && user) await enforceRouteScope(user, route.scopedBy, (params as Record<string, string>)[route.scopedBy]!);
      const query = route.query ? parseOrThrow(route.query, event.queryStringParameters ?? {}, 'query') : {};
      const rawBody = route.body ? parseBody(event) : undefined;
      const body = route.body ? parseOrThrow(route.body, rawBody, 'body') : undefined;
      const out = (await impls[routeKey(route)]!({ route, params, query, body, headers, user, requestId, event })) as ApiResponse;
      const status = out?.status ?? route.response.status;
      if (out?.raw !== undefined) {
        return {
          statusCode: status,
          headers: { 'content-type': route.response.contentType ?? 'text/plain; charset=utf-8', ...out.headers },
          body: out.raw,
          ...(out.isBase64Encoded ? { isBase64Encoded: true } : {}),
        };
      }
      return json(status, out?.body ?? out, out?.headers);
    } catch (err) {
      return errorResult(err, requestId);
    }
  };

  return middy<ApiEvent, ApiResult>().handler(core);
};
