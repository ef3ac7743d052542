/**
 * What the office's partners and its own clerks take away (R-EXT-1, R-EXT-2, R-EXT-4), over HTTP on
 * the embedded host: statistics a department sees only for itself; workbooks read back with
 * exceljs; personnel's check that refuses a slot or post over quota with the reason; finance's
 * headcount with no national ID in it, and its payroll reconciliation finding planted mismatches
 * both ways; an establishment card read back as a .docx.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../support/api.ts';
import { makeNationalId } from '../support/codes.ts';
import { startTestHost } from '../support/host.ts';
import { download, readDocx, readWorkbook, rowsOf } from '../support/office-files.ts';
import { setUpUnits } from '../support/units.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
const call = (method: string, path: string, user: string, body?: unknown) => callApi(host, method, path, user, body);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** ext-a's three people and ext-b's one, with IDs this test knows in full. */
const people = {
  a1: { nationalId: makeNationalId('1985-02-11', 301), name: '王芳' },
  a2: { nationalId: makeNationalId('1990-07-23', 302), name: '李强' },
  a3: { nationalId: makeNationalId('1992-12-05', 303), name: '赵敏' },
  b1: { nationalId: makeNationalId('1988-04-30', 304), name: '孙磊' },
};
const stranger = { nationalId: makeNationalId('1991-01-15', 305), name: '周杰' };

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
  await setUpUnits(host, [
    { orgId: 'ext-a', name: '外部测试局', clerk: 'ext-a-clerk', usccNo: 971, approved: 10 },
    { orgId: 'ext-b', name: '满编测试局', clerk: 'ext-b-clerk', usccNo: 972, approved: 1 },
  ]);
  const onRoll = async (orgId: string, p: { nationalId: string; name: string }) => {
    const r = await call('POST', `/organizations/${orgId}/people`, 'demo-egov', { ...p, quotaType: 'administrative', onRollSince: '2026-03-01' });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
  };
  for (const p of [people.a1, people.a2, people.a3]) await onRoll('ext-a', p);
  await onRoll('ext-b', people.b1);
});
afterAll(async () => host?.cleanup());

