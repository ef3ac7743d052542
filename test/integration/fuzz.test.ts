/**
 * R-SEC-3 for every route of the manifest, by property: requests made from each route's own
 * schemas (params, query, body) and then broken one part at a time (wrong types, missing and
 * extra fields, 100 KB strings, control characters, lone surrogates, bidi overrides,
 * %-sequences, emoji and extension-B characters, bodies that are no JSON or no UTF-8, bad,
 * forged and expired tokens) are sent over HTTP to an embedded host. Each must get a 4xx with
 * a JSON error naming the field, never a 5xx, and together they must write nothing. Requests
 * that fit every schema are sent last and held to "no 5xx" only.
 *
 * FUZZ_SEED replays a run (each route's requests follow from it and the route alone);
 * FUZZ_RUNS and FUZZ_VALID_RUNS set the requests per route; FUZZ_ROUTE='POST /users' runs one route.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../infra/local/demo-users.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LOCAL_SCOPE } from '../../infra/local/issuer.ts';
import { listChainHeads } from '../../shared/audit/heads.ts';
import { config } from '../../shared/config.ts';
import { ddb } from '../../shared/data/ddb.ts';
import { manifest } from '../../shared/manifest.ts';
import { type RouteDecl, routeKey } from '../../shared/manifest-types.ts';
import type { Role } from '../../shared/roles.ts';
import { makeNationalId, makeUscc } from '../support/codes.ts';
import { type FuzzFixture, type FuzzRequest, requestArb } from '../support/fuzz-requests.ts';
import { chinese } from '../support/fuzz-values.ts';
import { eventually, startTestHost } from '../support/host.ts';

const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const VALID_RUNS = Number(process.env.FUZZ_VALID_RUNS ?? 6);
const ONLY = process.env.FUZZ_ROUTE;
const DOC = '咸编发〔2026〕7号';

let host: Awaited<ReturnType<typeof startTestHost>>;
let fx: FuzzFixture;

const call = async (method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${host.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await host.issuer.sign(user)}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as any;
  if (res.status >= 300) throw new Error(`fixture ${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};

/** The demo user for a route: an office role first (no subtree to stay in), a department last. */
const ROLE_ORDER: Role[] = [
  'sectionStaff',
  'egovCenter',
  'officeAdmin',
  'personnel',
  'registrationBureau',
  'leader',
  'supervisionSection',
  'finance',
  'department',
  'operator',
  'discipline',
  'inspectionTour',
  'audit',
];
const demoUserOf = (role: Role) => DEMO_USERS.find((u) => u.role === role)!.userId;
const allowed = (route: RouteDecl) => (route.access === 'public' ? [] : route.access.roles);

