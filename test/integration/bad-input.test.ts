/**
 * R-SEC-3 over HTTP: page tokens of another list (or made up), free text carrying control or
 * bidirectional characters, and dates that do not exist are each refused with a 422 naming the
 * field, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNationalId, makeUscc } from '../support/codes.ts';
import { startTestHost } from '../support/host.ts';

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
const person = (n: number, extra: Record<string, unknown> = {}) => ({
  nationalId: makeNationalId('1990-05-17', n),
  name: '张伟',
  quotaType: 'administrative',
  onRollSince: '2026-03-01',
  ...extra,
});

/** The issues of a 422, as `path:rule`. */
const issuesOf = (r: { status: number; json: any }) => {
  expect(r.status, JSON.stringify(r.json)).toBe(422);
  for (const i of r.json.error.issues) expect(i.messageZh, JSON.stringify(i)).toMatch(/[\u4e00-\u9fff]/);
  return r.json.error.issues.map((i: any) => `${i.path}:${i.rule}`);
};

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
  for (const [id, n] of [
    ['tok-a', 1],
    ['tok-b', 2],
  ] as const) {
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

describe('free text', () => {
  it('refuses control characters, bidirectional controls and lone surrogates, naming field and rule, writing nothing', async () => {
    const r = await call('POST', '/organizations', 'demo-section', org('txt-bad', 10, { name: '咸宁市\u0000教育局', reason: '依据\u202E文件' }));
    expect(issuesOf(r)).toEqual(['body.name:controlCharacter', 'body.reason:bidiControl']);
    expect((await call('GET', '/organizations/txt-bad', 'demo-section')).status).toBe(404);
    const q = await call('PUT', '/organizations/tok-a/quotas/administrative', 'demo-section', {
      approved: 9,
      documentNumber: DOC,
      effectiveDate: '2026-01-02',
      reason: '调整\uD800',
    });
    expect(issuesOf(q)).toEqual(['body.reason:loneSurrogate']);
    expect((await call('GET', '/organizations/tok-a', 'demo-section')).json.establishment.quota.administrative).toBe(5);
  });

  it('refuses C1 controls, DEL, marks and isolates in every kind of free text', async () => {
    expect(issuesOf(await call('POST', '/users', 'demo-admin', { userId: 'txt-user', displayName: '张\u0085三', role: 'leader' }))).toEqual([
      'body.displayName:controlCharacter',
    ]);
    expect(issuesOf(await call('PATCH', '/users/demo-leader', 'demo-admin', { displayName: 'x', reason: '改\u007F名' }))).toEqual([
      'body.reason:controlCharacter',
    ]);
    expect(
      issuesOf(
        await call('POST', '/organizations/tok-a/events', 'demo-section', {
          event: 'rename',
          name: '新名\u2067称\u2069',
          documentNumber: DOC,
          effectiveDate: '2026-02-01',
        }),
      ),
    ).toEqual(['body.name:bidiControl']);
    expect(issuesOf(await call('POST', '/organizations/tok-a/corrections', 'demo-section', { field: 'name', value: '更正\u200F名', reason: '错字' }))).toEqual([
      'body.value:bidiControl',
    ]);
    expect(issuesOf(await call('POST', '/organizations', 'demo-section', org('txt-doc', 11, { documentNumber: '咸编\u0007发〔2026〕7号' })))).toEqual([
      'body.documentNumber:controlCharacter',
    ]);
    expect(issuesOf(await call('POST', '/organizations/tok-a/people', 'demo-egov', person(901, { post: '科员\u061C' })))).toEqual(['body.post:bidiControl']);
  });

  it('gives a person name with a control character a clean 422', async () => {
    const r = await call('POST', '/organizations/tok-a/people', 'demo-egov', person(903, { name: '张\u0000伟' }));
    expect(issuesOf(r)).toEqual(['body.name:controlCharacter']);
    const head = await call('POST', '/organizations', 'demo-section', org('txt-head', 12, { principalHead: { name: '李\u202E明', since: '2026-01-01' } }));
    expect(issuesOf(head)).toEqual(['body.principalHead.name:bidiControl']);
  });

  it('accepts ordinary Chinese, extension-B characters and the middle dot', async () => {
    const made = await call('POST', '/organizations', 'demo-section', org('txt-good', 13, { name: '咸宁市𬌗𠀀研究中心', reason: '依据《机构编制工作条例》' }));
    expect(made.status, JSON.stringify(made.json)).toBe(201);
    expect(made.json.name).toBe('咸宁市𬌗𠀀研究中心');
    const p = await call('POST', '/organizations/tok-a/people', 'demo-egov', person(905, { name: '阿依古丽·𠀀买提', post: '科员（𬌗）' }));
    expect(p.status, JSON.stringify(p.json)).toBe(201);
    expect(p.json).toMatchObject({ name: '阿依古丽·𠀀买提', post: '科员（𬌗）' });
  });
});

describe('bytes that are not UTF-8', () => {
  it('refuses a JSON body that is not valid UTF-8 with 400, instead of storing replacement characters', async () => {
    const bytes = Buffer.concat([Buffer.from('{"userId":"utf8-bad","displayName":"张', 'utf8'), Buffer.from([0xff, 0xfe]), Buffer.from('","role":"leader"}')]);
    const res = await fetch(`${host.apiUrl}/users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await host.issuer.sign('demo-admin')}`, 'content-type': 'application/json' },
      body: bytes,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.message).toMatch(/UTF-8/);
    expect((await call('GET', '/users/utf8-bad', 'demo-admin')).status).toBe(404);
  });
});

