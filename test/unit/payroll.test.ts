/**
 * Finance's payroll reconciliation (R-EXT-2): real payroll files (.xlsx written by exceljs, CSV in
 * UTF-8 with BOM and in GB18030) read through the upload path, set against a roster with
 * mismatches planted both ways; amounts exact to the fen, and no full national ID in the result.
 */

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { maskNationalId, type PayrollRow, type RosterEntry, readPayroll, readPayrollFile, reconcilePayroll } from '../../shared/domain/external/payroll.ts';
import { readTable } from '../../shared/import/read-table.ts';
import { makeNationalId } from '../support/codes.ts';

const xlsx = async (sheets: Record<string, unknown[][]>, edit?: (wb: ExcelJS.Workbook) => void): Promise<Buffer> => {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) wb.addWorksheet(name).addRows(rows);
  edit?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
};

const utf8Csv = (lines: string[]): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`)]);

/** GB18030 as Excel on Chinese Windows saves a CSV: the two-byte table built from the decoder itself. */
const gb18030 = (s: string): Buffer => {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) for (let lo = 0x40; lo <= 0xfe; lo++) if (lo !== 0x7f) table.set(decoder.decode(Uint8Array.of(hi, lo)), [hi, lo]);
  return Buffer.from(
    [...s].flatMap((ch) => {
      if (ch.charCodeAt(0) < 0x80) return [ch.charCodeAt(0)];
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no two-byte GB18030 code for ${ch}`);
      return bytes;
    }),
  );
};

/** A valid ID whose check character is X (written lower case and padded in the payroll below). */
const idEndingInX = (() => {
  for (let seq = 2; ; seq += 2) {
    const id = makeNationalId('1988-08-08', seq, 'female');
    if (id.endsWith('X')) return id;
  }
})();

const ids = {
  zhangWei: makeNationalId('1980-01-01', 11),
  liNa: idEndingInX,
  wangFang: makeNationalId('1985-03-15', 22, 'female'),
  zhaoMin: makeNationalId('1990-07-20', 31),
  liuYang: makeNationalId('1979-12-31', 41),
  chenJing: makeNationalId('1992-02-29', 52, 'female'),
  dingYi: makeNationalId('1970-06-01', 61),
  zhouJie: makeNationalId('1993-10-10', 71),
  wuHao: makeNationalId('1995-05-05', 81),
};

const roster: RosterEntry[] = [
  { personId: 'p-zhao', orgId: 'org-b', orgName: '市财政局', name: '赵敏', nationalId: ids.zhaoMin, quotaType: 'administrative' },
  { personId: 'p-zhang', orgId: 'org-b', orgName: '市财政局', name: '张伟', nationalId: ids.zhangWei, quotaType: 'administrative' },
  { personId: 'p-wang', orgId: 'org-a', name: '王芳', nationalId: ids.wangFang, quotaType: 'publicInstitution' },
  { personId: 'p-li', orgId: 'org-a', name: '李娜', nationalId: ids.liNa, quotaType: 'publicInstitution' },
  { personId: 'p-liu', orgId: 'org-a', name: '刘洋', nationalId: ids.liuYang, quotaType: 'logistics' },
  { personId: 'p-chen', orgId: 'org-a', name: '陈静', nationalId: ids.chenJing, quotaType: 'logistics' },
  { personId: 'p-ding', orgId: 'org-a', name: '丁一', nationalId: ids.dingYi, quotaType: 'civilServiceManagedInstitution' },
];

/** A payroll as a clerk keeps it: a sequence column, padded names, amounts as numbers and as text, a closing 合计 line. */
const payrollSheet: unknown[][] = [
  ['序号', '姓名', '身份证号', '单位名称', '应发工资'],
  [1, '张伟', ids.zhangWei, '市财政局', 0.1],
  [2, '李娜', ` ${ids.liNa.toLowerCase()} `, '市教育局', 0.2],
  [3, '刘阳', ids.liuYang, '市教育局', '8,560.50'],
  [4, '陈　静', ids.chenJing, '市教育局', 100],
  [5, '周杰', ids.zhouJie, '市外单位', '¥1,234.56'],
  [6, '吴昊', ids.wuHao, null, null],
  [7, null, null, null, null],
  ['合计', null, null, null, 9895.36],
];

