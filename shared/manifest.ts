/**
 * The one description of the system. The CDK stacks (infra/stacks) and the embedded host
 * (infra/local) are both built from this object; test/infra proves the template serves exactly
 * what is declared here, and the role middleware reads each route's allowed roles from it.
 */
import { z } from 'zod';
import { ErrorBody, Health } from './schemas/common.ts';
import { ImportReport, ImportRequest } from './schemas/imports.ts';
import { User, UserIdParams, UserInput, UserList, UserPatch } from './schemas/users.ts';
import { OFFICE_ROLES, ROLES, type Role } from './roles.ts';
import {
  AsAtQuery,
  ListQuery,
  Organization,
  OrganizationInput,
  OrganizationList,
  OrgIdParams,
  Person,
  PersonInput,
  PersonList,
  PersonParams,
  QuotaInput,
  QuotaParams,
  QuotaResult,
} from './schemas/registry.ts';

/** Who reads organizations and their counts: the unit itself (own subtree), the office, finance and personnel. */
const REGISTRY_READERS: Role[] = ['department', ...OFFICE_ROLES, 'finance', 'personnel'];
/** Who reads named people: the unit itself and the office. */
const ROSTER_READERS: Role[] = ['department', ...OFFICE_ROLES];
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
      id: 'registry',
      description: 'Organizations, their counters (quota, on-roll, reserved, vacancy; audit chain head), history, and the roster',
      partitionKey: pk,
      sortKey: sk,
      gsis: [
        { name: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
        { name: 'gsi2', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
      ],
    },
    {
      id: 'audit',
      description: 'Append-only audit trail: hash-chained entries per organization, matter, plan and office; chain heads; checkpoints',
      partitionKey: pk,
      sortKey: sk,
      gsis: [{ name: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } }],
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
      id: 'registry',
      description: 'Organizations, establishment quotas and the real-name roster',
      entry: 'functions/api/registry.ts',
      tables: { registry: 'readWrite', audit: 'readWrite', config: 'read' },
    },
    {
      id: 'imports',
      description: 'Imports of organization lists and rosters (.xlsx, .csv in UTF-8 or GB18030)',
      entry: 'functions/api/imports.ts',
      tables: { registry: 'readWrite', audit: 'readWrite', config: 'read' },
      timeoutSeconds: 29,
      memoryMB: 1024,
    },
    {
      id: 'auditCheckpoint',
      description: 'Seals every audit chain head once a day',
      entry: 'functions/jobs/audit-checkpoint.ts',
      tables: { registry: 'read', audit: 'readWrite', config: 'readWrite' },
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
    {
      method: 'GET',
      path: '/organizations',
      function: 'registry',
      access: { roles: REGISTRY_READERS },
      tag: 'registry',
      summary: 'Organizations the caller may see (a department: its own subtree)',
      query: ListQuery,
      response: { status: 200, schema: OrganizationList },
    },
    {
      method: 'POST',
      path: '/organizations',
      function: 'registry',
      access: { roles: ['sectionStaff'] },
      tag: 'registry',
      summary: 'Set up an organization, backed by its approval document',
      body: OrganizationInput,
      response: { status: 201, schema: Organization },
    },
    {
      method: 'GET',
      path: '/organizations/{orgId}',
      function: 'registry',
      access: { roles: REGISTRY_READERS },
      tag: 'registry',
      summary: 'One organization with its quotas, on-roll, reserved and vacancy; ?asAt=YYYY-MM-DD for a past date',
      params: OrgIdParams,
      query: AsAtQuery,
      response: { status: 200, schema: Organization },
    },
    {
      method: 'PUT',
      path: '/organizations/{orgId}/quotas/{quotaType}',
      function: 'registry',
      access: { roles: ['sectionStaff'] },
      tag: 'registry',
      summary: 'Set the approved quota of one type (a cut may leave the unit over quota: warned)',
      params: QuotaParams,
      body: QuotaInput,
      response: { status: 200, schema: QuotaResult },
    },
    {
      method: 'GET',
      path: '/organizations/{orgId}/people',
      function: 'registry',
      access: { roles: ROSTER_READERS },
      tag: 'registry',
      summary: 'The real-name roster of one organization (national IDs masked for roles that need no full ID)',
      params: OrgIdParams,
      query: ListQuery,
      response: { status: 200, schema: PersonList },
    },
    {
      method: 'POST',
      path: '/organizations/{orgId}/people',
      function: 'registry',
      access: { roles: ['egovCenter', 'sectionStaff'] },
      tag: 'registry',
      summary: 'Put a named person on the roster (within vacancy; one slot per person in the city)',
      params: OrgIdParams,
      body: PersonInput,
      response: { status: 201, schema: Person },
    },
    {
      method: 'GET',
      path: '/people/{personId}',
      function: 'registry',
      access: { roles: ROSTER_READERS },
      tag: 'registry',
      summary: 'One person on the roster',
      params: PersonParams,
      response: { status: 200, schema: Person },
    },
    {
      method: 'POST',
      path: '/imports',
      function: 'imports',
      access: { roles: ['egovCenter', 'sectionStaff'] },
      tag: 'registry',
      summary: 'Import an organization list and/or roster: every row checked first; nothing written unless all are valid (or validOnly)',
      body: ImportRequest,
      response: { status: 200, schema: ImportReport },
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
    {
      id: 'audit-checkpoint',
      description: 'Seal every audit chain head as of 00:30 Beijing time',
      expression: 'cron(30 0 * * ? *)',
      timezone: 'Asia/Shanghai',
      function: 'auditCheckpoint',
    },
  ],
  stateMachines: [],
};
