/**
 * The replies the API really gives, provoked over HTTP on the embedded host, one of each kind
 * of rejection: each status and error code is one the API reference documents for that
 * operation, and what a clerk reads is Chinese (every `messageZh` and every printed line is
 * scanned for Latin letters, allowing only ids, field paths and file names, which are data).
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { buildOpenApi, openApiPath } from '../../shared/openapi.ts';
import { makeNationalId, makeUscc } from '../support/codes.ts';
import { eventually, startTestHost } from '../support/host.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
const DOC = '咸编发〔2026〕9号';

interface Reply {
  what: string;
  method: string;
  route: string;
  status: number;
  json: any;
}
const replies: Reply[] = [];

/** Calls the route template with its path values filled in, and keeps the reply for the checks below. */
const call = async (
  what: string,
  method: string,
  route: string,
  params: Record<string, string>,
  user: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
) => {
  const path = route.replace(/\{(\w+)\+?\}/g, (_, n: string) => encodeURIComponent(params[n]!));
  route = route.replace(/\?.*$/, '');
  const res = await fetch(`${host.apiUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(user ? { authorization: `Bearer ${await host.issuer.sign(user)}` } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const reply = { what, method, route, status: res.status, json: (await res.json().catch(() => undefined)) as any };
  replies.push(reply);
  return reply;
};

const ids = { personA: '', personB: '', planId: '', taskId: '' };
const PERSON_A = makeNationalId('1975-03-04', 901);
const PERSON_B = makeNationalId('1996-08-09', 903, 'female');

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
  const org = (orgId: string, name: string, n: number, parentId?: string) => ({
    orgId,
    name,
    kind: 'organ',
    parentId,
    fundingForm: 'fullFunding',
    uscc: makeUscc('1', n),
    legalPersonStatus: 'notRequired',
    documentNumber: DOC,
    effectiveDate: '2026-01-01',
  });
  expect((await call('set up', 'POST', '/organizations', {}, 'demo-section', org('err-org', '错误测试局', 950))).status).toBe(201);
  expect((await call('set up', 'POST', '/organizations', {}, 'demo-section', org('err-org2', '错误测试局下属', 951, 'err-org'))).status).toBe(201);
  for (const orgId of ['err-org', 'err-org2']) {
    await call('quota', 'PUT', '/organizations/{orgId}/quotas/{quotaType}', { orgId, quotaType: 'administrative' }, 'demo-section', {
      approved: 1,
      documentNumber: DOC,
      effectiveDate: '2026-01-01',
    });
  }
  await call('user', 'PATCH', '/users/{userId}', { userId: 'demo-department' }, 'demo-admin', { organizationId: 'err-org', reason: '测试' });
  const a = await call('person A', 'POST', '/organizations/{orgId}/people', { orgId: 'err-org' }, 'demo-egov', {
    nationalId: PERSON_A,
    name: '刘洋',
    quotaType: 'administrative',
    onRollSince: '2020-02-01',
  });
  expect(a.status).toBe(201);
  ids.personA = a.json.personId;
}, 60_000);
afterAll(async () => host?.cleanup());

/** Provokes one reply of each kind, in an order that builds the state the next one needs. */
const provoke = async () => {
  const egov = 'demo-egov';
  const dept = 'demo-department';
  const section = 'demo-section';
  const personB = { nationalId: PERSON_B, name: '陈静', quotaType: 'administrative', onRollSince: '2026-03-01' };
  // Access.
  await call('role', 'GET', '/users', {}, dept);
  await call('scope', 'GET', '/organizations/{orgId}', { orgId: 'd-other' }, dept);
  await call('registration bureau renames', 'POST', '/organizations/{orgId}/events', { orgId: 'err-org' }, 'demo-registration', {
    event: 'rename',
    name: '新名称局',
    documentNumber: DOC,
    effectiveDate: '2026-02-01',
  });
  await call('no section', 'GET', '/tasks', {}, 'no-section-staff');
  // Not found.
  await call('no org', 'GET', '/organizations/{orgId}', { orgId: 'no-such-org' }, section);
  await call('no org as at', 'GET', '/organizations/{orgId}?asAt=2000-01-01', { orgId: 'err-org' }, section);
  await call('no person', 'GET', '/people/{personId}', { personId: 'p-000000000000000000000000' }, section);
  await call('no user', 'GET', '/users/{userId}', { userId: 'nobody-here' }, 'demo-admin');
  await call('no task', 'POST', '/tasks/{taskId}/decision', { taskId: 'task-0000000000' }, section, { decision: 'approve', opinion: '同意' });
  // Input that breaks the schema, or is not JSON.
  await call('empty plan', 'POST', '/plans', {}, dept, {}, { 'idempotency-key': 'err-plan-0001' });
  await call(
    'wrong plan',
    'POST',
    '/plans',
    {},
    dept,
    { orgId: 'ERR', quotaType: 'staff', count: 'two', channel: 1, reason: 'x', extra: true },
    { 'idempotency-key': 'err-plan-0002' },
  );
  await call('no key', 'POST', '/plans', {}, dept, { orgId: 'err-org', quotaType: 'administrative', count: 1, channel: 'other', reason: '测试用编计划' });
  await call('not json', 'POST', '/plans', {}, dept, '{"orgId":', { 'idempotency-key': 'err-plan-0003' });
  await call('bad dates', 'POST', '/organizations', {}, section, {
    orgId: 'err-org3',
    name: '日期错误局',
    kind: 'organ',
    fundingForm: 'fullFunding',
    uscc: 'bad',
    legalPersonStatus: 'notRequired',
    documentNumber: '第七号',
    effectiveDate: '2026/01/01',
  });
  await call('bad query', 'GET', '/organizations?limit=0', {}, section);
  await call('bad page token', 'GET', '/users?nextToken=abc', {}, 'demo-admin');
  await call('unreadable file', 'POST', '/imports', {}, egov, { files: [{ name: '名册.xlsx', contentBase64: Buffer.from('不是表格').toString('base64') }] });
  // Rules of the registry.
  await call(
    'plan over vacancy',
    'POST',
    '/plans',
    {},
    dept,
    { orgId: 'err-org', quotaType: 'administrative', count: 1, channel: 'other', reason: '测试用编计划' },
    { 'idempotency-key': 'err-plan-0004' },
  );
  await call(
    'plan wrong type',
    'POST',
    '/plans',
    {},
    dept,
    { orgId: 'err-org', quotaType: 'publicInstitution', count: 1, channel: 'other', reason: '测试用编计划' },
    { 'idempotency-key': 'err-plan-0005' },
  );
  await call('no vacancy', 'POST', '/organizations/{orgId}/people', { orgId: 'err-org' }, egov, personB);
  await call('duplicate person', 'POST', '/organizations/{orgId}/people', { orgId: 'err-org2' }, egov, { ...personB, nationalId: PERSON_A });
  await call('user exists', 'POST', '/users', {}, 'demo-admin', { userId: 'demo-leader', displayName: '重复用户', role: 'leader' });
  await call('no post vacancy', 'POST', '/people/{personId}/post', { personId: ids.personA }, 'demo-personnel', {
    grade: 'sectionChief',
    track: 'leader',
    since: '2026-02-01',
    documentNumber: DOC,
  });
  await call('post quota', 'PUT', '/organizations/{orgId}/post-quotas/{grade}', { orgId: 'err-org', grade: 'sectionChief' }, section, {
    leader: 1,
    nonLeader: 0,
    documentNumber: DOC,
    effectiveDate: '2026-01-02',
  });
  await call('appoint', 'POST', '/people/{personId}/post', { personId: ids.personA }, 'demo-personnel', {
    grade: 'sectionChief',
    track: 'leader',
    since: '2026-02-01',
    documentNumber: DOC,
  });
  await call('same post', 'POST', '/people/{personId}/post', { personId: ids.personA }, 'demo-personnel', {
    grade: 'sectionChief',
    track: 'leader',
    since: '2026-02-01',
    documentNumber: DOC,
  });
  await call('over post quota', 'PUT', '/organizations/{orgId}/post-quotas/{grade}', { orgId: 'err-org', grade: 'sectionChief' }, section, {
    leader: 0,
    nonLeader: 0,
    documentNumber: DOC,
    effectiveDate: '2026-01-03',
  });
  await call('over quota', 'PUT', '/organizations/{orgId}/quotas/{quotaType}', { orgId: 'err-org', quotaType: 'administrative' }, section, {
    approved: 0,
    documentNumber: DOC,
    effectiveDate: '2026-01-03',
  });
  // Off the roll, twice.
  const off = await call('offboard', 'POST', '/people/{personId}/offboard', { personId: ids.personA }, dept, {
    reason: 'retirement',
    date: '2026-03-01',
    documentNumber: '咸人减〔2026〕3号',
  });
  expect(off.status).toBe(200);
  await call('offboard again', 'POST', '/people/{personId}/offboard', { personId: ids.personA }, dept, { reason: 'retirement', date: '2026-03-01' });
  // A plan: decided twice, then used.
  const plan = await call(
    'plan',
    'POST',
    '/plans',
    {},
    dept,
    { orgId: 'err-org2', quotaType: 'administrative', count: 1, channel: 'publicRecruitment', reason: '招聘工作人员一名' },
    { 'idempotency-key': 'err-plan-0006' },
  );
  expect(plan.status).toBe(201);
  ids.planId = plan.json.planId;
  const task = await eventually(
    async () => (await call('tasks', 'GET', '/tasks', {}, section)).json.items.find((t: any) => t.planId === ids.planId),
    'the plan’s task',
  );
  ids.taskId = task.taskId;
  expect(
    (await call('decide', 'POST', '/tasks/{taskId}/decision', { taskId: ids.taskId }, section, { decision: 'approve', opinion: '同意使用编制' })).status,
  ).toBe(200);
  await call('decide again', 'POST', '/tasks/{taskId}/decision', { taskId: ids.taskId }, section, { decision: 'refuse', opinion: '再次办理' });
  await eventually(
    async () => ((await call('plan now', 'GET', '/plans/{planId}', { planId: ids.planId }, section)).json.status === 'approved' ? true : undefined),
    'the plan approved',
  );
  const on = await call('onboard', 'POST', '/organizations/{orgId}/plans/{planId}/people', { orgId: 'err-org2', planId: ids.planId }, dept, {
    nationalId: PERSON_B,
    name: '陈静',
    onRollSince: todayInShanghai(),
  });
  expect(on.status).toBe(201);
  ids.personB = on.json.person.personId;
  await call('withdraw decided', 'POST', '/plans/{planId}/withdraw', { planId: ids.planId }, dept);
  await call('resubmit approved', 'POST', '/plans/{planId}/resubmit', { planId: ids.planId }, dept, {});
  await call('no slot left', 'POST', '/organizations/{orgId}/plans/{planId}/people', { orgId: 'err-org2', planId: ids.planId }, dept, {
    nationalId: makeNationalId('1997-01-02', 905),
    name: '王芳',
    onRollSince: todayInShanghai(),
  });
};

/** Latin letters a clerk may see because they are data: ids, field paths, file names, card numbers. */
const withoutData = (text: string): string => {
  let t = text;
  for (const v of [...Object.values(ids), 'err-org2', 'err-org', 'no-such-org', 'nobody-here', 'demo-leader', '名册.xlsx', 'Idempotency-Key', 'JSON'])
    if (v) t = t.replaceAll(v, '');
  return t.replace(/BZK-[\w-]+/g, '').replace(/\b(body|params|query|headers)(\.[\w-]+|\[\d+\])*/g, '');
};

/** Every messageZh in a reply, wherever it sits (error, issues, warnings, outcomes). */
const messagesZh = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.flatMap(messagesZh)
    : v && typeof v === 'object'
      ? Object.entries(v).flatMap(([k, x]) => (k === 'messageZh' && typeof x === 'string' ? [x] : messagesZh(x)))
      : [];

describe('replies a clerk reads', () => {
  beforeAll(async () => {
    await call('user', 'POST', '/users', {}, 'demo-admin', { userId: 'no-section-staff', displayName: '无科室人员', role: 'sectionStaff' });
    await provoke();
  }, 90_000);

  it('provoke every kind of refusal they are meant to', () => {
    const codes = new Set(replies.filter((r) => r.status >= 400).map((r) => r.json?.error?.code));
    for (const code of [
      'FORBIDDEN',
      'NOT_FOUND',
      'VALIDATION_FAILED',
      'MALFORMED_REQUEST',
      'NO_VACANCY',
      'DUPLICATE_PERSON',
      'USER_EXISTS',
      'NO_POST_VACANCY',
      'SAME_POST',
      'NOT_ON_ROLL',
      'ALREADY_DECIDED',
      'NOT_PENDING',
      'NOT_RETURNED',
      'NO_RESERVED_SLOT',
    ]) {
      expect(codes, code).toContain(code);
    }
    const warnings = replies.flatMap((r) => r.json?.warnings ?? []).map((w: any) => w.code);
    expect(warnings).toEqual(expect.arrayContaining(['OVER_QUOTA', 'OVER_POST_QUOTA']));
  });

  it('say everything in messageZh in Chinese: no codes, no English, only ids and field paths', () => {
    const bad = replies.flatMap((r) =>
      messagesZh(r.json)
        .filter((m) => /[A-Za-z]/.test(withoutData(m)))
        .map((m) => `${r.what} (${r.status}): ${m}`),
    );
    expect(bad).toEqual([]);
    expect(replies.flatMap((r) => messagesZh(r.json)).length).toBeGreaterThan(30);
  });

  it('are each documented in the API reference for their operation: status and error code', () => {
    const doc = buildOpenApi();
    const undocumented = replies.flatMap((r) => {
      const op = (doc.paths[openApiPath(r.route)] as Record<string, any> | undefined)?.[r.method.toLowerCase()];
      const documented = op?.responses?.[String(r.status)];
      const code = r.json?.error?.code;
      if (!documented) return [`${r.what}: ${r.method} ${r.route} answered ${r.status}, not documented`];
      if (code && !JSON.stringify(documented.content?.['application/json']?.schema ?? {}).includes(`"${code}"`))
        return [`${r.what}: ${r.method} ${r.route} ${r.status} ${code} not documented`];
      return [];
    });
    expect(undocumented).toEqual([]);
  });

  it('print forms with Chinese labels and values: 编制类型 行政编制, 减员原因 退休', () => {
    const off = replies.find((r) => r.what === 'offboard')!.json.forms.reductionNotice;
    const on = replies.find((r) => r.what === 'onboard')!.json.forms;
    expect(off.title).toBe('减员通知');
    expect(off.lines).toEqual(
      expect.arrayContaining([
        { label: '减员原因', value: '退休' },
        { label: '编制类型', value: '行政编制' },
        { label: '文号', value: '咸人减〔2026〕3号' },
      ]),
    );
    expect(on.establishmentCard.lines).toEqual(
      expect.arrayContaining([
        { label: '编制类型', value: '行政编制' },
        { label: '姓名', value: '陈静' },
      ]),
    );
    expect(on.intakeApproval.lines).toEqual(
      expect.arrayContaining([
        { label: '进人渠道', value: '公开招聘' },
        { label: '性别', value: '女' },
      ]),
    );
    for (const form of [off, on.establishmentCard, on.intakeApproval]) {
      for (const l of form.lines) expect(`${l.label}${withoutData(l.value)}`, `${form.title} ${l.label}`).not.toMatch(/[A-Za-z]/);
    }
    // The codes stay beside the printed lines for programs.
    expect(off).toMatchObject({ reason: 'retirement', quotaType: 'administrative' });
  });
});