const readXlsx = async (sheets: Record<string, unknown[][]>, edit?: (wb: ExcelJS.Workbook) => void) => readPayrollFile('工资表.xlsx', await xlsx(sheets, edit));

describe('payroll reconciliation: the two lists finance asked for', () => {
  it('reads an .xlsx payroll and names who is paid but not on the roster and who is on the roster but not paid', async () => {
    const read = await readXlsx({ '2026年3月': payrollSheet });
    expect(read.issues).toEqual([]);
    expect(read.sheet).toBe('2026年3月');
    expect(read.amountColumn).toBe('应发工资');
    expect(read.rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(read.rows[1]!.nationalId).toBe(ids.liNa);

    const result = reconcilePayroll(read.rows, roster);
    expect(result.paidNotOnRoster).toEqual([
      { row: 6, name: '周杰', nationalId: maskNationalId(ids.zhouJie), unitName: '市外单位', amount: 1234.56 },
      { row: 7, name: '吴昊', nationalId: maskNationalId(ids.wuHao) },
    ]);
    // By orgId, then name (丁 before 王), then personId, whatever the roster's order.
    expect(result.onRosterNotPaid).toEqual([
      { personId: 'p-ding', orgId: 'org-a', name: '丁一', quotaType: 'civilServiceManagedInstitution' },
      { personId: 'p-wang', orgId: 'org-a', name: '王芳', quotaType: 'publicInstitution' },
      { personId: 'p-zhao', orgId: 'org-b', orgName: '市财政局', name: '赵敏', quotaType: 'administrative' },
    ]);
    // 陈　静 padded with an ideographic space is the roster's 陈静, not a mismatch.
    expect(result.nameMismatch).toEqual([
      { row: 4, nationalId: maskNationalId(ids.liuYang), payrollName: '刘阳', rosterName: '刘洋', personId: 'p-liu', orgId: 'org-a' },
    ]);
    expect(result.matched).toBe(4);
    expect(result.totals).toEqual({ peoplePaid: 6, rowsWithAmount: 5, amountPaid: 9895.36, amountPaidNotOnRoster: 1234.56 });
    expect(reconcilePayroll(read.rows, [...roster].reverse())).toEqual(result);
  });

  it('never puts a full national ID in the result, only the first 6 and last 4 characters', async () => {
    expect(maskNationalId('110101199003071234')).toBe('110101********1234');
    const { rows } = await readXlsx({ 工资: payrollSheet });
    const json = JSON.stringify(reconcilePayroll(rows, roster));
    for (const id of Object.values(ids)) expect(json).not.toContain(id);
    expect(json).not.toMatch(/\d{17}[\dX]/);
    const shown = [...json.matchAll(/"nationalId":"([^"]*)"/g)].map((m) => m[1]);
    expect(shown).toHaveLength(3);
    for (const id of shown) expect(id).toMatch(/^421202\*{8}\d{3}[\dX]$/);
    expect(maskNationalId(ids.liNa)).toBe(`${ids.liNa.slice(0, 6)}********${ids.liNa.slice(14)}`);
  });

  it('adds amounts in fen: 0.1 + 0.2 is 0.3, ten times 0.1 is 1, and a formula result with binary noise is the amount Excel shows', async () => {
    const rows = (amounts: number[]): PayrollRow[] =>
      amounts.map((amount, i) => ({ row: i + 2, name: '张伟', nationalId: makeNationalId('1980-01-01', 100 + 2 * i), amount }));
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(reconcilePayroll(rows([0.1, 0.2]), []).totals).toEqual({ peoplePaid: 2, rowsWithAmount: 2, amountPaid: 0.3, amountPaidNotOnRoster: 0.3 });
    expect(reconcilePayroll(rows(Array(10).fill(0.1)), []).totals.amountPaid).toBe(1);

    const read = await readXlsx(
      {
        工资: [
          ['姓名', '身份证号', '实发工资'],
          ['张伟', ids.zhangWei],
        ],
      },
      (wb) => {
        wb.getWorksheet('工资')!.getCell('C2').value = { formula: '8600.55-40', result: 8560.549999999999 };
      },
    );
    expect(read.issues).toEqual([]);
    expect(read.amountColumn).toBe('实发工资');
    expect(read.rows[0]!.amount).toBe(8560.55);
  });

  it('matches on the normalized ID: a trailing x in lower case and padding around the ID', () => {
    const result = reconcilePayroll([{ row: 2, name: '李娜', nationalId: ` ${ids.liNa.toLowerCase()}` }], [{ ...roster[3]!, nationalId: `${ids.liNa} ` }]);
    expect(result.matched).toBe(1);
    expect(result.paidNotOnRoster).toEqual([]);
    expect(result.onRosterNotPaid).toEqual([]);
  });
});

describe('payroll reconciliation: bad rows named by row and field, in both languages', () => {
  it('refuses a bad check character, an ID stored as a number, a bad amount, an empty name, skips lines that are no person; reports a person paid twice and keeps both rows', async () => {
    const badCheck = `${ids.zhaoMin.slice(0, 17)}${ids.zhaoMin[17] === '0' ? '1' : '0'}`;
    const read = await readXlsx({
      工资: [
        ['姓名', '身份证号', '单位', '金额'],
        ['张伟', ids.zhangWei, '市财政局', 5000],
        ['赵敏', badCheck, '市财政局', 5000],
        ['王芳', Number(ids.wangFang.slice(0, 17)), '市教育局', 5000],
        ['刘洋', '4.21202E+17', '市教育局', 5000],
        ['张伟', ids.zhangWei, '市财政局', 5000],
        ['陈静', ids.chenJing, '市教育局', -5],
        ['丁一', ids.dingYi, '市教育局', '12.345'],
        ['周杰', ids.zhouJie, '市外单位', '五千元'],
        [null, ids.wuHao, '市外单位', 1],
        [null, null, '市外单位', null],
        ['', null, '合 计', 25006],
      ],
    });
    const brief = read.issues.map((i) => `${i.path}:${i.rule}`);
    expect(brief).toEqual([
      'file.rows[3].nationalId:checksum',
      'file.rows[4].nationalId:storedAsNumber',
      'file.rows[5].nationalId:storedAsNumber',
      'file.rows[6].nationalId:duplicate',
      'file.rows[7].amount:negative',
      'file.rows[8].amount:decimals',
      'file.rows[9].amount:format',
      'file.rows[10].name:required',
    ]);
    for (const i of read.issues) {
      expect(i.message).toMatch(/[a-z]/);
      expect(i.messageZh).toMatch(/[\u4e00-\u9fff]/);
    }
    const byPath = Object.fromEntries(read.issues.map((i) => [i.path, i]));
    expect(byPath['file.rows[4].nationalId']!.message).toContain('Excel');
    expect(byPath['file.rows[4].nationalId']!.messageZh).toContain('文本格式');
    expect(byPath['file.rows[6].nationalId']!.message).toContain('row 2');
    expect(byPath['file.rows[6].nationalId']!.messageZh).toContain('第 2 行');
    expect(byPath['file.rows[6].nationalId']!.messageZh).toContain('重复发放');

    // Both payments to 张伟 stay in the totals; he counts once as a person paid.
    expect(read.rows.map((r) => r.row)).toEqual([2, 6]);
    const result = reconcilePayroll(read.rows, roster);
    expect(result.totals).toEqual({ peoplePaid: 1, rowsWithAmount: 2, amountPaid: 10000, amountPaidNotOnRoster: 0 });
    expect(result.matched).toBe(1);
  });

  it('names a missing required column, with the header to add, and reads no row', async () => {
    const read = await readXlsx({
      工资: [
        ['姓名', '单位名称', '应发工资'],
        ['张伟', '市财政局', 5000],
      ],
    });
    expect(read.rows).toEqual([]);
    expect(read.issues).toHaveLength(1);
    expect(read.issues[0]).toMatchObject({ path: 'file.columns.nationalId', rule: 'missingColumn' });
    expect(read.issues[0]!.message).toContain('身份证号');
    expect(read.issues[0]!.messageZh).toContain('缺少“身份证号”列');

    const neither = readPayroll({ name: 's', headers: ['序号'], rows: [{ row: 2, values: { 序号: 1 } }] });
    expect(neither.issues.map((i) => i.path)).toEqual(['file.columns.nationalId', 'file.columns.name']);
  });

  it('reports a file that is no table and a workbook with a second payroll sheet, rather than reading half of it', async () => {
    expect((await readPayrollFile('工资表.xls', Buffer.from('old'))).issues).toMatchObject([{ path: 'file', rule: 'unreadable' }]);
    expect((await readPayrollFile('工资表.csv', utf8Csv(['姓名,身份证号']))).issues).toMatchObject([{ path: 'file.rows', rule: 'empty' }]);
    const two = await readXlsx({ 说明: [['填表说明'], ['按月上传']], 在职: payrollSheet, 退休: payrollSheet.slice(0, 2) });
    expect(two.sheet).toBe('在职');
    expect(two.issues).toMatchObject([{ path: 'file.sheets', rule: 'severalPayrolls' }]);
    expect(two.issues[0]!.messageZh).toContain('退休');
  });
});

describe('payroll reconciliation: CSV as finance systems export it', () => {
  it('reads a UTF-8 CSV with BOM and English headers, quoted thousands separators included', async () => {
    const read = await readPayrollFile(
      'payroll.csv',
      utf8Csv(['name,nationalId,unitName,amount', `张伟,${ids.zhangWei},市财政局,"8,560.50"`, `周杰,${ids.zhouJie},,0.01`]),
    );
    expect(read.issues).toEqual([]);
    expect(read.rows).toEqual([
      { row: 2, name: '张伟', nationalId: ids.zhangWei, unitName: '市财政局', amount: 8560.5 },
      { row: 3, name: '周杰', nationalId: ids.zhouJie, amount: 0.01 },
    ]);
  });

  it('reads a GB18030 CSV saved by Excel, with headers padded (姓  名) and labelled in yuan (实发工资（元）)', async () => {
    const content = gb18030(`姓  名,公民身份号码,单位,实发工资（元）\r\n李娜,${ids.liNa},市教育局,4200.00\r\n`);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(content)).toThrow();
    const [sheet] = await readTable('工资表.csv', content);
    const read = readPayroll(sheet!, '2026-03-31');
    expect(read.issues).toEqual([]);
    expect(read.amountColumn).toBe('实发工资（元）');
    expect(read.rows).toEqual([{ row: 2, name: '李娜', nationalId: ids.liNa, unitName: '市教育局', amount: 4200 }]);
  });

  it('refuses an ID whose birth date is after the given today', () => {
    const unborn = makeNationalId('2026-05-01', 11);
    const sheet = { name: 's', headers: ['姓名', '身份证号'], rows: [{ row: 2, values: { 姓名: '张伟', 身份证号: unborn } }] };
    expect(readPayroll(sheet, '2026-03-31').issues.map((i) => `${i.path}:${i.rule}`)).toEqual(['file.rows[2].nationalId:birthDateFuture']);
    expect(readPayroll(sheet).rows).toHaveLength(1);
  });
});
