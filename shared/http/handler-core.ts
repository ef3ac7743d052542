/**
 * The request flow every API function shares, for one function's routes: find the route,
 * let a guard authenticate and load (for routes that need a token), parse params, query and
 * body with the route's own schemas, call the implementation, and map errors to HTTP once.
 * `api-handler.ts` guards with our user records; `public-handler.ts` has no guard, so a
 * function of public routes only (health, the API reference) bundles no authentication.
 */
import type { Context } from 'aws-lambda';
import { isAppError, MalformedRequestError, NotFoundError, UnsupportedMediaTypeError } from '../errors.ts';
import { lambdaHandler } from '../lambda.ts';
import { logger } from '../log.ts';
import { routeKey } from '../manifest-types.ts';
import type { User } from '../schemas/users.ts';
import type { AnyRoute, ApiEvent, ApiRequest, ApiResponse, ApiResult, RouteImpl } from './types.ts';
import { parseOrThrow } from './zod-issues.ts';

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
  logger.error('unhandled error', {
    requestId,
    errorName: e?.name,
    errorCode: e?.code,
    errorMessage: e?.message?.slice(0, 300),
    awsRequestId: e?.$metadata?.requestId,
  });
  return json(500, { error: { code: 'INTERNAL', message: 'Internal error', messageZh: '系统内部错误', requestId } });
};

// The BOM is kept, so the body is refused as not JSON just as API Gateway's text body with one is.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** application/json, or a JSON type such as application/merge-patch+json, with or without parameters. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

const parseBody = (event: ApiEvent, headers: Record<string, string | undefined>): unknown => {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  // A body is read as JSON only when it says it is: one sent as form data or text is a client's mistake, named here rather than guessed at.
  const contentType = headers['content-type'] ?? '';
  const sent = contentType.trim() ? contentType.trim().slice(0, 80) : 'none';
  if (!JSON_MEDIA_TYPE.test(contentType.trim())) {
    throw new UnsupportedMediaTypeError(
      `header content-type: the body must be sent as application/json (was ${sent})`,
      `请求头 content-type：请求体须为 application/json（实为 ${sent}）`,
    );
  }
  // JSON is UTF-8 (RFC 8259): a body that says it is in another charset is refused as sent, not misread.
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaTypeError(
      `header content-type: the body must be UTF-8 (was ${sent})`,
      `请求头 content-type：请求体须为 UTF-8 编码（实为 ${sent}）`,
    );
  }
  let text = event.body;
  if (event.isBase64Encoded) {
    try {
      text = utf8.decode(Buffer.from(event.body, 'base64'));
    } catch {
      // Decoded leniently, bad bytes would be stored as U+FFFD in a name or an opinion.
      throw new MalformedRequestError('body: not valid UTF-8', 'body：不是有效的 UTF-8 文本');
    }
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedRequestError('body: not valid JSON', 'body：不是有效的 JSON');
  }
};

const lowerHeaders = (h: Record<string, string | undefined> | undefined) => Object.fromEntries(Object.entries(h ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

/**
 * Authenticates, authorizes and loads for a route that needs a token. `params` are the path
 * parameters when they are valid (the route's prefetch reads from them), else undefined.
 */
export type Guard = (
  route: AnyRoute,
  event: ApiEvent,
  params: Record<string, string> | undefined,
) => Promise<{ user: User; prefetched: ApiRequest['prefetched'] }>;

export const handlerFor = (routes: readonly AnyRoute[], impls: Record<string, RouteImpl>, guard?: Guard) => {
  const table = new Map(routes.map((r) => [routeKey(r), r]));
  for (const key of table.keys()) if (!impls[key]) throw new Error(`No implementation for route ${key}`);
  for (const key of Object.keys(impls)) if (!table.has(key)) throw new Error(`${key} is implemented but not declared among the function's routes`);

  return lambdaHandler(async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    logger.appendKeys({ apiRequestId: requestId });
    try {
      const route = table.get(event.routeKey);
      if (!route) throw new NotFoundError(`No route ${event.routeKey}`, '没有该接口');
      let params: Record<string, string> | undefined;
      let paramsError: unknown;
      try {
        params = route.params ? parseOrThrow(route.params, event.pathParameters ?? {}, 'params') : ((event.pathParameters ?? {}) as Record<string, string>);
      } catch (e) {
        paramsError = e;
      }
      // Who is asking comes first: a caller without the right learns nothing of the input's faults.
      if (route.access !== 'public' && !guard) throw new Error(`Route ${event.routeKey} needs a token but its function has no guard`);
      const { user, prefetched } = route.access === 'public' ? { user: undefined, prefetched: {} } : await guard!(route, event, params);
      if (paramsError) throw paramsError;
      const query = route.query ? parseOrThrow(route.query, event.queryStringParameters ?? {}, 'query') : (event.queryStringParameters ?? {});
      const headers = lowerHeaders(event.headers);
      const body = route.body ? parseOrThrow(route.body, parseBody(event, headers), 'body') : undefined;
      const req = { route, params: params!, query, body, headers, user, requestId, event, prefetched } as ApiRequest;
      const out = (await impls[routeKey(route)]!(req)) as ApiResponse;
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
  });
};
