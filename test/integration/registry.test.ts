/**
 * The registry over HTTP on the embedded host: organizations, quotas, the roster and their
 * counters, validation, scope, masking, and the audit chain behind every change.
 */

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddb } from '../../shared/data/ddb.ts';
import { verifyChain } from '../../shared/domain/audit-chain.ts';
import { makeNationalId, makeUscc } from '../support/codes.ts';
import { startTestHost } from '../support/host.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
});
afterAll(async () => host?.cleanup());

const call = async (method: string, path: string, user: string, body?: unknown) => {
  const res = await fetch(`${host.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await host.issuer.sign(user)}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
};

const DOC = '咸编发〔2026〕7号';
const org = (orgId: string, n: number, extra: Record<string, unknown> = {}) => ({
  orgId,
  name: `测试单位${n}`,
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

const chainEntries = async (chain: string) =>
  (
    await ddb().send(
      new QueryCommand({
        TableName: process.env.TABLE_AUDIT,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `CHAIN#${chain}` },
        ConsistentRead: true,
      }),
    )
  ).Items as any[];

describe('organizations and quotas', () => {
  it('sets up a department and an institution under it, each with counters at zero', async () => {
    const dept = await call('POST', '/organizations', 'demo-section', org('edu', 1, { principalHead: { name: '李明', since: '2026-10-08' } }));
    expect(dept.status).toBe(201);
    expect(dept.json).toMatchObject({ orgId: 'edu', path: '/edu', departmentId: 'edu', establishment: { vacancy: { administrative: 0 } } });
    const school = await call(
      'POST',
      '/organizations',
      'demo-section',
      org('edu-school', 2, { kind: 'publicInstitution', parentId: 'edu', fundingForm: 'differentialFunding', uscc: makeUscc('2', 2) }),
    );
    expect(school.status).toBe(201);
    expect(school.json).toMatchObject({ path: '/edu/edu-school', departmentId: 'edu' });
    await call('POST', '/organizations', 'demo-section', org('health', 3));
  });

  it('refuses bad input naming every field and rule, writing nothing', async () => {
    const r = await call(
      'POST',
      '/organizations',
      'demo-section',
      org('bad-one', 9, { uscc: '914403001922038217', fundingForm: 'selfFunding', effectiveDate: '2099-01-01' }),
    );
    expect(r.status).toBe(422);
    expect(r.json.error.issues.map((i: any) => `${i.path}:${i.rule}`)).toEqual([
      'body.uscc:checksum',
      'body.fundingForm:fundingForKind',
      'body.effectiveDate:future',
    ]);
    expect((await call('POST', '/organizations', 'demo-section', org('bad-two', 10, { uscc: makeUscc('2', 10) }))).json.error.issues[0].rule).toBe('category');
    expect((await call('POST', '/organizations', 'demo-section', org('bad-three', 11, { documentNumber: '7号' }))).json.error.issues[0].path).toBe(
      'body.documentNumber',
    );
    expect((await call('GET', '/organizations/bad-one', 'demo-section')).status).toBe(404); // nothing was written
    const dup = await call('POST', '/organizations', 'demo-section', org('edu-copy', 1));
    expect(dup).toMatchObject({ status: 409, json: { error: { code: 'USCC_IN_USE' } } });
  });

  it('sets a quota and refuses a type the organization kind may not hold', async () => {
    const r = await call('PUT', '/organizations/edu/quotas/administrative', 'demo-section', { approved: 3, documentNumber: DOC, effectiveDate: '2026-02-01' });
    expect(r.status).toBe(200);
    expect(r.json.organization.establishment).toMatchObject({ quota: { administrative: 3 }, vacancy: { administrative: 3 } });
    expect(r.json.warnings).toEqual([]);
    const wrong = await call('PUT', '/organizations/edu/quotas/publicInstitution', 'demo-section', {
      approved: 3,
      documentNumber: DOC,
      effectiveDate: '2026-02-01',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.json.error.issues[0]).toMatchObject({ path: 'params.quotaType', rule: 'quotaTypeForKind' });
  });
});

describe('roster', () => {
  it('takes people while there is a vacancy, and refuses the next with 409', async () => {
    for (let i = 1; i <= 3; i++) expect((await call('POST', '/organizations/edu/people', 'demo-egov', person(i * 2 + 1))).status).toBe(201);
    const full = await call('POST', '/organizations/edu/people', 'demo-egov', person(99));
    expect(full).toMatchObject({ status: 409, json: { error: { code: 'NO_VACANCY' } } });
    const edu = await call('GET', '/organizations/edu', 'demo-section');
    expect(edu.json.establishment).toMatchObject({ quota: { administrative: 3 }, onRoll: { administrative: 3 }, vacancy: { administrative: 0 } });
  });

  it('refuses a person who already holds a slot anywhere, without saying where', async () => {
    await call('PUT', '/organizations/health/quotas/administrative', 'demo-section', { approved: 5, documentNumber: DOC, effectiveDate: '2026-02-01' });
    const r = await call('POST', '/organizations/health/people', 'demo-egov', person(3));
    expect(r).toMatchObject({ status: 409, json: { error: { code: 'DUPLICATE_PERSON' } } });
    expect(JSON.stringify(r.json)).not.toMatch(/edu/);
  });

  it('checks every person field: ID, name, age, quota type for the kind', async () => {
    const r = await call('POST', '/organizations/health/people', 'demo-egov', {
      nationalId: 421202199005170013,
      name: 'Zhang',
      quotaType: 'publicInstitution',
      onRollSince: '2026-03-01',
    });
    expect(r.status).toBe(422);
    expect(r.json.error.issues.map((i: any) => `${i.path}:${i.rule}`)).toEqual([
      'body.nationalId:storedAsNumber',
      'body.name:characters',
      'body.quotaType:quotaTypeForKind',
    ]);
    const young = await call('POST', '/organizations/health/people', 'demo-egov', person(5, { nationalId: makeNationalId('2010-01-01', 5) }));
    expect(young.json.error.issues[0]).toMatchObject({ path: 'body.nationalId', rule: 'tooYoung' });
  });

  it('accepts minority names and rare characters, and works out the retirement date', async () => {
    const r = await call(
      'POST',
      '/organizations/health/people',
      'demo-egov',
      person(7, { name: '阿依古丽·买买提', nationalId: makeNationalId('1976-01-01', 7, 'female') }),
    );
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ name: '阿依古丽·买买提', gender: 'female', retirementDate: '2032-08-01' });
  });

  it('shows full national IDs to the roster keeper and masks them for other office roles', async () => {
    const keeper = await call('GET', '/organizations/edu/people', 'demo-egov');
    expect(keeper.json.items[0].nationalId).toMatch(/^\d{17}[\dX]$/);
    const section = await call('GET', '/organizations/edu/people', 'demo-section');
    expect(section.json.items[0].nationalId).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(section.json.items[0].birthDate).toBeUndefined();
  });
});

