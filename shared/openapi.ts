/**
 * OpenAPI 3.1 generated from the manifest and its zod schemas: the document cannot drift from
 * the routes because it is made from them. Each operation documents its success, every error
 * status it answers with the stable codes behind it (shared/error-codes.ts, derived from the
 * route's shape plus its own `errors`), and a worked example (shared/api-examples.ts).
 */

import { ROUTE_EXAMPLES, type RouteExample } from './api-examples.ts';
import { ERROR_CODES, type ErrorCode } from './error-codes.ts';
import { isAppError } from './errors.ts';
import { parseOrThrow } from './http/zod-issues.ts';
import { manifest } from './manifest.ts';
import { type RouteDecl, routeErrorCodes, routeKey } from './manifest-types.ts';
import { ErrorBody } from './schemas/common.ts';
import type { Schema } from './schemas/zod.ts';
import * as z from './schemas/zod.ts';

type Json = Record<string, unknown>;

/** API Gateway writes a greedy path variable `{file+}`; OpenAPI names it `{file}`. */
export const openApiPath = (path: string): string => path.replace(/\{(\w+)\+\}/g, '{$1}');

export const operationIdOf = (route: Pick<RouteDecl, 'method' | 'path'>): string =>
  `${route.method.toLowerCase()}${route.path.replace(/[{}+]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string) => (c ? c.toUpperCase() : ''))}`;

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Content',
  503: 'Service Unavailable',
};

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const GATEWAY_ERROR_REF = { $ref: '#/components/schemas/GatewayError' };

