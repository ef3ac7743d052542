/**
 * The local gateway as API Gateway behaves (401, 404, claims as strings), the role middleware
 * reading our own user records (403), and the users API, all over HTTP.
 */

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddb } from '../../shared/data/ddb.ts';
import { manifest } from '../../shared/manifest.ts';
import type { Manifest } from '../../shared/manifest-types.ts';
import { ROLES } from '../../shared/roles.ts';
import { startTestHost } from '../support/host.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
let lastEvent: any;

const testManifest: Manifest = {
  ...manifest,
  routes: [
    ...manifest.routes,
    { method: 'GET', path: '/_test/echo/{caseId}', function: 'echo', access: { roles: ROLES }, tag: 'test', summary: 'echo', response: { status: 200 } },
  ],
};

beforeAll(async () => {
  host = await startTestHost({
    manifest: testManifest,
    seedDemo: true,
    extraFunctions: {
      echo: async (event) => {
        lastEvent = event;
        return { statusCode: 200, body: 'ok' };
      },
    },
  });
});
afterAll(async () => host?.cleanup());

const call = async (method: string, path: string, opts: { user?: string; token?: string; body?: unknown } = {}) => {
  const token = opts.token ?? (opts.user ? await host.issuer.sign(opts.user) : undefined);
  const res = await fetch(`${host.apiUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
};

describe('gateway', () => {
  it('answers health and the API description without a token', async () => {
    const health = await call('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.json.checks).toMatchObject({ dynamodb: { ok: true }, stepfunctions: { ok: true }, scheduler: { ok: true } });
    const doc = await call('GET', '/openapi.json');
    expect(doc.json.openapi).toBe('3.1.0');
    expect(Object.keys(doc.json.paths)).toContain('/users/{userId}');
    const page = await call('GET', '/docs');
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('refuses a missing, forged or expired token with 401 before any function runs', async () => {
    lastEvent = undefined;
    expect((await call('GET', '/_test/echo/1')).status).toBe(401);
    const good = await host.issuer.sign('demo-admin');
    const forged = good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect((await call('GET', '/_test/echo/1', { token: forged })).status).toBe(401);
    const expired = await host.issuer.sign('demo-admin', { expiresIn: '-1m' });
    expect((await call('GET', '/_test/echo/1', { token: expired })).status).toBe(401);
    expect(lastEvent).toBeUndefined();
  });

  it('answers 404 for an unknown path or method', async () => {
    expect((await call('GET', '/nothing-here', { user: 'demo-admin' })).status).toBe(404);
    expect((await call('DELETE', '/users', { user: 'demo-admin' })).status).toBe(404);
  });

  it('builds the event as API Gateway does: route key, path parameters, claims as strings', async () => {
    const res = await call('GET', '/_test/echo/%E4%BA%8B%E9%A1%B9-7?stage=a&stage=b', { user: 'demo-leader' });
    expect(res.status).toBe(200);
    expect(lastEvent.version).toBe('2.0');
    expect(lastEvent.routeKey).toBe('GET /_test/echo/{caseId}');
    expect(lastEvent.pathParameters).toEqual({ caseId: '事项-7' });
    expect(lastEvent.queryStringParameters).toEqual({ stage: 'a,b' });
    const claims = lastEvent.requestContext.authorizer.jwt.claims;
    expect(claims.sub).toBe('demo-leader');
    expect(typeof claims.exp).toBe('string');
    expect(claims.exp).toMatch(/^\d+$/);
    expect(claims.amr).toBe('[pwd]');
    expect(lastEvent.requestContext.authorizer.jwt.scopes).toEqual(['bianzhi/api']);
  });
});

describe('roles from our own records', () => {
  it('lets officeAdmin manage users and refuses other roles with 403', async () => {
    expect((await call('GET', '/users', { user: 'demo-admin' })).status).toBe(200);
    for (const user of ['demo-department', 'demo-leader', 'demo-finance', 'demo-operator']) {
      const r = await call('GET', '/users', { user });
      expect(r.status, user).toBe(403);
      expect(r.json.error.code).toBe('FORBIDDEN');
    }
  });

  it('refuses a valid token whose user has no record', async () => {
    const r = await call('GET', '/me', { user: 'nobody-known' });
    expect(r.status).toBe(403);
    expect(r.json.error.messageZh).toBeTruthy();
  });

  it('applies a role change and a disable on the very next request', async () => {
    const created = await call('POST', '/users', {
      user: 'demo-admin',
      body: { userId: 'clerk.wang', displayName: '王科员', role: 'department', organizationId: 'org-education' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ userId: 'clerk.wang', enabled: true, version: 1 });
    const token = await host.issuer.sign('clerk.wang');
    expect((await call('GET', '/me', { token })).json.role).toBe('department');
    expect((await call('GET', '/users', { token })).status).toBe(403);

    const promoted = await call('PATCH', '/users/clerk.wang', {
      user: 'demo-admin',
      body: { role: 'officeAdmin', organizationId: null, reason: '调任办公室' },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.json.organizationId).toBeUndefined();
    expect((await call('GET', '/users', { token })).status).toBe(200);

    await call('PATCH', '/users/clerk.wang', { user: 'demo-admin', body: { enabled: false, reason: '离职' } });
    expect((await call('GET', '/me', { token })).status).toBe(403);
  });

  it('keeps an audit entry for every user change with actor, before, after and reason', async () => {
    const out = await ddb().send(
      new QueryCommand({ TableName: process.env.TABLE_AUDIT, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'CHAIN#office' } }),
    );
    const entries = (out.Items ?? []).filter((e) => e.entityId === 'clerk.wang');
    expect(entries.map((e) => e.action)).toEqual(['create', 'update', 'update']);
    expect(entries[1]).toMatchObject({
      actor: 'demo-admin',
      role: 'officeAdmin',
      reason: '调任办公室',
      before: { role: 'department' },
      after: { role: 'officeAdmin' },
    });
    expect(entries[2]!.after.enabled).toBe(false);
  });
});

describe('bad input', () => {
  it('names each bad field and the rule, in English and Chinese, with 422', async () => {
    const r = await call('POST', '/users', { user: 'demo-admin', body: { userId: 'X!', displayName: '', role: 'king', extra: 1 } });
    expect(r.status).toBe(422);
    const paths = r.json.error.issues.map((i: any) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.userId', 'body.displayName', 'body.role']));
    for (const i of r.json.error.issues) expect(i.messageZh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('answers malformed JSON with 400 and a duplicate with 409, writing nothing', async () => {
    expect((await call('POST', '/users', { user: 'demo-admin', body: '{"userId": ' })).status).toBe(400);
    const dup = await call('POST', '/users', { user: 'demo-admin', body: { userId: 'demo-leader', displayName: 'x', role: 'leader' } });
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe('USER_EXISTS');
    expect((await call('GET', '/users/demo-leader', { user: 'demo-admin' })).json.displayName).toBe('编办领导（演示）');
  });

  it('holds a patched user to the rule a new one is held to: a department user keeps an organization', async () => {
    const body = { userId: 'clerk.li', displayName: '李科员', role: 'department', organizationId: 'org-education' };
    expect((await call('POST', '/users', { user: 'demo-admin', body })).status).toBe(201);
    for (const patch of [{ organizationId: null }, { role: 'department', organizationId: null }]) {
      const r = await call('PATCH', '/users/clerk.li', { user: 'demo-admin', body: { ...patch, reason: '核对' } });
      expect(r.status, JSON.stringify(r.json)).toBe(422);
      expect(r.json.error.issues).toEqual([expect.objectContaining({ path: 'body.organizationId', rule: 'requiredForDepartment' })]);
    }
    const promoted = await call('POST', '/users', { user: 'demo-admin', body: { ...body, userId: 'clerk.zhao', role: 'leader', organizationId: undefined } });
    expect(promoted.status).toBe(201);
    expect((await call('PATCH', '/users/clerk.zhao', { user: 'demo-admin', body: { role: 'department', reason: '调整' } })).status).toBe(422);
    expect((await call('GET', '/users/clerk.li', { user: 'demo-admin' })).json).toMatchObject({ organizationId: 'org-education', version: 1 });
  });

  it('answers an unknown user with 404 and a stale page token with 422', async () => {
    expect((await call('GET', '/users/ghost', { user: 'demo-admin' })).status).toBe(404);
    expect((await call('GET', '/users?nextToken=%%%', { user: 'demo-admin' })).status).toBe(422);
    expect((await call('GET', '/users?limit=0', { user: 'demo-admin' })).status).toBe(422);
  });
});

describe('scheduler', () => {
  it('delivers a schedule when the clock passes it, and a second delivery of the same time changes nothing', async () => {
    const [before] = host.scheduler.list();
    expect(before!.id).toBe('deadline-sweep');
    const next = new Date(before!.next!);
    await host.clock.advance(next.getTime() - host.clock.now().getTime() + 1000);
    const [after] = host.scheduler.list();
    expect(after!.lastRun).toMatchObject({ scheduledTime: next.toISOString().replace('.000Z', 'Z'), ok: true });
    expect(new Date(after!.next!).getTime() - next.getTime()).toBe(86_400_000);

    const again = (await host.scheduler.fire('deadline-sweep', next)) as any;
    expect(again.duplicate).toBe(true);
    const runs = await ddb().send(
      new QueryCommand({
        TableName: process.env.TABLE_CONFIG,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': 'JOBRUN#deadline-sweep' },
      }),
    );
    expect(runs.Items).toHaveLength(1);
  });
});