describe('over quota', () => {
  it('records a quota cut below on-roll as over quota, warns, and refuses intake until back within quota', async () => {
    const cut = await call('PUT', '/organizations/edu/quotas/administrative', 'demo-section', {
      approved: 1,
      documentNumber: '咸编发〔2026〕9号',
      effectiveDate: '2026-06-01',
    });
    expect(cut.status).toBe(200);
    expect(cut.json.warnings[0]).toMatchObject({ code: 'OVER_QUOTA' });
    expect(cut.json.organization.establishment).toMatchObject({ vacancy: { administrative: -2 }, overQuota: ['administrative'] });
    expect((await call('POST', '/organizations/edu/people', 'demo-egov', person(41))).json.error.code).toBe('NO_VACANCY');
  });

  it('reads the organization as it was on an earlier date', async () => {
    const before = await call('GET', '/organizations/edu?asAt=2026-03-15', 'demo-section');
    expect(before.json.establishment.quota.administrative).toBe(3);
    expect(before.json.establishment.onRoll.administrative).toBe(3); // the roster, counted by each person's date
    const early = await call('GET', '/organizations/edu?asAt=2026-02-15', 'demo-section');
    expect(early.json.establishment).toMatchObject({ quota: { administrative: 3 }, onRoll: { administrative: 0 }, vacancy: { administrative: 3 } });
    const after = await call('GET', '/organizations/edu?asAt=2026-07-01', 'demo-section');
    expect(after.json.establishment.quota.administrative).toBe(1);
    expect((await call('GET', '/organizations/edu?asAt=2025-12-31', 'demo-section')).status).toBe(404);
  });
});