const routeSeed = (route: RouteDecl) => {
  let h = SEED;
  for (const ch of routeKey(route)) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
};

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
  // Scheduled jobs write (checkpoints, sweeps): none may run while writes are being counted.
  host.scheduler.stop();

  const org = (orgId: string, n: number, extra: Record<string, unknown> = {}) => ({
    orgId,
    name: `模糊测试单位${n}`,
    kind: 'organ',
    fundingForm: 'fullFunding',
    uscc: makeUscc('1', 9000 + n),
    legalPersonStatus: 'registered',
    documentNumber: DOC,
    effectiveDate: '2026-01-01',
    ...extra,
  });
  await call('POST', '/organizations', 'demo-section', org('d001', 1)); // demo-department's own unit
  await call('POST', '/organizations', 'demo-section', org('fz-a', 2));
  await call(
    'POST',
    '/organizations',
    'demo-section',
    org('fz-b', 3, { kind: 'publicInstitution', parentId: 'fz-a', fundingForm: 'differentialFunding', uscc: makeUscc('2', 9003) }),
  );
  for (const [id, type] of [
    ['d001', 'administrative'],
    ['fz-a', 'administrative'],
    ['fz-b', 'publicInstitution'],
  ] as const) {
    await call('PUT', `/organizations/${id}/quotas/${type}`, 'demo-section', { approved: 10, documentNumber: DOC, effectiveDate: '2026-01-01' });
  }
  const personIds: string[] = [];
  for (const [id, n] of [
    ['fz-a', 1],
    ['fz-a', 3],
    ['d001', 5],
    ['d001', 7],
  ] as const) {
    personIds.push(
      (
        await call('POST', `/organizations/${id}/people`, 'demo-egov', {
          nationalId: makeNationalId('1988-08-08', n),
          name: '王芳',
          quotaType: 'administrative',
          onRollSince: '2026-02-01',
        })
      ).personId,
    );
  }
  const plan = await call(
    'POST',
    '/plans',
    'demo-department',
    { orgId: 'd001', quotaType: 'administrative', count: 1, channel: 'publicRecruitment', reason: '公开招聘工作人员' },
    { 'idempotency-key': 'fz-fixture-plan' },
  );
  // The plan waits for its section's decision: from here on nothing runs in the background.
  const task = await eventually(
    async () => (await call('GET', '/tasks', 'demo-section')).items.find((t: any) => t.planId === plan.planId),
    'the fixture plan’s approval task',
  );
  await eventually(
    async () => ((await call('GET', `/plans/${plan.planId}`, 'demo-section')).status === 'pendingApproval' ? true : undefined),
    'the fixture plan to wait for approval',
  );
  await call('POST', '/users', 'demo-admin', { userId: 'fz-disabled', displayName: '停用用户', role: 'sectionStaff', sectionId: 'organs-section' });
  await call('PATCH', '/users/fz-disabled', 'demo-admin', { enabled: false, reason: '模糊测试' });

  const pageTokens = [
    (await call('GET', '/organizations?limit=1', 'demo-section')).nextToken,
    (await call('GET', '/users?limit=1', 'demo-admin')).nextToken,
    (await call('GET', '/organizations/fz-a/people?limit=1', 'demo-egov')).nextToken,
    (await call('GET', '/organizations/d001/people?limit=1', 'demo-egov')).nextToken,
  ] as string[];
  pageTokens.push(
    Buffer.from(JSON.stringify({ pk: 'ORG#fz-b', sk: 'ORG', gsi1pk: 'ORGS', gsi1sk: '/fz-a/fz-b' })).toString('base64url'),
    Buffer.from(JSON.stringify({ pk: 'USER#demo-admin', sk: 'USER', gsi1pk: 'USERS', gsi1sk: 'demo-admin' })).toString('base64url'),
    `${pageTokens[0]!.slice(0, -2)}AA`,
    'e30',
    '',
    'not-a-token',
  );

  const tokens: Record<string, string> = {};
  for (const u of [...DEMO_USERS.map((d) => d.userId), 'fz-disabled']) tokens[u] = await host.issuer.sign(u);
  // Tokens signed with the host's own key but for another issuer or audience, and with a key of our own.
  const keyFile = JSON.parse(readFileSync(join(host.dataDir, 'issuer-rs256.json'), 'utf8')) as { privateKey: JWK };
  const hostKey = await importJWK(keyFile.privateKey, 'RS256');
  const strange = (await generateKeyPair('RS256')).privateKey;
  const jwt = (key: Parameters<SignJWT['sign']>[0], claims: { iss?: string; aud?: string; sub?: string } = {}) =>
    new SignJWT({ scope: LOCAL_SCOPE, token_use: 'access', client_id: claims.aud ?? LOCAL_AUDIENCE })
      .setProtectedHeader({ alg: 'RS256', kid: keyFile.privateKey.kid ?? 'local' })
      .setSubject(claims.sub ?? 'demo-admin')
      .setIssuer(claims.iss ?? LOCAL_ISSUER)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);
  const [h, , s] = tokens['demo-section']!.split('.');
  const admin = JSON.parse(Buffer.from(tokens['demo-admin']!.split('.')[1]!, 'base64url').toString());
  const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(admin)).toString('base64url')}.`;

  fx = {
    userFor: (route) => demoUserOf(ROLE_ORDER.find((r) => allowed(route).includes(r))!),
    wrongRoleFor: (route) => {
      const r = ROLE_ORDER.slice()
        .reverse()
        .find((x) => !allowed(route).includes(x));
      return r ? demoUserOf(r) : undefined;
    },
    tokens,
    badAuth: {
      none: undefined,
      emptyBearer: 'Bearer',
      basic: 'Basic ZGVtbzpkZW1v',
      garbage: 'Bearer garbage',
      threeDots: 'Bearer a.b.c',
      twoTokens: `Bearer ${tokens['demo-section']}, Bearer ${tokens['demo-admin']}`,
      algNone: `Bearer ${none}`,
      tampered: `Bearer ${h}.${Buffer.from(JSON.stringify(admin)).toString('base64url')}.${s}`,
      foreignKey: `Bearer ${await jwt(strange)}`,
      otherIssuer: `Bearer ${await jwt(hostKey, { iss: 'https://evil.example' })}`,
      otherAudience: `Bearer ${await jwt(hostKey, { aud: 'another-api' })}`,
      expired: `Bearer ${await host.issuer.sign('demo-admin', { expiresIn: '-1h' })}`,
      unknownUser: `Bearer ${await host.issuer.sign('fz-ghost')}`,
      disabledUser: `Bearer ${tokens['fz-disabled']}`,
      emptySub: `Bearer ${await host.issuer.sign('')}`,
      keySub: `Bearer ${await host.issuer.sign('USER#demo-admin')}`,
      nulSub: `Bearer ${await host.issuer.sign('demo-admin\u0000')}`,
      upperSub: `Bearer ${await host.issuer.sign('Demo-Admin')}`,
      extBSub: `Bearer ${await host.issuer.sign('𠀀')}`,
      longSub: `Bearer ${await host.issuer.sign('x'.repeat(3000))}`,
    },
    ids: {
      orgId: ['fz-a', 'fz-b', 'd001'],
      personId: personIds,
      planId: [plan.planId],
      taskId: [task.taskId],
      userId: ['demo-leader', 'demo-audit', 'fz-disabled'],
      year: ['2026', '2027'],
    },
    pageTokens,
    hints: {
      orgId: fc.oneof(fc.constantFrom('fz-a', 'fz-b', 'd001'), fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,39}$/)),
      toOrgId: fc.constantFrom('fz-a', 'fz-b', 'd001'),
      intoId: fc.constantFrom('fz-a', 'fz-b', 'd001'),
      successorId: fc.constantFrom('fz-a', 'fz-b'),
      parentId: fc.constantFrom('fz-a', 'd001'),
      planId: fc.constantFrom(plan.planId),
      people: fc.subarray(personIds, { maxLength: 2 }),
      nationalId: fc.oneof(
        fc.nat(998).map((n) => makeNationalId('1990-05-17', n)),
        fc.constant(421202199005170013),
      ),
      uscc: fc.nat(999).map((n) => makeUscc('1', 7000 + n)),
      name: fc.oneof(fc.constantFrom('张伟', '阿依古丽·买买提', '𠀀明', '咸宁市模糊测试中心'), chinese(2, 10)),
      documentNumber: fc.constantFrom(DOC, '咸人减〔2026〕2号', '咸编发〔2026〕12345号'),
      userId: fc.stringMatching(/^fz-[a-z0-9]{4,12}$/),
      organizationId: fc.constantFrom('d001', 'fz-a'),
      sectionId: fc.constantFrom('organs-section', 'egov-center'),
      'files.name': fc.constantFrom('单位.csv', 'roster.XLSX', '人员 (1).csv'),
      contentBase64: fc
        .constantFrom('单位代码,单位名称\nfz-x,名称\n', '身份证号,姓名\n1,张\n', '\u0000\u0001', 'PK\u0003\u0004garbage')
        .map((t) => Buffer.from(t).toString('base64')),
    },
  };
}, 120_000);
afterAll(async () => host?.cleanup());

interface Outcome {
  req: FuzzRequest;
  status: number;
  ms: number;
  problems: string[];
}

const ISSUE_PATH = /^(params|query|body|headers)(\.|\[|$)/;

/** What is wrong with the answer to one request (nothing, for a good answer). */
const judge = (req: FuzzRequest, status: number, text: string): string[] => {
  const problems: string[] = [];
  if (status >= 500) return req.badPathEncoding ? [] : [`${status}: ${text.slice(0, 200)}`];
  if (req.malformed && !(status >= 400 && status < 500)) problems.push(`malformed, answered ${status}`);
  if (status < 400) return problems;
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (json?.error) {
    const e = json.error;
    if (typeof e.code !== 'string' || !e.code) problems.push('error.code missing');
    if (typeof e.message !== 'string' || typeof e.messageZh !== 'string') problems.push('error.message or messageZh missing');
    if (status === 422) {
      if (!Array.isArray(e.issues) || e.issues.length === 0) problems.push('422 without issues');
      for (const i of e.issues ?? []) {
        if (typeof i.path !== 'string' || !ISSUE_PATH.test(i.path) || !i.rule || typeof i.message !== 'string' || typeof i.messageZh !== 'string')
          problems.push(`bad issue ${JSON.stringify(i).slice(0, 200)}`);
      }
      const got = (e.issues ?? []).map((i: any) => `${i.path}:${i.rule}`);
      if (req.expectedIssues && JSON.stringify(got) !== JSON.stringify(req.expectedIssues))
        problems.push(`issues ${JSON.stringify(got).slice(0, 300)}, expected ${JSON.stringify(req.expectedIssues).slice(0, 300)}`);
    }
  } else if ([400, 401, 403, 404, 413].includes(status) && typeof json?.message === 'string') {
    // The gateway's own answers (a path it cannot decode, API Gateway's JWT authorizer and scope
    // check, no route, too large): its shape, not ours.
  } else if (status !== 431 && status !== 414) {
    problems.push(`${status} without a JSON error body: ${text.slice(0, 120)}`);
  }
  return problems;
};

/**
 * Over node:http rather than fetch: a GET may carry a body here, as a client may send one. The
 * URL is first normalized as fetch and the gateway both parse it.
 */
const send = (req: FuzzRequest): Promise<Outcome> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const u = new URL(req.url, host.apiUrl);
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    // A GET is not framed by default: without a length its body would read as the next request.
    const headers = body ? { ...req.headers, 'content-length': String(body.length) } : req.headers;
    const r = request(u.origin + u.pathname + u.search, { method: req.method, headers, timeout: 30_000, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ req, status: res.statusCode ?? 0, ms: performance.now() - started, problems: judge(req, res.statusCode ?? 0, text) });
      });
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(new Error(`timed out: ${req.method} ${req.url.slice(0, 100)}`)));
    r.on('error', reject);
    r.end(body);
  });

const describeReq = (o: Outcome) =>
  `${o.req.method} ${o.req.url.slice(0, 160)} [${o.req.kinds.join(' ')}] → ${o.status}${o.problems.length ? `: ${o.problems.join('; ')}` : ''}${typeof o.req.body === 'string' && o.req.body ? ` body=${o.req.body.slice(0, 160)}` : ''}`;

const countItems = async () => {
  const counts: Record<string, number> = {};
  for (const t of manifest.tables) {
    let n = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await ddb().send(new ScanCommand({ TableName: config.tableName(t.id), Select: 'COUNT', ConsistentRead: true, ExclusiveStartKey: start }));
      n += out.Count ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
    counts[t.id] = n;
  }
  return counts;
};
const heads = async () => Object.fromEntries([...(await listChainHeads())].sort(([a], [b]) => a.localeCompare(b)));

const routes = manifest.routes.filter((r) => !ONLY || routeKey(r) === ONLY);
const malformedOutcomes: Outcome[] = [];
const validOutcomes: Outcome[] = [];

/** Requests per route: malformed, fitting every schema, answers by status, 5xx (ours and the gateway's), time. */
const table = () =>
  routes.map((r) => {
    const all = [...malformedOutcomes, ...validOutcomes].filter((o) => o.req.route === r);
    const statuses = all.reduce<Record<number, number>>((acc, o) => ((acc[o.status] = (acc[o.status] ?? 0) + 1), acc), {});
    return {
      route: routeKey(r),
      requests: all.length,
      malformed: all.filter((o) => o.req.malformed).length,
      fitting: all.filter((o) => !o.req.malformed).length,
      '5xx': all.filter((o) => o.status >= 500 && !o.req.badPathEncoding).length,
      '5xx gateway': all.filter((o) => o.status >= 500 && o.req.badPathEncoding).length,
      ms: Math.round(all.reduce((n, o) => n + o.ms, 0)),
      statuses: Object.entries(statuses)
        .map(([s, n]) => `${s}×${n}`)
        .join(' '),
    };
  });

/** What was done to the malformed requests, over all routes (`body.odd`, `auth.expired`…). */
const kinds = () =>
  Object.entries(
    malformedOutcomes
      .flatMap((o) => o.req.kinds.filter((k) => !/^(params\.known|params\.random|query\.valid|body\.valid)/.test(k)).map((k) => k.replace(/@.*/, '')))
      .reduce<Record<string, number>>((acc, k) => ((acc[k] = (acc[k] ?? 0) + 1), acc), {}),
  ).sort(([a], [b]) => a.localeCompare(b));

describe('fuzz: every route of the manifest', () => {
  let before: { counts: Record<string, number>; heads: Record<string, unknown> };

  it('answers every malformed request with a 4xx and a JSON error naming the field, never a 5xx', async () => {
    console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} replays this run), ${RUNS} malformed requests a route`);
    before = { counts: await countItems(), heads: await heads() };
    const started = Date.now();
    for (const route of routes) {
      const malformed = requestArb(route, fx, 'malformed').filter((r) => r.malformed || r.method === 'GET');
      const arb = route.method === 'GET' ? fc.oneof({ arbitrary: malformed, weight: 4 }, { arbitrary: requestArb(route, fx, 'valid'), weight: 1 }) : malformed;
      for (const req of fc.sample(arb, { seed: routeSeed(route), numRuns: RUNS })) malformedOutcomes.push(await send(req));
    }
    const bad = malformedOutcomes.filter((o) => o.problems.length);
    console.log(`${malformedOutcomes.length} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(bad.map(describeReq), `FUZZ_SEED=${SEED}`).toEqual([]);
  }, 300_000);

  it('wrote nothing for them: item counts of every table and every audit chain head unchanged', async () => {
    expect(malformedOutcomes.length).toBeGreaterThan(0);
    expect(await countItems()).toEqual(before.counts);
    expect(await heads()).toEqual(before.heads);
  });

  it('answers requests that fit every schema without a 5xx, with a JSON error for any 4xx', async () => {
    // Reads took requests that fit their schemas above; here the writes, which may write.
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      const valid = fc.sample(requestArb(route, fx, 'valid'), { seed: routeSeed(route) + 1, numRuns: VALID_RUNS * 5 }).filter((r) => !r.malformed);
      for (const req of valid.slice(0, VALID_RUNS)) validOutcomes.push(await send(req));
    }
    console.table(table());
    console.log(
      `malformed requests by what was done to them: ${kinds()
        .map(([k, n]) => `${k}×${n}`)
        .join(', ')}`,
    );
    expect(validOutcomes.filter((o) => o.problems.length).map(describeReq), `FUZZ_SEED=${SEED}`).toEqual([]);
  }, 300_000);

  // A path the gateway cannot percent-decode (%E4%B8, %zz, an encoded lone surrogate) was a 500.
  it('answers a path parameter the gateway cannot percent-decode with a 4xx', async () => {
    const res = await fetch(`${host.apiUrl}/organizations/%E4%B8`, { headers: { authorization: `Bearer ${fx.tokens['demo-section']}` } });
    expect(res.status).toBeLessThan(500);
    expect(malformedOutcomes.filter((o) => o.req.badPathEncoding && o.status >= 500)).toEqual([]);
  });
});