describe('statistics', () => {
  it('gives a department its own figures only, and the office any department’s or the city’s', async () => {
    const own = (await call('GET', '/statistics/establishment', 'ext-a-clerk')).json;
    expect(own.scope).toEqual({ orgId: 'ext-a', nameZh: '外部测试局' });
    expect(own.units.map((u: any) => u.orgId)).toEqual(['ext-a']);
    expect(own.totals).toMatchObject({ units: 1, quota: 10, onRoll: 3, reserved: 0, vacancy: 7, overQuotaUnits: 0 });
    expect(own.byQuotaType.administrative).toMatchObject({ units: 1, quota: 10, onRoll: 3 });
    expect(own.byFundingForm.fullFunding.onRoll).toBe(3);
    expect((await call('GET', '/statistics/establishment?orgId=ext-b', 'ext-a-clerk')).status).toBe(403);
    expect((await call('GET', '/statistics/matters?orgId=ext-b', 'ext-a-clerk')).status).toBe(403);

    const other = (await call('GET', '/statistics/establishment?orgId=ext-b', 'demo-section')).json;
    expect(other.totals).toMatchObject({ units: 1, quota: 1, onRoll: 1, vacancy: 0 });
    // The whole city: its totals (each unit's line is in its workbook, not the reply).
    const city = (await call('GET', '/statistics/establishment', 'demo-leader')).json;
    expect(city.scope.nameZh).toBe('全市');
    expect(city.totals).toMatchObject({ units: 2, quota: 11, onRoll: 4, vacancy: 7, overBy: 0 });
    expect(city.units).toBeUndefined();
    expect((await call('GET', '/statistics/establishment?orgId=no-such', 'demo-leader')).status).toBe(404);

    const matters = (await call('GET', '/statistics/matters', 'ext-a-clerk')).json;
    expect(matters).toMatchObject({ scope: { orgId: 'ext-a' }, open: 0, overdue: 0 });
    expect(matters.byStage.map((s: any) => s.labelZh)).toEqual(['已提交', '前置审查中', '动议', '论证', '审议决定']);
    const supervision = (await call('GET', '/statistics/supervision', 'demo-supervision')).json;
    expect(supervision).toMatchObject({ scope: { nameZh: '全市' }, letters: { open: expect.any(Number) }, ledger: { open: expect.any(Number) } });
  });

  it('exports the statistics as a workbook a clerk opens: Chinese headers, frozen header rows, the unit’s figures as numbers', async () => {
    const file = await download(host, '/exports/statistics.xlsx', 'ext-a-clerk');
    expect(file.status).toBe(200);
    expect(file.contentType).toBe(XLSX);
    expect(decodeURIComponent(file.disposition)).toContain('外部测试局机构编制统计');
    const book = await readWorkbook(file.bytes);
    expect(book.worksheets.map((w) => w.name)).toEqual(['编制使用情况', '按编制类型', '按经费形式', '按单位类型', '事项办理', '预警']);
    const byUnit = book.getWorksheet('编制使用情况')!;
    expect(byUnit.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const rows = rowsOf(byUnit);
    expect(String(rows[0]![0])).toContain('外部测试局机构编制使用情况');
    expect(rows[1]!.slice(0, 8)).toEqual([
      '单位代码',
      '单位名称',
      '单位类型',
      '经费形式',
      '行政编制核定',
      '行政编制实有',
      '行政编制核准未入编',
      '行政编制空编',
    ]);
    expect(rows[2]!.slice(0, 8)).toEqual(['ext-a', '外部测试局', '机关', '全额拨款', 10, 3, 0, 7]);
    expect(byUnit.getColumn(2).width).toBeGreaterThanOrEqual(10);
    expect((byUnit.getRow(2).getCell(1).font as ExcelJS.Font).bold).toBe(true);
    // Finance gets the establishment sheets, not the office's matters and warnings.
    const finance = await readWorkbook((await download(host, '/exports/statistics.xlsx?orgId=ext-a', 'demo-finance')).bytes);
    expect(finance.worksheets.map((w) => w.name)).toEqual(['编制使用情况', '按编制类型', '按经费形式', '按单位类型']);
    expect((await download(host, '/exports/statistics.xlsx?orgId=ext-b', 'ext-a-clerk')).status).toBe(403);

    const ledger = await readWorkbook((await download(host, '/exports/ledger.xlsx', 'demo-supervision')).bytes);
    expect(ledger.worksheets.map((w) => w.name)).toEqual(['落实事项', '督办函']);
    expect(rowsOf(ledger.getWorksheet('督办函')!)[1]).toEqual(['文号', '单位', '签发日期', '整改期限', '状态', '督办事项']);
  });

  it('exports a roster with the IDs in full for the unit and masked for a section of the office', async () => {
    const idsIn = async (user: string) => {
      const book = await readWorkbook((await download(host, '/organizations/ext-a/roster.xlsx', user)).bytes);
      const rows = rowsOf(book.getWorksheet('实名制名册')!);
      expect(rows[1]).toEqual(['序号', '姓名', '公民身份号码', '性别', '编制类型', '职务', '入编时间']);
      return rows.slice(2).map((r) => [r[1], r[2]]);
    };
    // Same day on the roll: in the order of their names (pinyin).
    expect(await idsIn('ext-a-clerk')).toEqual([
      ['李强', people.a2.nationalId],
      ['王芳', people.a1.nationalId],
      ['赵敏', people.a3.nationalId],
    ]);
    const masked = await idsIn('demo-section');
    expect(masked.map(([, id]) => id)).toEqual([people.a2, people.a1, people.a3].map((p) => `${p.nationalId.slice(0, 6)}********${p.nationalId.slice(14)}`));
    expect((await download(host, '/organizations/ext-b/roster.xlsx', 'ext-a-clerk')).status).toBe(403);
    expect((await download(host, '/organizations/ext-a/roster.xlsx', 'demo-finance')).status).toBe(403);
  });
});

describe('personnel', () => {
  it('refuses a recruit where no slot is free and a post over its quota, with the figures, and sends someone on another roll to a transfer', async () => {
    const check = (body: Record<string, unknown>) => call('POST', '/personnel/appointment-checks', 'demo-personnel', body);
    const full = (await check({ orgId: 'ext-b', quotaType: 'administrative' })).json;
    expect(full.allowed).toBe(false);
    expect(full.reasons).toEqual([
      expect.objectContaining({ code: 'overQuota', messageZh: '行政编制核定 1 名，在编 1 名，核准未入编 0 名，无空编，不得进人' }),
    ]);
    const noPlan = (await check({ orgId: 'ext-a', quotaType: 'administrative', nationalId: people.b1.nationalId })).json;
    expect(noPlan.reasons.map((r: any) => r.code)).toEqual(['noApprovedPlan', 'onRollElsewhere']);
    expect(noPlan.reasons[1].messageZh).toContain('满编测试局');
    const badId = await check({ orgId: 'ext-a', quotaType: 'administrative', nationalId: `${people.a1.nationalId.slice(0, 17)}0` });
    expect(badId.json.error.issues[0]).toMatchObject({ path: 'body.nationalId', rule: 'checksum' });
    const post = (await check({ orgId: 'ext-a', grade: 'sectionChief', track: 'leader', nationalId: people.a1.nationalId })).json;
    expect(post).toMatchObject({
      allowed: false,
      reasons: [{ code: 'overPostQuota', messageZh: '正科级领导职务核定职数 0 名，已配备 0 名，无空缺职数，不得超职数配备' }],
    });

    await call('PUT', '/organizations/ext-a/post-quotas/sectionChief', 'demo-section', {
      leader: 1,
      nonLeader: 0,
      documentNumber: '咸编发〔2026〕7号',
      effectiveDate: '2026-01-01',
    });
    expect((await check({ orgId: 'ext-a', grade: 'sectionChief', track: 'leader', nationalId: people.a1.nationalId })).json).toEqual({
      orgId: 'ext-a',
      name: '外部测试局',
      allowed: true,
      reasons: [],
    });
    // A post is filled from the unit's own roll: someone on no roster is refused it.
    const nobody = (await check({ orgId: 'ext-a', grade: 'sectionChief', track: 'leader', nationalId: stranger.nationalId })).json;
    expect(nobody.reasons.map((r: any) => r.code)).toEqual(['notOnRoll']);
    const bare = await check({ orgId: 'ext-a' });
    expect(bare.status).toBe(422);
    expect(bare.json.error.issues[0]).toMatchObject({ path: 'body.quotaType', rule: 'required' });
    expect((await check({ orgId: 'no-such-unit', quotaType: 'administrative' })).status).toBe(404);

    const vacancies = (await call('GET', '/personnel/organizations/ext-a/vacancies', 'demo-personnel')).json;
    expect(vacancies).toMatchObject({ orgId: 'ext-a', vacancy: { administrative: 7 }, reserved: { administrative: 0 }, approvedPlans: [] });
    expect(vacancies.posts.vacancy.sectionChief).toEqual({ leader: 1, nonLeader: 0 });
  });
});

describe('finance', () => {
  const payroll = async (rows: (string | number)[][], name = 'payroll.xlsx') => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('11月');
    sheet.addRow(['姓名', '身份证号', '单位', '应发工资']);
    for (const r of rows) sheet.addRow(r);
    const contentBase64 = Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
    return call('POST', '/finance/payroll-reconciliations', 'demo-finance', { orgId: 'ext-a', file: { name, contentBase64 } });
  };

  it('reads headcounts by unit, quota type and funding form with no national ID or name in them', async () => {
    const r = await call('GET', '/finance/headcount?orgId=ext-a', 'demo-finance');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ scope: { orgId: 'ext-a' }, total: 3, byFundingForm: { fullFunding: { administrative: 3 } } });
    expect(r.json.units).toEqual([
      expect.objectContaining({ orgId: 'ext-a', fundingForm: 'fullFunding', total: 3, onRoll: expect.objectContaining({ administrative: 3 }) }),
    ]);
    const text = JSON.stringify(r.json);
    for (const p of Object.values(people)) {
      expect(text).not.toContain(p.nationalId.slice(6, 14));
      expect(text).not.toContain(p.name);
    }
    // A past date is counted from the history and the roster: before anyone came on the roll, nobody.
    const before = (await call('GET', '/finance/headcount?orgId=ext-a&asAt=2026-02-01', 'demo-finance')).json;
    expect(before).toMatchObject({ asAt: '2026-02-01', total: 0 });
    expect((await call('GET', '/finance/headcount?asAt=2026-02-01', 'demo-finance')).json.error.issues[0]).toMatchObject({ path: 'query.orgId' });
    expect((await call('GET', '/organizations/ext-a/people', 'demo-finance')).status).toBe(403);
  });

  it('finds the people paid but not on the roster and those on it but not paid, with amounts, showing IDs masked', async () => {
    const r = await payroll([
      [people.a1.name, people.a1.nationalId, '外部测试局', 8560.5],
      [people.a2.name, people.a2.nationalId, '外部测试局', '7,200.25'],
      [stranger.name, stranger.nationalId, '外部测试局', 6820.1],
    ]);
    expect(r.status, JSON.stringify(r.json)).toBe(200);
    expect(r.json.paidNotOnRoster).toEqual([
      {
        row: 4,
        name: '周杰',
        nationalId: `${stranger.nationalId.slice(0, 6)}********${stranger.nationalId.slice(14)}`,
        unitName: '外部测试局',
        amount: 6820.1,
      },
    ]);
    expect(r.json.onRosterNotPaid).toEqual([expect.objectContaining({ orgId: 'ext-a', name: '赵敏', quotaType: 'administrative' })]);
    expect(r.json.matched).toBe(2);
    expect(r.json.totals).toEqual({ peoplePaid: 3, rowsWithAmount: 3, amountPaid: 22580.85, amountPaidNotOnRoster: 6820.1 });
    const text = JSON.stringify(r.json);
    for (const p of [...Object.values(people), stranger]) expect(text).not.toContain(p.nationalId);

    // A list that is mostly not the unit's roll would only read the roll's names out: refused.
    const stray = await payroll([[stranger.name, stranger.nationalId, '外部测试局', 100]]);
    expect(stray.status).toBe(422);
    expect(stray.json.error.issues[0]).toMatchObject({ path: 'file.rows', rule: 'notThisUnitsPayroll' });
    expect(JSON.stringify(stray.json)).not.toContain('赵敏');
    // A list far longer than the roll is guesses, not a payroll: each row would test an ID against the roster.
    const guesses = await payroll(Array.from({ length: 60 }, (_, i) => ['某人', makeNationalId('1990-01-01', 401 + 2 * i), '外部测试局', 100]));
    expect(guesses.status).toBe(422);
    expect(guesses.json.error.issues[0]).toMatchObject({ path: 'file.rows', rule: 'tooManyRows' });

    const bad = await payroll([[people.a1.name, `${people.a1.nationalId.slice(0, 17)}0`, '外部测试局', 100]]);
    expect(bad.status).toBe(422);
    expect(bad.json.error.issues[0]).toMatchObject({ path: 'file.rows[2].nationalId' });
    expect(JSON.stringify(bad.json)).not.toContain(people.a1.nationalId.slice(0, 17));
  });
});

describe('documents', () => {
  it('draws a unit’s establishment sheet as a GB/T 9704 .docx, and refuses a person’s card to one who came on without a plan', async () => {
    const file = await download(host, '/organizations/ext-a/establishment-card.docx', 'ext-a-clerk');
    expect(file.status).toBe(200);
    expect(file.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const doc = await readDocx(file.bytes);
    expect(doc.page).toEqual({ w: 11906, h: 16838, top: 2098, left: 1587 });
    expect(doc.paragraphs).toContain('外部测试局机构编制卡');
    expect(doc.paragraphs).toContain('行政编制');
    expect(doc.eastAsiaFonts.has('仿宋_GB2312')).toBe(true);
    expect((await download(host, '/organizations/ext-b/establishment-card.docx', 'ext-a-clerk')).status).toBe(403);

    const roster = (await call('GET', '/organizations/ext-a/people', 'ext-a-clerk')).json.items;
    const card = await download(host, `/people/${roster[0].personId}/establishment-card.docx`, 'ext-a-clerk');
    expect(card.status).toBe(409);
    expect(card.json().error.code).toBe('NO_CARD');
  });
});
