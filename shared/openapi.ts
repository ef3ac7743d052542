/**
 * OpenAPI 3.1 generated from the manifest and its zod schemas: the document cannot drift from
 * the routes because it is made from them.
 */
import { z, type ZodType } from 'zod';
import { manifest } from './manifest.ts';
import type { RouteDecl } from './manifest-types.ts';
import { ErrorBody } from './schemas/common.ts';

/** Named schemas (zod `.meta({ id })`) are hoisted into components and referenced from there. */
let components: Record<string, unknown> = {};

const schemaOf = (s: ZodType, io: 'input' | 'output') => {
  const raw = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
  const rewritten = JSON.parse(JSON.stringify(raw).replaceAll('"#/$defs/', '"#/components/schemas/')) as Record<string, unknown>;
  const { $defs, ...rest } = rewritten as { $defs?: Record<string, unknown> };
  Object.assign(components, $defs ?? {});
  return rest;
};

const strip = (s: Record<string, unknown>) => {
  const { $schema: _, ...rest } = s;
  return rest;
};

const parametersOf = (route: RouteDecl) => {
  const out: Record<string, unknown>[] = [];
  for (const [where, schema] of [
    ['path', route.params],
    ['query', route.query],
  ] as const) {
    if (!schema) continue;
    const js = schemaOf(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      out.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: prop });
    }
  }
  if (route.idempotent) {
    out.push({ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', maxLength: 128 } });
  }
  return out;
};

export const buildOpenApi = (serverUrl?: string) => {
  components = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of manifest.routes) {
    const op: Record<string, unknown> = {
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, '').replace(/[^a-zA-Z0-9]+(.)?/g, (_, c: string) => (c ? c.toUpperCase() : ''))}`,
      summary: route.summary,
      tags: [route.tag],
      parameters: parametersOf(route),
      security: route.access === 'public' ? [] : [{ bearer: [] }],
      'x-roles': route.access === 'public' ? 'public' : route.access.roles,
      responses: {
        [String(route.response.status)]: {
          description: 'Success',
          content: {
            [route.response.contentType ?? 'application/json']: {
              schema: route.response.schema ? strip(schemaOf(route.response.schema, 'output')) : {},
            },
          },
        },
        ...(route.access === 'public'
          ? {}
          : {
              '401': { description: 'Missing or invalid token', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
              '403': { description: 'Role not allowed, or no active user record', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
            }),
        ...(route.params || route.query || route.body
          ? { '422': { description: 'Invalid input: each issue names the field and the rule', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } }
          : {}),
      },
    };
    if (route.body) {
      op.requestBody = { required: true, content: { 'application/json': { schema: strip(schemaOf(route.body, 'input')) } } };
    }
    (paths[route.path] ??= {})[route.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'bianzhi: establishment office closed-loop API',
      version: '0.1.0',
      description: '机构编制 closed-loop management. Every route except health and this description needs a bearer token; roles are checked against the system’s own user records.',
    },
    servers: serverUrl ? [{ url: serverUrl }] : [],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { ...components, Error: strip(schemaOf(ErrorBody, 'output')) },
    },
  };
};

export const docsPage = (specUrl: string): string => `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>bianzhi API</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem;max-width:70rem}code{background:#f3f3f3;padding:0 .25rem}
.op{border:1px solid #ddd;border-radius:4px;margin:.5rem 0;padding:.5rem 1rem}.m{font-weight:bold;display:inline-block;width:4.5rem}
pre{background:#f8f8f8;padding:.5rem;overflow:auto;font-size:12px}</style></head>
<body><h1>bianzhi API 机构编制闭环管理接口</h1><p>Machine-readable: <a href="${specUrl}">${specUrl}</a></p><div id="ops">Loading…</div>
<script>
fetch(${JSON.stringify(specUrl)}).then(r=>r.json()).then(doc=>{
  const ops=document.getElementById('ops');ops.textContent='';
  for (const [path, methods] of Object.entries(doc.paths)) for (const [m, op] of Object.entries(methods)) {
    const d=document.createElement('details');d.className='op';
    const s=document.createElement('summary');
    s.innerHTML='<span class="m"></span><code></code> — <span></span>';
    s.children[0].textContent=m.toUpperCase();s.children[1].textContent=path;s.children[2].textContent=op.summary;
    const pre=document.createElement('pre');pre.textContent=JSON.stringify({roles:op['x-roles'],parameters:op.parameters,requestBody:op.requestBody,responses:op.responses},null,2);
    d.append(s,pre);ops.append(d);
  }
});
</script></body></html>`;
