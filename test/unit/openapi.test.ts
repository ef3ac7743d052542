import { compileErrors, validate } from '@readme/openapi-parser';
/**
 * The API reference a newcomer can use: valid OpenAPI (checked by a maintained validator), the
 * Error schema defined, every status each operation answers documented with its error codes,
 * and a worked example per operation that its own schemas accept.
 */
import { describe, expect, it } from 'vitest';
import { ROUTE_EXAMPLES } from '../../shared/api-examples.ts';
import { ERROR_CODES } from '../../shared/error-codes.ts';
import { manifest } from '../../shared/manifest.ts';
import { routeErrorCodes, routeKey } from '../../shared/manifest-types.ts';
import { buildOpenApi, openApiPath } from '../../shared/openapi.ts';
import * as z from '../../shared/schemas/zod.ts';

const doc = buildOpenApi();
const schemas = doc.components.schemas as Record<string, any>;
const opOf = (r: (typeof manifest.routes)[number]) => (doc.paths[openApiPath(r.path)] as Record<string, any>)[r.method.toLowerCase()];

describe('OpenAPI document', () => {
  it('passes a maintained OpenAPI 3.1 validator without warnings', async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it('defines the Error schema instead of referring it to itself', () => {
    expect(schemas.Error).toMatchObject({
      type: 'object',
      properties: { error: { type: 'object', required: expect.arrayContaining(['code', 'message', 'messageZh']) } },
    });
    for (const [name, s] of Object.entries(schemas)) expect(s.$ref, name).not.toBe(`#/components/schemas/${name}`);
  });

  it('documents every status each operation answers, with its stable error codes', () => {
    for (const r of manifest.routes) {
      const op = opOf(r);
      const responses = op.responses as Record<string, any>;
      expect(responses[String(r.response.status)], routeKey(r)).toBeDefined();
      if (r.access !== 'public') expect(Object.keys(responses), routeKey(r)).toEqual(expect.arrayContaining(['401', '403']));
      if (r.body) expect(Object.keys(responses), routeKey(r)).toEqual(expect.arrayContaining(['400', '422']));
      if (r.params || r.query) expect(Object.keys(responses), routeKey(r)).toContain('422');
      for (const code of routeErrorCodes(r)) {
        const res = responses[String(ERROR_CODES[code].status)];
        expect(JSON.stringify(res.content['application/json'].schema), `${routeKey(r)} ${code}`).toContain(`"${code}"`);
        expect(res.content['application/json'].examples[code], `${routeKey(r)} ${code}`).toBeDefined();
        expect(res.description, `${routeKey(r)} ${code}`).toContain(code);
      }
    }
  });

  it('names the real 404s and 409s of the routes that have them', () => {
    const codesOf = (key: string, status: string) =>
      JSON.stringify(opOf(manifest.routes.find((r) => routeKey(r) === key)!).responses[status]?.content['application/json'].schema ?? {});
    expect(codesOf('POST /organizations/{orgId}/people', '409')).toMatch(/NO_VACANCY.*DUPLICATE_PERSON/);
    expect(codesOf('POST /tasks/{taskId}/decision', '409')).toMatch(/ALREADY_DECIDED/);
    expect(codesOf('POST /tasks/{taskId}/decision', '404')).toMatch(/NOT_FOUND/);
    expect(codesOf('POST /plans', '400')).toMatch(/MALFORMED_REQUEST/);
  });

  it('has a worked example for every operation that its own schemas accept', () => {
    for (const r of manifest.routes) {
      const key = routeKey(r);
      const ex = ROUTE_EXAMPLES[key];
      expect(ex, key).toBeDefined();
      if (r.params) expect(z.safeParse(r.params, ex!.params).error, `${key} params`).toBeUndefined();
      if (r.query) expect(z.safeParse(r.query, ex!.query ?? {}).error, `${key} query`).toBeUndefined();
      if (r.body) {
        expect(ex!.request, `${key} request`).toBeDefined();
        expect(z.safeParse(r.body, ex!.request).error, `${key} request`).toBeUndefined();
      } else expect(ex!.request, `${key} takes no body`).toBeUndefined();
      if (r.response.schema) expect(z.safeParse(r.response.schema, ex!.response).error, `${key} response`).toBeUndefined();
      if (ex!.contentType) expect([r.response.contentType, ...(r.response.contentTypes ?? [])], key).toContain(ex!.contentType);
    }
    expect(Object.keys(ROUTE_EXAMPLES).sort()).toEqual(manifest.routes.map(routeKey).sort());
  });

  it('shows the examples in the document: request body, reply and path values', () => {
    const plan = opOf(manifest.routes.find((r) => routeKey(r) === 'POST /plans')!);
    expect(plan.requestBody.content['application/json'].example).toEqual(ROUTE_EXAMPLES['POST /plans']!.request);
    expect(plan.responses['201'].content['application/json'].example).toEqual(ROUTE_EXAMPLES['POST /plans']!.response);
    const onboard = opOf(manifest.routes.find((r) => routeKey(r) === 'POST /organizations/{orgId}/plans/{planId}/people')!);
    expect(onboard.parameters.find((p: any) => p.name === 'orgId').example).toBe('d001');
    // The 422 example is what the API really answers for an empty body.
    expect(plan.responses['422'].content['application/json'].examples.VALIDATION_FAILED.value.error.issues.map((i: any) => i.path)).toContain('body.orgId');
  });
});
