import type { ErrorCode } from './error-codes.ts';
import type { Role } from './roles.ts';
import type * as z from './schemas/zod.ts';
import type { Schema } from './schemas/zod.ts';

export type AttributeType = 'S' | 'N';
export interface KeyDecl {
  name: string;
  type: AttributeType;
}

export interface TableDecl {
  /** Logical id; the physical name is `bianzhi-<stage>-<id>`. */
  id: string;
  description: string;
  partitionKey: KeyDecl;
  sortKey?: KeyDecl;
  gsis: { name: string; partitionKey: KeyDecl; sortKey?: KeyDecl }[];
  ttlAttribute?: string;
  stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
}

export type TableAccess = 'read' | 'readWrite';
export type StateMachineAccess = 'start' | 'callback' | 'read';

/** What a function gets when its declaration names none, in AWS and in the embedded host alike. */
export const DEFAULT_FUNCTION_TIMEOUT_SECONDS = 10;
export const DEFAULT_FUNCTION_MEMORY_MB = 512;

export interface FunctionDecl {
  id: string;
  description: string;
  /** Module path from the repo root; its export `handler` is the Lambda handler. */
  entry: string;
  tables: Record<string, TableAccess>;
  stateMachines?: Record<string, StateMachineAccess[]>;
  /** Reads the deployment's secret (shared/keyring.ts): person ids, page tokens. */
  deploymentKey?: boolean;
  timeoutSeconds?: number;
  memoryMB?: number;
  /**
   * Files the function reads at run time, relative to the repo root: in AWS they are deployed
   * beside its bundle under the same relative path, so the code finds them the same way in both hosts.
   */
  files?: string[];
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The tables the functions use, by manifest id. */
export type TableId = 'config' | 'registry' | 'matters' | 'audit';

/** An item a route reads together with the caller's user record, in the one round trip that authenticates. */
export interface PrefetchKey {
  table: TableId;
  key: { pk: string; sk: string };
}

/** The path parameters a route may be scoped by (shared/http/scope.ts reads the unit each names). */
export type ScopeParam = 'orgId' | 'personId' | 'planId' | 'matterId' | 'transferId' | 'letterId';

export interface RouteDecl<
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
> {
  method: HttpMethod;
  /** API Gateway path template, e.g. `/users/{userId}`. */
  path: string;
  function: string;
  /** Roles allowed; `public` routes take no token (health and the API description only). */
  access: { roles: readonly Role[] } | 'public';
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /**
   * Items the route needs, read in the same BatchGetItem as the caller's user record (one round
   * trip authenticates and loads), from its valid path parameters. Nothing read is returned
   * before the caller is authorized.
   */
  prefetch?(params: P extends Schema ? z.output<P> : Record<string, string>): Record<string, PrefetchKey>;
  /**
   * Success status and schema; `contentType` is the reply's (JSON unless given), `contentTypes`
   * the others a route that serves files may also answer with.
   */
  response: { status: number; schema?: Schema; contentType?: string; contentTypes?: readonly string[] };
  /**
   * Error codes (shared/error-codes.ts) this route answers beyond those derived from its shape:
   * 401 and 403 for every route that needs a token, 400 for one that takes a body (not JSON),
   * 422 for one with params, query or body (input that breaks its schema). The API reference
   * documents exactly these, per status.
   */
  errors?: readonly ErrorCode[];
  /** Replies that are neither the success nor an error body, e.g. 503 from /health when a store is down. */
  otherResponses?: readonly { status: number; description: string; schema?: Schema; contentType?: string; headers?: Record<string, string> }[];
  /**
   * The path parameter naming the organization (or person, plan, transfer) the call acts on: a
   * department's users are refused (403) outside their own subtree before anything is
   * validated or read. A transfer is in scope for both of its units.
   */
  scopedBy?: ScopeParam;
  /** Whether the route honours an Idempotency-Key header. */
  idempotent?: boolean;
}

/**
 * Declares one route, keeping what the handler that implements it is typed by: its method and
 * path (the route key), whether it is public, and its schemas (params, query, body).
 */
export const route = <
  const M extends HttpMethod,
  const Pa extends string,
  const A extends RouteDecl['access'],
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(
  r: RouteDecl<P, Q, B> & { method: M; path: Pa; access: A },
): RouteDecl<P, Q, B> & { method: M; path: Pa; access: A } => r;

/** `GET /users/{userId}`: how a route is named everywhere (API Gateway's route key). */
export type RouteKeyOf<R> = R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;

/** The error codes a route answers, derived from its shape and its own `errors` list. */
export const routeErrorCodes = (r: RouteDecl<any, any, any>): ErrorCode[] => {
  const derived: ErrorCode[] = [
    ...(r.access === 'public' ? [] : (['UNAUTHORIZED', 'FORBIDDEN'] as const)),
    ...(r.body ? (['MALFORMED_REQUEST', 'UNSUPPORTED_MEDIA_TYPE'] as const) : []),
    ...(r.params || r.query || r.body ? (['VALIDATION_FAILED'] as const) : []),
  ];
  return [...new Set([...derived, ...(r.errors ?? [])])];
};

export interface ScheduleDecl {
  id: string;
  description: string;
  /** EventBridge Scheduler expression: `cron(min hour dom month dow year)`, `rate(...)`. */
  expression: string;
  timezone: string;
  function: string;
}

export interface StateMachineDecl {
  id: string;
  description: string;
  /** ASL file (JSONPath) relative to the repo root; the file tested is the file deployed. */
  file: string;
  /** `${Name}` in the file → the ARN of that function. */
  functionSubstitutions: Record<string, string>;
}

/**
 * A function fed by a table's stream: in AWS an event source mapping (with a filter on the sort
 * key, partial batch responses and retries), on the embedded host a poller of DynamoDB Local's
 * stream that keeps its position across restarts. Either way a record is delivered until the
 * function takes it, in order per item.
 */
export interface StreamDecl {
  id: string;
  description: string;
  table: TableId;
  function: string;
  /** Only records of items with this sort key reach the function. */
  sortKey: string;
  batchSize?: number;
}

export interface Manifest {
  tables: TableDecl[];
  functions: FunctionDecl[];
  routes: readonly RouteDecl<any, any, any>[];
  schedules: ScheduleDecl[];
  stateMachines: StateMachineDecl[];
  streams?: StreamDecl[];
}

export const routeKey = (r: { method: string; path: string }): string => `${r.method} ${r.path}`;
