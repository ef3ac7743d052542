import type { ZodType } from 'zod';
import type { Role } from './roles.ts';

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
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDecl {
  method: HttpMethod;
  /** API Gateway path template, e.g. `/users/{userId}`. */
  path: string;
  function: string;
  /** Roles allowed; `public` routes take no token (health and the API description only). */
  access: { roles: readonly Role[] } | 'public';
  summary: string;
  tag: string;
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  /** Success status and schema. */
  response: { status: number; schema?: ZodType; contentType?: string };
  /**
   * The path parameter naming the organization (or person, plan, transfer) the call acts on: a
   * department's users are refused (403) outside their own subtree before anything is
   * validated or read. A transfer is in scope for both of its units.
   */
  scopedBy?: 'orgId' | 'personId' | 'planId' | 'transferId';
  /** Whether the route honours an Idempotency-Key header. */
  idempotent?: boolean;
}

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

export interface Manifest {
  tables: TableDecl[];
  functions: FunctionDecl[];
  routes: RouteDecl[];
  schedules: ScheduleDecl[];
  stateMachines: StateMachineDecl[];
}

export const routeKey = (r: Pick<RouteDecl, 'method' | 'path'>): string => `${r.method} ${r.path}`;