/** Named schemas (zod `.meta({ id })`) are hoisted into components and referenced from there. */
const schemaCollector = () => {
  const components: Record<string, unknown> = {};
  const of = (s: Schema, io: 'input' | 'output'): Json => {
    const raw = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
    const { $defs, $schema: _, ...rest } = JSON.parse(JSON.stringify(raw).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json & { $defs?: Json };
    Object.assign(components, $defs ?? {});
    return rest;
  };
  return { components, of };
};

/** What the API really answers when this route's input breaks its schema: the example is produced, not written. */
const invalidInputExample = (route: RouteDecl): unknown => {
  const attempts: [Schema | undefined, unknown, string][] = [
    [route.body, {}, 'body'],
    [route.params, Object.fromEntries(Object.keys(ROUTE_EXAMPLES[routeKey(route)]?.params ?? {}).map((k) => [k, '?'])), 'params'],
    [route.query, { limit: '0' }, 'query'],
  ];
  for (const [schema, value, where] of attempts) {
    if (!schema) continue;
    try {
      parseOrThrow(schema, value, where);
    } catch (e) {
      if (isAppError(e)) return e.toBody();
    }
  }
  return undefined;
};

const errorExample = (route: RouteDecl, code: ErrorCode): unknown =>
  (code === 'VALIDATION_FAILED' ? invalidInputExample(route) : undefined) ?? {
    error: { code, message: ERROR_CODES[code].meaning, messageZh: ERROR_CODES[code].meaningZh },
  };

const errorResponses = (route: RouteDecl): Json => {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of routeErrorCodes(route)) byStatus.set(ERROR_CODES[code].status, [...(byStatus.get(ERROR_CODES[code].status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, codes]) => {
      const ours = { allOf: [ERROR_REF, { type: 'object', properties: { error: { type: 'object', properties: { code: { enum: codes } } } } }] };
      const examples: Json = Object.fromEntries(codes.map((c) => [c, { summary: `${c}: ${ERROR_CODES[c].meaningZh}`, value: errorExample(route, c) }]));
      let description = `${STATUS_TEXT[status]}. ${codes.map((c) => `\`${c}\`: ${ERROR_CODES[c].meaning} (${ERROR_CODES[c].meaningZh})`).join('; ')}.`;
      let schema: Json = ours;
      if (status === 401) {
        // In AWS the HTTP API's JWT authorizer answers a bad token itself, before any function runs.
        description += ' A missing, expired or forged token is refused by the gateway itself with `{"message":"Unauthorized"}`.';
        schema = { anyOf: [ours, GATEWAY_ERROR_REF] };
        examples.gateway = { summary: 'The gateway refused the token', value: { message: 'Unauthorized' } };
      }
      return [String(status), { description, content: { 'application/json': { schema, examples } } }];
    }),
  );
};

const parametersOf = (route: RouteDecl, example: RouteExample | undefined, schemas: ReturnType<typeof schemaCollector>) => {
  const out: Json[] = [];
  for (const [where, schema, values] of [
    ['path', route.params, example?.params],
    ['query', route.query, example?.query],
  ] as const) {
    if (!schema) continue;
    const js = schemas.of(schema, 'input') as { properties?: Json; required?: string[] };
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === 'path' || (js.required ?? []).includes(name),
        schema: prop,
        ...(values && name in values ? { example: (values as Json)[name] } : {}),
      });
    }
  }
  if (route.idempotent) {
    out.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      description:
        'Chosen by the client, 8–128 letters, digits or . _ : -; sending the same request again with the same key returns the first reply instead of a second plan',
      schema: { type: 'string', minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9._:-]{8,128}$' },
      example: 'walkthrough-plan-0001',
    });
  }
  return out;
};

const successResponse = (route: RouteDecl, example: RouteExample | undefined, schemas: ReturnType<typeof schemaCollector>): Json => {
  const type = route.response.contentType ?? 'application/json';
  const types = [type, ...(route.response.contentTypes ?? [])];
  const schemaFor = (t: string) =>
    route.response.schema
      ? schemas.of(route.response.schema, 'output')
      : t === 'application/json'
        ? {}
        : t.startsWith('image/')
          ? { type: 'string', contentMediaType: t }
          : { type: 'string' };
  const exampleType = example?.contentType ?? type;
  return {
    description: STATUS_TEXT[route.response.status] ?? 'Success',
    content: Object.fromEntries(types.map((t) => [t, { schema: schemaFor(t), ...(example && t === exampleType ? { example: example.response } : {}) }])),
  };
};

const otherResponses = (route: RouteDecl, schemas: ReturnType<typeof schemaCollector>): Json =>
  Object.fromEntries(
    (route.otherResponses ?? []).map((r) => [
      String(r.status),
      {
        description: r.description,
        ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: schemas.of(r.schema, 'output') } } } : {}),
      },
    ]),
  );

const DESCRIPTION = `机构编制闭环管理接口: the API of a city establishment office (编办).

**Signing in.** Every route except \`/health\`, \`/openapi.json\` and \`/docs\` needs \`Authorization: Bearer <token>\`. On the embedded host (\`npm start\`), \`npm run token -- --user demo-department\` prints one for any known user; in AWS the token comes from the configured OIDC issuer. The token only names the user: role, organization and section come from the system's own user records (\`GET /me\`), and each operation lists the roles it admits under \`x-roles\`. A department's users act only within their own organization's subtree.

**Errors.** Every error reply is \`{"error": {"code", "message", "messageZh", "issues"?}}\`: \`code\` is stable (listed per operation and status), \`message\` is English, \`messageZh\` Chinese, and \`issues\` names each offending field (\`path\`) and the rule it broke. A refused token is answered by the gateway itself: \`401 {"message": "Unauthorized"}\`.

**Writes.** \`POST /plans\` needs an \`Idempotency-Key\` header: the same key returns the first reply. Every change is recorded in a hash-chained audit trail.`;

export const buildOpenApi = (serverUrl?: string) => {
  const schemas = schemaCollector();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of manifest.routes) {
    const example = ROUTE_EXAMPLES[routeKey(route)];
    const op: Json = {
      operationId: operationIdOf(route),
      summary: route.summary,
      tags: [route.tag],
      parameters: parametersOf(route, example, schemas),
      security: route.access === 'public' ? [] : [{ bearer: [] }],
      'x-roles': route.access === 'public' ? 'public' : route.access.roles,
      responses: {
        [String(route.response.status)]: successResponse(route, example, schemas),
        ...otherResponses(route, schemas),
        ...errorResponses(route),
      },
    };
    if (route.body) {
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: schemas.of(route.body, 'input'), ...(example?.request !== undefined ? { example: example.request } : {}) } },
      };
    }
    const path = openApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = op;
  }
  // Registered the way every other named schema is, so Error is its definition, not a reference to itself.
  schemas.of(ErrorBody, 'output');
  return {
    openapi: '3.1.0',
    info: { title: 'bianzhi: establishment office closed-loop API', version: '0.1.0', description: DESCRIPTION },
    servers: serverUrl ? [{ url: serverUrl }] : [],
    tags: [
      { name: 'matters', description: '机构编制事项: the matter catalog, submission and routing to a lead section and co-sections' },
      { name: 'supervision', description: '监督问效: supervision letters (督办函) for overdue implementation items, their rectification and verification' },
      { name: 'plans', description: '用编计划: staffing-use plans, their approval tasks, on-establishment and transfer' },
      { name: 'registry', description: '机构编制台账与实名制: organizations, quotas, leadership posts and the roster' },
      { name: 'users', description: 'Users, their role, organization and section' },
      { name: 'statistics', description: '统计与导出: establishment use and vacancy, matters by stage, supervision figures, and their spreadsheets' },
      { name: 'external', description: '协同部门: personnel (vacancies, appointment checks), finance (headcount, payroll reconciliation)' },
      {
        name: 'documents',
        description: '公文: approval documents, supervision and notification letters, staffing-use notices and establishment cards as .docx (GB/T 9704)',
      },
      { name: 'operations', description: 'Health and this reference' },
    ],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        ...schemas.components,
        GatewayError: {
          type: 'object',
          properties: { message: { type: 'string' } },
          required: ['message'],
          description: 'What API Gateway itself answers, before any function runs',
        },
      },
    },
  };
};
