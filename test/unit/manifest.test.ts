import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifest } from '../../shared/manifest.ts';
import { routeKey } from '../../shared/manifest-types.ts';
import { buildOpenApi, openApiPath } from '../../shared/openapi.ts';

describe('manifest', () => {
  it('has unique ids and routes, and every reference resolves', () => {
    const fnIds = new Set(manifest.functions.map((f) => f.id));
    const tableIds = new Set(manifest.tables.map((t) => t.id));
    expect(fnIds.size).toBe(manifest.functions.length);
    expect(new Set(manifest.routes.map(routeKey)).size).toBe(manifest.routes.length);
    for (const r of manifest.routes) expect(fnIds, routeKey(r)).toContain(r.function);
    for (const s of manifest.schedules) expect(fnIds, s.id).toContain(s.function);
    for (const f of manifest.functions) {
      expect(existsSync(f.entry), f.entry).toBe(true);
      for (const t of Object.keys(f.tables)) expect(tableIds, `${f.id} → ${t}`).toContain(t);
      for (const file of f.files ?? []) expect(existsSync(file), `${f.id} reads ${file}`).toBe(true);
    }
    for (const sm of manifest.stateMachines) {
      expect(existsSync(sm.file), sm.file).toBe(true);
      for (const fn of Object.values(sm.functionSubstitutions)) expect(fnIds).toContain(fn);
    }
  });

  it('every non-public route names at least one role', () => {
    for (const r of manifest.routes) {
      if (r.access !== 'public') expect(r.access.roles.length, routeKey(r)).toBeGreaterThan(0);
    }
    const publicRoutes = manifest.routes
      .filter((r) => r.access === 'public')
      .map(routeKey)
      .sort();
    expect(publicRoutes).toEqual(['GET /docs', 'GET /docs/{file+}', 'GET /health', 'GET /openapi.json']);
  });

  it('every route on an organization or person declares the parameter that scopes it', () => {
    for (const r of manifest.routes) {
      const param = /\{(orgId|personId|planId|matterId|transferId|letterId)\}/.exec(r.path)?.[1];
      expect(r.scopedBy, routeKey(r)).toBe(param);
    }
  });

  it('the OpenAPI document describes every manifest route', () => {
    const doc = buildOpenApi();
    for (const r of manifest.routes) {
      expect(doc.paths[openApiPath(r.path)]?.[r.method.toLowerCase()], routeKey(r)).toBeDefined();
    }
    const count = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    expect(count).toBe(manifest.routes.length);
    const post = doc.paths['/users']!.post as { requestBody: { content: Record<string, { schema: { $ref: string } }> } };
    expect(post.requestBody.content['application/json']!.schema.$ref).toBe('#/components/schemas/UserInput');
    expect((doc.components.schemas as unknown as Record<string, { required: string[] }>).UserInput!.required).toContain('role');
  });
});
