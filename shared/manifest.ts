/**
 * The one description of the system. The CDK stacks (infra/stacks) and the embedded host
 * (infra/local) are both built from this object; test/infra proves the template serves exactly
 * what is declared here, and the role middleware reads each route's allowed roles from it.
 */
import { z } from 'zod';
import { ErrorBody, Health } from './schemas/common.ts';
import { User, UserIdParams, UserInput, UserList, UserPatch } from './schemas/users.ts';
import { ROLES } from './roles.ts';
import type { Manifest } from './manifest-types.ts';

export { ErrorBody };

const pk = { name: 'pk', type: 'S' } as const;
const sk = { name: 'sk', type: 'S' } as const;

export const manifest: Manifest = {
  tables: [
    {
      id: 'config',
      description: 'Office configuration: users, settings, job run markers, idempotency records',
      partitionKey: pk,
      sortKey: sk,
      gsis: [{ name: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } }],
      ttlAttribute: 'expiresAt',
    },
    {
      id: 'audit',
      description: 'Append-only audit trail: one entry per change, written in the same transaction',
      partitionKey: pk,
      sortKey: sk,
      gsis: [],
    },
  ],
  functions: [
    {
      id: 'health',
      description: 'Liveness of the API and its data stores',
      entry: 'functions/api/health.ts',
      tables: { config: 'read' },
    },
    {
      id: 'apiDescription',
      description: 'OpenAPI 3.1 document and its browsable page',
      entry: 'functions/api/api-description.ts',
      tables: {},
    },
    {
      id: 'users',
      description: 'Users of the system: who they are, their role, organization and section',
      entry: 'functions/api/users.ts',
      tables: { config: 'readWrite', audit: 'readWrite' },
    },
    {
      id: 'deadlineSweep',
      description: 'Daily sweep of due and overdue human steps as of the scheduled time',
      entry: 'functions/jobs/deadline-sweep.ts',
      tables: { config: 'readWrite' },
    },
  ],
  routes: [
    {
      method: 'GET',
      path: '/health',
      function: 'health',
      access: 'public',
      tag: 'operations',
      summary: 'State of the API and every store it depends on',
      response: { status: 200, schema: Health },
    },
    {
      method: 'GET',
      path: '/openapi.json',
      function: 'apiDescription',
      access: 'public',
      tag: 'operations',
      summary: 'This API described as OpenAPI 3.1',
      response: { status: 200, contentType: 'application/json' },
    },
    {
      method: 'GET',
      path: '/docs',
      function: 'apiDescription',
      access: 'public',
      tag: 'operations',
      summary: 'Browsable API reference',
      response: { status: 200, contentType: 'text/html' },
    },
    {
      method: 'GET',
      path: '/me',
      function: 'users',
      access: { roles: ROLES },
      tag: 'users',
      summary: 'The signed-in user as the system knows them (role, organization, section)',
      response: { status: 200, schema: User },
    },
    {
      method: 'GET',
      path: '/users',
      function: 'users',
      access: { roles: ['officeAdmin'] },
      tag: 'users',
      summary: 'List users',
      query: z.object({ limit: z.coerce.number().int().min(1).max(100).optional(), nextToken: z.string().optional() }),
      response: { status: 200, schema: UserList },
    },
    {
      method: 'POST',
      path: '/users',
      function: 'users',
      access: { roles: ['officeAdmin'] },
      tag: 'users',
      summary: 'Create a user',
      body: UserInput,
      response: { status: 201, schema: User },
    },
    {
      method: 'GET',
      path: '/users/{userId}',
      function: 'users',
      access: { roles: ['officeAdmin'] },
      tag: 'users',
      summary: 'Read one user',
      params: UserIdParams,
      response: { status: 200, schema: User },
    },
    {
      method: 'PATCH',
      path: '/users/{userId}',
      function: 'users',
      access: { roles: ['officeAdmin'] },
      tag: 'users',
      summary: 'Change a user: role, organization, section, or disable them (takes effect at once)',
      params: UserIdParams,
      body: UserPatch,
      response: { status: 200, schema: User },
    },
  ],
  schedules: [
    {
      id: 'deadline-sweep',
      description: 'Find human steps due or overdue as of 01:00 Beijing time',
      expression: 'cron(0 1 * * ? *)',
      timezone: 'Asia/Shanghai',
      function: 'deadlineSweep',
    },
  ],
  stateMachines: [],
};
