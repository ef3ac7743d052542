/**
 * Matters over HTTP on the embedded host: the catalog as office data (read, saved with its
 * version, audited), and a matter's intake and routing to exactly one accountable section.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MATTER_CATALOG } from '../../shared/domain/matters/catalog.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { callApi } from '../support/api.ts';
import { makeUscc } from '../support/codes.ts';
import { startTestHost } from '../support/host.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
const DOC = '咸编发〔2026〕7号';
let n = 0;

const call = (method: string, path: string, user: string, body?: unknown, headers: Record<string, string> = {}) =>
  callApi(host, method, path, user, body, headers);
const submit = (body: unknown, user = 'matter-clerk', key = `matter-key-${++n}`) => call('POST', '/matters', user, body, { 'idempotency-key': key });

const today = () => todayInShanghai();
const matterInput = (over: Record<string, unknown> = {}) => ({
  orgId: 'matter-org',
  typeId: 'quotaIncrease',
  title: '关于增加行政编制的请示',
  situation: 'dutiesChanged',
  partyGroupDecision: { date: today(), minutesRef: '党组会议纪要第12次' },
  priorCommunication: { date: today(), note: '已与机关编制科沟通' },
  materials: [
    { code: 'request', ref: 'att-1' },
    { code: 'partyGroupMinutes', ref: 'att-2' },
    { code: 'workloadEvidence', ref: 'att-3' },
  ],
  change: { quotaType: 'administrative', count: 3 },
  ...over,
});
const materials = (...codes: string[]) => codes.map((code, i) => ({ code, ref: `att-${i}` }));

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
  const org = await call('POST', '/organizations', 'demo-section', {
    orgId: 'matter-org',
    name: '事项测试局',
    kind: 'organ',
    fundingForm: 'fullFunding',
    uscc: makeUscc('1', 901),
    legalPersonStatus: 'registered',
    documentNumber: DOC,
    effectiveDate: '2026-01-01',
  });
  expect(org.status).toBe(201);
  await call('PUT', '/organizations/matter-org/quotas/administrative', 'demo-section', { approved: 10, documentNumber: DOC, effectiveDate: '2026-01-01' });
  await call('POST', '/users', 'demo-admin', { userId: 'matter-clerk', displayName: '事项测试局办公室', role: 'department', organizationId: 'matter-org' });
});
afterAll(async () => host?.cleanup());

describe('the matter catalog', () => {
  it('is the built-in catalog until the office admin saves one; only the admin may', async () => {
    const got = await call('GET', '/matter-catalog', 'matter-clerk');
    expect(got.status).toBe(200);
    expect(got.json).toMatchObject({ version: 0, source: 'builtIn' });
    expect(got.json.initiatingSituations).toHaveLength(5);
    const refused = await call('PUT', '/matter-catalog', 'demo-section', { version: 0, reason: '调整', ...DEFAULT_MATTER_CATALOG });
    expect(refused.status).toBe(403);
  });

  it('refuses a catalog whose references do not resolve, naming each field, and writes nothing', async () => {
    const broken = {
      version: 0,
      reason: '调整事项目录',
      ...DEFAULT_MATTER_CATALOG,
      matterTypes: [{ ...DEFAULT_MATTER_CATALOG.matterTypes[0], areas: [{ areaId: 'nowhere', share: 10 }] }],
    };
    const r = await call('PUT', '/matter-catalog', 'demo-admin', broken);
    expect(r.status).toBe(422);
    expect(r.json.error.issues.map((i: any) => `${i.path} ${i.rule}`)).toEqual([
      'body.matterTypes[0].areas[0].areaId unknownArea',
      'body.matterTypes[0].areas severalSections',
    ]);
    expect((await call('GET', '/matter-catalog', 'demo-admin')).json.version).toBe(0);
  });

  it('refuses a catalog too large to keep, naming the size, rather than failing on the table', async () => {
    const long = 'x'.repeat(90);
    const big = DEFAULT_MATTER_CATALOG.matterTypes.map((t, i) => ({
      ...t,
      typeId: `bigType${i}`,
      requiredMaterials: Array.from({ length: 30 }, (_, j) => ({ code: `m${j}`, nameZh: `材料${long}` })),
    }));
    const types = [
      ...DEFAULT_MATTER_CATALOG.matterTypes,
      ...Array.from({ length: 8 }, (_, k) => big.map((t) => ({ ...t, typeId: `${t.typeId}x${k}` }))).flat(),
    ];
    const r = await call('PUT', '/matter-catalog', 'demo-admin', { ...DEFAULT_MATTER_CATALOG, matterTypes: types.slice(0, 100), version: 0, reason: '大目录' });
    expect(r.status).toBe(422);
    expect(r.json.error.issues).toEqual([expect.objectContaining({ path: 'body', rule: 'tooLarge' })]);
  });

  it('saves a new version, audited, and refuses a save made on a version read before it', async () => {
    const areas = DEFAULT_MATTER_CATALOG.businessAreas.map((a) => (a.areaId === 'organQuota' ? { ...a, nameZh: '行政编制与工勤编制' } : a));
    const saved = await call('PUT', '/matter-catalog', 'demo-admin', {
      ...DEFAULT_MATTER_CATALOG,
      businessAreas: areas,
      version: 0,
      reason: '按编委会议定更名',
    });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ version: 1, source: 'stored', updatedBy: 'demo-admin' });
    const stale = await call('PUT', '/matter-catalog', 'demo-admin', { ...DEFAULT_MATTER_CATALOG, version: 0, reason: '另一次修改' });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('STALE_CATALOG');
    const now = await call('GET', '/matter-catalog', 'demo-section');
    expect(now.json.businessAreas.find((a: any) => a.areaId === 'organQuota').nameZh).toBe('行政编制与工勤编制');
  });
});

describe('a matter’s intake and routing', () => {
  it('takes a simple matter, routed to its one responsible section, and shows it to the unit and the office', async () => {
    const r = await submit(matterInput());
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      status: 'submitted',
      class: 'simple',
      typeNameZh: '增加编制',
      situation: { code: 'dutiesChanged' },
      routing: { leadSectionId: 'organs-section', rule: 'responsible', coSections: [] },
    });
    expect(r.json.materials.map((m: any) => m.nameZh)).toEqual(['请示文件', '党组（党委）会议纪要', '工作量测算说明']);
    const read = await call('GET', `/matters/${r.json.matterId}`, 'demo-section');
    // The workflow moves the matter on at once; what was submitted and routed stays as it was.
    const { status: _s, ...submitted } = r.json;
    expect(read.json).toMatchObject(submitted);
    const list = await call('GET', '/organizations/matter-org/matters', 'matter-clerk');
    expect(list.json.items.map((m: any) => m.matterId)).toContain(r.json.matterId);
  });

  it('routes a comprehensive matter by proportion, and another by importance, with the reason recorded', async () => {
    const setUp = await submit(
      matterInput({
        typeId: 'organizationSetUp',
        materials: materials('request', 'partyGroupMinutes', 'plan', 'dutyList'),
        change: { name: '市数据局', description: '设立市数据局，为市政府工作部门', newOrgId: 'city-data', kind: 'organ', fundingForm: 'fullFunding' },
      }),
    );
    expect(setUp.status, JSON.stringify(setUp.json)).toBe(201);
    expect(setUp.json.routing).toMatchObject({
      rule: 'proportion',
      leadSectionId: 'organs-section',
      coSections: ['institutions-section', 'registration-bureau'],
    });
    expect(setUp.json.routing.reasonZh).toContain('按事项占比优先');
    const adjust = await submit(
      matterInput({
        typeId: 'organizationAdjustment',
        materials: materials('request', 'partyGroupMinutes', 'plan'),
        change: { description: '调整内设机构及职责' },
      }),
    );
    expect(adjust.json.routing).toMatchObject({ rule: 'importance', leadSectionId: 'organs-section', coSections: ['institutions-section'] });
  });

  it('sets up a major task with a task force of named section staff, and refuses one from a department', async () => {
    const reform = matterInput({
      typeId: 'institutionalReform',
      title: '市级机构改革实施方案',
      materials: materials('plan', 'partyGroupMinutes'),
      change: { description: '深化市级机构改革' },
      taskForce: ['demo-section', 'demo-institutions'],
    });
    const byOffice = await submit(reform, 'demo-leader');
    expect(byOffice.status).toBe(201);
    expect(byOffice.json.routing).toMatchObject({
      class: 'major',
      leadSectionId: 'organs-section',
      taskForce: [
        { userId: 'demo-section', sectionId: 'organs-section' },
        { userId: 'demo-institutions', sectionId: 'institutions-section' },
      ],
    });
    const byDept = await submit(reform);
    expect(byDept.status).toBe(422);
    expect(byDept.json.error.issues.map((i: any) => `${i.path} ${i.rule}`)).toContain('body.typeId officeOnly');
    const notStaff = await submit({ ...reform, taskForce: ['demo-section', 'demo-finance'] }, 'demo-leader');
    expect(notStaff.json.error.issues.map((i: any) => `${i.path} ${i.rule}`)).toEqual(['body.taskForce[1] sectionUser']);
  });

  it('names every problem of a bad submission at once (422) and writes nothing', async () => {
    const before = (await call('GET', '/organizations/matter-org/matters', 'matter-clerk')).json.items.length;
    const r = await submit(
      matterInput({
        situation: 'whim',
        materials: materials('request'),
        partyGroupDecision: { date: '2099-01-01', minutesRef: '纪要' },
        change: { quotaType: 'publicInstitution', count: 3 },
      }),
    );
    expect(r.status).toBe(422);
    expect(r.json.error.issues.map((i: any) => `${i.path} ${i.rule}`)).toEqual([
      'body.situation unknownSituation',
      'body.partyGroupDecision.date future',
      'body.materials missingMaterial',
      'body.change.quotaType quotaTypeForKind',
    ]);
    expect(r.json.error.issues[2].messageZh).toBe('缺少申报材料：党组（党委）会议纪要、工作量测算说明');
    expect((await call('GET', '/organizations/matter-org/matters', 'matter-clerk')).json.items.length).toBe(before);
  });

  it('answers a repeated submission with the first matter, and keeps a department to its own units', async () => {
    const first = await submit(matterInput({ title: '重复提交测试' }), 'matter-clerk', 'same-key-123');
    const again = await submit(matterInput({ title: '重复提交测试' }), 'matter-clerk', 'same-key-123');
    expect(again.status).toBe(201);
    expect(again.json.matterId).toBe(first.json.matterId);
    const other = await submit(matterInput({ orgId: 'd001' }));
    expect(other.status).toBe(403);
    expect((await call('GET', `/matters/${first.json.matterId}`, 'demo-department')).status).toBe(403);
  });
});
