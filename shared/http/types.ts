import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { StoredItem } from '../data/keys.ts';
import type { RouteDecl, RouteKeyOf } from '../manifest-types.ts';
import type { User } from '../schemas/users.ts';
import type * as z from '../schemas/zod.ts';
import type { Schema } from '../schemas/zod.ts';

/** API Gateway renders every JWT claim as a string; the public routes come without an authorizer. */
export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;

// biome-ignore lint/suspicious/noExplicitAny: any route, whatever its schemas
export type AnyRoute = RouteDecl<any, any, any>;

/** What a route's schema parses to; `Otherwise` where the route has none. */
type Parsed<S, Otherwise> = [Exclude<S, undefined>] extends [never]
  ? Otherwise
  : Exclude<S, undefined> extends Schema
    ? z.output<Exclude<S, undefined>>
    : Otherwise;

/** A request as a route's implementation gets it: params, query and body parsed by the route's own schemas. */
export interface ApiRequest<R extends AnyRoute = AnyRoute> {
  route: R;
  params: Parsed<R['params'], Record<string, string>>;
  query: Parsed<R['query'], Record<string, string>>;
  body: Parsed<R['body'], undefined>;
  headers: Record<string, string | undefined>;
  /** The signed-in user from our own records; there is none on public routes. */
  user: R['access'] extends 'public' ? undefined : User;
  requestId: string;
  event: ApiEvent;
  /** What the route's `prefetch` named, read with the user record (undefined where there is no such item). */
  prefetched: Record<string, StoredItem | undefined>;
}

export interface ApiResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A raw body (HTML, CSV); `body` is serialized as JSON otherwise. */
  raw?: string;
  /** `raw` is base64 of bytes (an image, a gzipped file): API Gateway decodes it for the client. */
  isBase64Encoded?: boolean;
}

export type RouteImpl<R extends AnyRoute = AnyRoute> = (req: ApiRequest<R>) => Promise<ApiResponse | unknown>;

/** One implementation per route of a function, keyed as API Gateway names its routes. */
export type RouteImpls<Rs extends readonly AnyRoute[]> = { [R in Rs[number] as RouteKeyOf<R>]: RouteImpl<R> };