describe('leadership posts', () => {
  it('appoints within the post quota, frees the old post on a move, and refuses beyond it', async () => {
    const set = await call('PUT', '/organizations/health/post-quotas/sectionChief', 'demo-section', {
      leader: 1,
      nonLeader: 0,
      documentNumber: DOC,
      effectiveDate: '2026-02-01',
    });
    expect(set.status).toBe(200);
    await call('PUT', '/organizations/health/post-quotas/sectionDeputy', 'demo-section', {
      leader: 1,
      nonLeader: 0,
      documentNumber: DOC,
      effectiveDate: '2026-02-01',
    });
    const a = await call('POST', '/organizations/health/people', 'demo-egov', person(61));
    const b = await call('POST', '/organizations/health/people', 'demo-egov', person(63));
    const appoint = (id: string, grade: string) =>
      call('POST', `/people/${id}/post`, 'demo-personnel', { grade, track: 'leader', since: '2026-03-01', documentNumber: '咸组干〔2026〕5号' });
    expect((await appoint(a.json.personId, 'sectionDeputy')).status).toBe(200);
    expect((await appoint(a.json.personId, 'sectionChief')).status).toBe(200); // a promotion frees the deputy post
    expect((await appoint(b.json.personId, 'sectionDeputy')).status).toBe(200);
    const full = await appoint(b.json.personId, 'sectionChief');
    expect(full).toMatchObject({ status: 409, json: { error: { code: 'NO_POST_VACANCY' } } });
    const health = await call('GET', '/organizations/health', 'demo-section');
    expect(health.json.establishment.posts.used).toMatchObject({ sectionChief: { leader: 1 }, sectionDeputy: { leader: 1 } });
    expect(health.json.establishment.posts.vacancy).toMatchObject({ sectionChief: { leader: 0 }, sectionDeputy: { leader: 0 } });
    // Cutting the post quota below what is filled warns and shows over-post-quota.
    const cut = await call('PUT', '/organizations/health/post-quotas/sectionChief', 'demo-section', {
      leader: 0,
      nonLeader: 0,
      documentNumber: DOC,
      effectiveDate: '2026-04-01',
    });
    expect(cut.json.warnings[0].code).toBe('OVER_POST_QUOTA');
    expect(cut.json.organization.establishment.overPostQuota).toEqual([{ grade: 'sectionChief', track: 'leader' }]);
  });
});

