/**
 * R-SEC-3 over HTTP: page tokens of another list (or made up), free text carrying control or
 * bidirectional characters, and dates that do not exist are each refused with a 422 naming the
 * field, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHost } from '../support/host.ts';
import { makeNationalId, makeUscc } from '../support/codes.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
const DOC = '咸编发〔2026〕7号';

const call = async (method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${host.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await host.issuer.sign(user)}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
};

const org = (orgId: string, n: number, extra: Record<string, unknown> = {}) => ({
  orgId,
  name: `输入测试单位${n}`,
  kind: 'organ',
  fundingForm: 'fullFunding',
  uscc: makeUscc('1', n),
  legalPersonStatus: 'registered',
  documentNumber: DOC,
  effectiveDate: '2026-01-01',
  ...extra,
});
const person = (n: number, extra: Record<string, unknown> = {}) => ({ nationalId: makeNationalId('1990-05-17', n), name: '张伟', quotaType: 'administrative', onRollSince: '2026-03-01', ...extra });

/** The issues of a 422, as `path:rule`. */
const issuesOf = (r: { status: number; json: any }) => {
  expect(r.status, JSON.stringify(r.json)).toBe(422);
  for (const i of r.json.error.issues) expect(i.messageZh, JSON.stringify(i)).toMatch(/[\u4e00-\u9fff]/);
  return r.json.error.issues.map((i: any) => `${i.path}:${i.rule}`);
};

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
  for (const [id, n] of [['tok-a', 1], ['tok-b', 2]] as const) {
    expect((await call('POST', '/organizations', 'demo-section', org(id, n))).status).toBe(201);
    await call('PUT', `/organizations/${id}/quotas/administrative`, 'demo-section', { approved: 5, documentNumber: DOC, effectiveDate: '2026-01-01' });
    for (let i = 0; i < 3; i++) expect((await call('POST', `/organizations/${id}/people`, 'demo-egov', person(n * 100 + 2 * i + 1))).status).toBe(201);
  }
});
afterAll(async () => host?.cleanup());

describe('page tokens', () => {
  const firstPage = async (path: string, user: string) => {
    const r = await call('GET', `${path}?limit=1`, user);
    expect(r.status).toBe(200);
    expect(r.json.nextToken).toMatch(/^[A-Za-z0-9_.-]+$/); // opaque and URL-safe
    return r.json.nextToken as string;
  };

  it('pages through a list with its own tokens', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const r = await call('GET', `/organizations/tok-a/people?limit=2${token ? `&nextToken=${token}` : ''}`, 'demo-egov');
      expect(r.status).toBe(200);
      seen.push(...r.json.items.map((p: any) => p.personId));
      token = r.json.nextToken;
    } while (token);
    expect(new Set(seen).size).toBe(3);
  });

  it('refuses a token of another organization’s roster with 422 naming query.nextToken', async () => {
    const token = await firstPage('/organizations/tok-a/people', 'demo-egov');
    expect(issuesOf(await call('GET', `/organizations/tok-b/people?nextToken=${token}`, 'demo-egov'))).toEqual(['query.nextToken:pageToken']);
  });

  it('refuses a token of the user list on the organization list, and the other way round', async () => {
    const users = await firstPage('/users', 'demo-admin');
    expect(issuesOf(await call('GET', `/organizations?nextToken=${users}`, 'demo-section'))).toEqual(['query.nextToken:pageToken']);
    const orgs = await firstPage('/organizations', 'demo-section');
    expect(issuesOf(await call('GET', `/users?nextToken=${orgs}`, 'demo-admin'))).toEqual(['query.nextToken:pageToken']);
  });

  it('refuses a forged token: well-formed key JSON, or a real token with its key changed', async () => {
    const forged = Buffer.from(JSON.stringify({ pk: 'ORG#tok-b', sk: 'ORG', gsi1pk: 'ORGS', gsi1sk: '/tok-b' })).toString('base64url');
    expect(issuesOf(await call('GET', `/organizations?nextToken=${forged}`, 'demo-section'))).toEqual(['query.nextToken:pageToken']);
    const real = await firstPage('/organizations/tok-a/people', 'demo-egov');
    const [, mac] = real.split('.');
    const swapped = `${Buffer.from(JSON.stringify({ pk: 'PERSON#p-000000000000000000000000', sk: 'PERSON', gsi2pk: 'ROSTER#tok-a', gsi2sk: 'p-0' })).toString('base64url')}.${mac}`;
    expect(issuesOf(await call('GET', `/organizations/tok-a/people?nextToken=${swapped}`, 'demo-egov'))).toEqual(['query.nextToken:pageToken']);
  });
});