describe('bodies that do not say they are JSON', () => {
  it('refuses a body sent as text or form data with 415 naming the header, writes nothing, and takes any JSON media type', async () => {
    const token = await host.issuer.sign('demo-admin');
    const send = (contentType: string | undefined, userId: string) =>
      fetch(`${host.apiUrl}/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, ...(contentType ? { 'content-type': contentType } : {}) },
        body: JSON.stringify({ userId, displayName: '媒体类型测试', role: 'leader' }),
      });
    // fetch's string body says text/plain; curl's -d alone says form data.
    for (const [contentType, userId] of [
      ['text/plain;charset=UTF-8', 'mt-text'],
      ['application/x-www-form-urlencoded', 'mt-form'],
    ] as const) {
      const res = await send(contentType, userId);
      expect(res.status, contentType).toBe(415);
      const { error } = (await res.json()) as any;
      expect(error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
      expect(error.message).toMatch(/^header content-type: .*application\/json/);
      expect(error.messageZh).toContain('application/json');
      expect((await call('GET', `/users/${userId}`, 'demo-admin')).status).toBe(404);
    }
    expect((await send('Application/JSON; charset=utf-8', 'mt-json')).status).toBe(201);
  });
});

describe('dates', () => {
  it('refuses an as-at date that does not exist', async () => {
    for (const asAt of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10']) {
      expect(issuesOf(await call('GET', `/organizations/tok-a?asAt=${asAt}`, 'demo-section')), asAt).toEqual(['query.asAt:date']);
    }
    expect((await call('GET', '/organizations/tok-a?asAt=2024-02-29', 'demo-section')).status).toBe(404); // real, before set-up
  });

  it('refuses a body date that does not exist, writing nothing', async () => {
    const q = await call('PUT', '/organizations/tok-b/quotas/administrative', 'demo-section', {
      approved: 7,
      documentNumber: DOC,
      effectiveDate: '2026-02-30',
    });
    expect(issuesOf(q)).toEqual(['body.effectiveDate:date']);
    const pq = await call('PUT', '/organizations/tok-b/post-quotas/sectionChief', 'demo-section', {
      leader: 1,
      nonLeader: 0,
      documentNumber: DOC,
      effectiveDate: '2025-02-29',
    });
    expect(issuesOf(pq)).toEqual(['body.effectiveDate:date']);
    expect((await call('GET', '/organizations/tok-b', 'demo-section')).json.establishment).toMatchObject({
      quota: { administrative: 5 },
      posts: { quota: { sectionChief: { leader: 0 } } },
    });
    const people = (await call('GET', '/organizations/tok-b/people', 'demo-egov')).json.items;
    const appoint = await call('POST', `/people/${people[0].personId}/post`, 'demo-personnel', {
      grade: 'sectionChief',
      track: 'leader',
      since: '2026-13-01',
      documentNumber: DOC,
    });
    expect(issuesOf(appoint)).toEqual(['body.since:date']);
    const off = await call('POST', `/people/${people[0].personId}/offboard`, 'demo-egov', { reason: 'retirement', date: '2026-00-10' });
    expect(issuesOf(off)).toEqual(['body.date:date']);
    expect((await call('GET', `/people/${people[0].personId}`, 'demo-egov')).json.status).toBe('onRoll');
  });
});

describe('tokens', () => {
  it('answers a signed token whose subject can be no user id with 403, as for an unknown user, not a 500', async () => {
    // Found by test/integration/fuzz.test.ts: a 3,000-character subject made a key DynamoDB refuses.
    for (const sub of ['x'.repeat(3000), 'USER#demo-admin', 'Demo-Admin', 'demo-admin\u0000', '𠀀', 'fz-ghost']) {
      const res = await fetch(`${host.apiUrl}/me`, { headers: { authorization: `Bearer ${await host.issuer.sign(sub)}` } });
      expect(res.status, sub.slice(0, 20)).toBe(403);
      expect(((await res.json()) as any).error.code).toBe('FORBIDDEN');
    }
  });
});