describe('lifecycle', () => {
  const doc = (n: number) => `咸编发〔2026〕${n}号`;
  it('renames, records a new head and legal-person registration, each with its document', async () => {
    const r = await call('POST', '/organizations/edu-school/events', 'demo-section', {
      event: 'rename',
      name: '咸宁市教育服务中心',
      documentNumber: doc(21),
      effectiveDate: '2026-09-01',
    });
    expect(r).toMatchObject({ status: 200, json: { name: '咸宁市教育服务中心', version: 2 } });
    const h = await call('POST', '/organizations/edu-school/events', 'demo-section', {
      event: 'changeHead',
      principalHead: { name: '周红', since: '2026-11-02' },
      documentNumber: doc(22),
      effectiveDate: '2026-11-02',
    });
    expect(h.json.principalHead).toEqual({ name: '周红', since: '2026-11-02' });
    expect(
      (
        await call('POST', '/organizations/edu-school/events', 'demo-registration', {
          event: 'legalPersonRegistration',
          legalPersonStatus: 'registered',
          documentNumber: '咸登〔2026〕3号',
          effectiveDate: '2026-11-05',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call('POST', '/organizations/edu-school/events', 'demo-registration', {
          event: 'rename',
          name: '别名',
          documentNumber: doc(23),
          effectiveDate: '2026-11-05',
        })
      ).status,
    ).toBe(403);
    expect((await call('GET', '/organizations/edu-school?asAt=2026-06-30', 'demo-section')).json.name).toBe('测试单位2');
    const history = await call('GET', '/organizations/edu-school/history', 'demo-section');
    expect(history.json.events.map((e: any) => e.event)).toEqual(['setUp', 'rename', 'changeHead', 'legalPersonRegistration']);
  });

  it('keeps a clerical correction apart from business events, with its reason', async () => {
    const c = await call('POST', '/organizations/edu-school/corrections', 'demo-section', {
      field: 'name',
      value: '咸宁市教育服务中心（更正）',
      reason: '录入错字',
    });
    expect(c.json.name).toBe('咸宁市教育服务中心（更正）');
    const bad = await call('POST', '/organizations/edu-school/corrections', 'demo-section', { field: 'uscc', value: '914403001922038216', reason: '录入错误' });
    expect(bad.json.error.issues[0]).toMatchObject({ path: 'body.value', rule: 'category' });
    const history = await call('GET', '/organizations/edu-school/history', 'demo-section');
    expect(history.json.events).toHaveLength(4);
    expect(history.json.corrections).toEqual([
      expect.objectContaining({ field: 'name', before: '咸宁市教育服务中心', reason: '录入错字', actor: 'demo-section' }),
    ]);
    // The department reads that the office corrected it, not who in the office.
    expect(
      (await call('POST', '/users', 'demo-admin', { userId: 'edu-clerk', displayName: '教育局经办人', role: 'department', organizationId: 'edu' })).status,
    ).toBe(201);
    const asUnit = await call('GET', '/organizations/edu-school/history', 'edu-clerk');
    expect(asUnit.json.corrections).toEqual([expect.objectContaining({ field: 'name', reason: '录入错字', actor: 'office' })]);
  });

  it('merges an organization into another: quotas, posts and people move, and the old one is abolished', async () => {
    for (const [id, n, q] of [
      ['m-a', 30, 3],
      ['m-b', 31, 2],
    ] as const) {
      await call('POST', '/organizations', 'demo-section', org(id, n));
      await call('PUT', `/organizations/${id}/quotas/administrative`, 'demo-section', { approved: q, documentNumber: DOC, effectiveDate: '2026-01-01' });
    }
    await call('POST', '/organizations/m-a/people', 'demo-egov', person(501));
    await call('POST', '/organizations/m-a/people', 'demo-egov', person(503));
    await call('POST', '/organizations/m-b/people', 'demo-egov', person(505));
    const refused = await call('POST', '/organizations/m-a/events', 'demo-section', { event: 'abolish', documentNumber: doc(30), effectiveDate: '2026-10-01' });
    expect(refused.json.error.issues[0].rule).toBe('notEmpty');
    const merged = await call('POST', '/organizations/m-a/events', 'demo-section', {
      event: 'merge',
      intoId: 'm-b',
      documentNumber: doc(31),
      effectiveDate: '2026-10-01',
    });
    expect(merged.json).toMatchObject({ status: 'abolished', successorId: 'm-b', establishment: { quota: { administrative: 0 } } });
    const b = await call('GET', '/organizations/m-b', 'demo-section');
    expect(b.json.establishment).toMatchObject({ quota: { administrative: 5 }, onRoll: { administrative: 3 }, vacancy: { administrative: 2 } });
    expect((await call('GET', '/organizations/m-b/people', 'demo-egov')).json.items).toHaveLength(3);
    expect((await call('GET', '/organizations/m-a/people', 'demo-egov')).json.items).toHaveLength(0);
    // An abolished organization takes no one and no quota.
    expect((await call('POST', '/organizations/m-a/people', 'demo-egov', person(507))).json.error.code).toBe('ORGANIZATION_ABOLISHED');
    expect(
      (await call('PUT', '/organizations/m-a/quotas/administrative', 'demo-section', { approved: 1, documentNumber: DOC, effectiveDate: '2026-11-01' })).json
        .error.code,
    ).toBe('ORGANIZATION_ABOLISHED');
    // Split a new unit off the merged one, taking 2 slots and one person.
    const people = (await call('GET', '/organizations/m-b/people', 'demo-egov')).json.items;
    const split = await call('POST', '/organizations/m-b/events', 'demo-section', {
      event: 'split',
      newOrg: { orgId: 'm-c', name: '分设单位', fundingForm: 'fullFunding', uscc: makeUscc('1', 32), legalPersonStatus: 'registered' },
      quota: { administrative: 2 },
      people: [people[0].personId],
      documentNumber: doc(32),
      effectiveDate: '2026-11-01',
    });
    expect(split.status, JSON.stringify(split.json)).toBe(200);
    expect((await call('GET', '/organizations/m-b', 'demo-section')).json.establishment).toMatchObject({
      quota: { administrative: 3 },
      onRoll: { administrative: 2 },
      vacancy: { administrative: 1 },
    });
    expect((await call('GET', '/organizations/m-c', 'demo-section')).json.establishment).toMatchObject({
      quota: { administrative: 2 },
      onRoll: { administrative: 1 },
      vacancy: { administrative: 1 },
    });
    const tooMuch = await call('POST', '/organizations/m-b/events', 'demo-section', {
      event: 'split',
      newOrg: { orgId: 'm-d', name: '再分设', fundingForm: 'fullFunding', uscc: makeUscc('1', 33), legalPersonStatus: 'registered' },
      quota: { administrative: 2 },
      documentNumber: doc(33),
      effectiveDate: '2026-11-01',
    });
    expect(tooMuch).toMatchObject({ status: 409, json: { error: { code: 'NO_VACANCY' } } }); // only 1 vacancy left to give
    for (const chain of ['org#m-a', 'org#m-b', 'org#m-c']) {
      const entries = await chainEntries(chain);
      expect(verifyChain(chain, entries, { seq: entries.length, hash: entries.at(-1).hash }, undefined), chain).toBeUndefined();
    }
  });
});

describe('scope', () => {
  it('lets a department user see only its own subtree', async () => {
    await call('PATCH', '/users/demo-department', 'demo-admin', { organizationId: 'edu', reason: 'test' });
    const list = await call('GET', '/organizations', 'demo-department');
    expect(list.json.items.map((o: any) => o.orgId).sort()).toEqual(['edu', 'edu-school']);
    expect((await call('GET', '/organizations/edu-school', 'demo-department')).status).toBe(200);
    expect((await call('GET', '/organizations/health', 'demo-department')).status).toBe(403);
    expect((await call('GET', '/organizations/health/people', 'demo-department')).status).toBe(403);
    expect((await call('GET', '/organizations/no-such-org', 'demo-department')).status).toBe(403);
  });
});

describe('concurrency and the audit chain', () => {
  it('gives exactly the vacancy to a crowd of concurrent intakes, with counters, roster and chain in agreement', async () => {
    await call('POST', '/organizations', 'demo-section', org('race', 20));
    await call('PUT', '/organizations/race/quotas/administrative', 'demo-section', { approved: 5, documentNumber: DOC, effectiveDate: '2026-02-01' });
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => call('POST', '/organizations/race/people', 'demo-egov', person(200 + i * 2))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.status === 409).every((r) => r.json.error.code === 'NO_VACANCY')).toBe(true);
    expect(results.filter((r) => r.status !== 201 && r.status !== 409)).toHaveLength(0);
    const race = await call('GET', '/organizations/race', 'demo-section');
    expect(race.json.establishment).toMatchObject({ onRoll: { administrative: 5 }, vacancy: { administrative: 0 } });
    expect((await call('GET', '/organizations/race/people', 'demo-egov')).json.items).toHaveLength(5);
    const entries = await chainEntries('org#race');
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(verifyChain('org#race', entries, { seq: 7, hash: entries.at(-1).hash }, undefined)).toBeUndefined();
  });
});
