/**
 * Finance's payroll reconciliation (R-EXT-2), the pure core: a payroll list as finance keeps it
 * (.xlsx or .csv, one row a person paid) read and checked row by row, then set against the
 * roster: who is paid but holds no slot, who holds a slot but is not paid, and whose name
 * differs between the two. Matching is on the national ID alone, because names repeat and are
 * written differently; the name is only compared to flag a likely typo on either side.
 * Finance may not see full national IDs (docs/roles.md), so the result carries masked ones only.
 */
import { type FieldIssue, fieldIssue } from '../../errors.ts';
import { mapColumns } from '../../import/columns.ts';
import { type Cell, readTable, type Sheet, TableReadError, type TableRow } from '../../import/read-table.ts';
import { msg, translate } from '../../schemas/messages.ts';
import { textRulesBroken } from '../../schemas/text.ts';
import { checkNationalId, maskNationalId } from '../registry/national-id.ts';
import type { QuotaType } from '../registry/rules.ts';

// The one masking rule of the system (first 6 and last 4 kept), so finance and the roster
// screens of other roles hide the same characters.
export { maskNationalId };

/** Headers as finance clerks write them, then as exports write them; the first one a sheet has wins. */
export const PAYROLL_COLUMNS = {
  name: ['姓名', 'name'],
  nationalId: ['身份证号', '公民身份号码', '身份证号码', 'nationalId'],
  unitName: ['单位', '单位名称', 'unitName'],
  // Gross before net when a sheet has both: gross pay is what the establishment budget funds.
  amount: ['应发工资', '实发工资', '金额', 'amount'],
} as const;
type PayrollField = keyof typeof PAYROLL_COLUMNS;
const REQUIRED: readonly PayrollField[] = ['nationalId', 'name'];

export interface PayrollRow {
  /** Row number as the clerk sees it in the file (the header is row 1). */
  row: number;
  name: string;
  /** Normalized: 18 characters, a final x in upper case. */
  nationalId: string;
  unitName?: string;
  /** Yuan with at most 2 decimals, when the payroll gives amounts. */
  amount?: number;
}

export interface PayrollRead {
  /** Every row that could be read, in file order; a row paid twice is kept (and reported in `issues`). */
  rows: PayrollRow[];
  issues: FieldIssue[];
  /** The header the amounts were read from (应发工资, 实发工资…), to say so next to the totals. */
  amountColumn?: string;
}

export interface RosterEntry {
  personId: string;
  orgId: string;
  orgName?: string;
  name: string;
  nationalId: string;
  quotaType: QuotaType;
}

/** Every `nationalId` below is masked (110101********1234). */
export interface PayrollReconciliation {
  /** In payroll row order; a person paid twice appears once per row. */
  paidNotOnRoster: { row: number; name: string; nationalId: string; unitName?: string; amount?: number }[];
  /** By orgId, then name, then personId. */
  /**
   * Named by person id, name and unit, never by ID number, not even masked: the masked part of an
   * ID is the birth date, so a masked ID with a payroll of guesses would give the whole ID back.
   */
  onRosterNotPaid: { personId: string; orgId: string; orgName?: string; name: string; quotaType: QuotaType }[];
  /** Same national ID, different name; in payroll row order. These people count as matched. */
  nameMismatch: { row: number; nationalId: string; payrollName: string; rosterName: string; personId: string; orgId: string }[];
  /** Roster people found in the payroll. */
  matched: number;
  totals: {
    /** Distinct national IDs in the payroll. */
    peoplePaid: number;
    /** Rows that gave an amount: the amounts below add up these rows only. */
    rowsWithAmount: number;
    amountPaid: number;
    amountPaidNotOnRoster: number;
  };
}

const pathOf = (row: number, field: PayrollField) => `file.rows[${row}].${field}`;
const text = (c: Cell | undefined): string => (c === null || c === undefined ? '' : String(c).trim());

/**
 * Headers compared without spaces and a trailing (元): clerks align two-character headers as
 * "姓  名" and label money columns "应发工资（元）".
 */
const compactHeader = (h: string): string => h.replace(/\s+/g, '').replace(/[(（]元[)）]$/, '');

/** Which of the sheet's own headers stands for each field. */
const payrollColumns = (headers: string[]): Record<PayrollField, string | undefined> => {
  const compact = headers.map(compactHeader);
  const found = mapColumns(PAYROLL_COLUMNS, compact);
  return Object.fromEntries(
    Object.entries(found).map(([field, name]) => [field, name === undefined ? undefined : headers[compact.indexOf(name as string)]]),
  ) as Record<PayrollField, string | undefined>;
};

/**
 * For comparing names only: payrolls pad two-character names to line up ("张  伟", often with
 * the ideographic space) and type the middle dot of minority names in several look-alikes.
 */
const comparableName = (name: string): string =>
  name
    .normalize('NFC')
    .replace(/\s+/g, '')
    .replace(/[\u2022\u2027\u30FB\uFF65\u318D\u2219]/g, '\u00B7');

const normalizeNationalId = (id: string): string => id.trim().toUpperCase();

/**
 * Lines of a payroll that are no person: the closing 合计 line (the sum, no ID), and template
 * lines numbered in advance (序号 only, no name, ID or amount).
 */
const TOTAL_WORDS = new Set(['合计', '总计', '小计']);
const isNoPerson = (r: TableRow, cell: (r: TableRow, f: PayrollField) => Cell): boolean =>
  text(cell(r, 'nationalId')) === '' &&
  ((text(cell(r, 'name')) === '' && text(cell(r, 'amount')) === '') || Object.values(r.values).some((c) => TOTAL_WORDS.has(text(c).replace(/\s+/g, ''))));

// Amounts are kept in fen (integer cents) so that sums are exact. The cap is far above any
// monthly pay and keeps a payroll of a million rows within safe integers (2^53 fen).
const MAX_FEN = 999_999_999;
const AMOUNT_TEXT = /^(-?)[¥￥]?\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/;

type Amount = { ok: true; fen: number | undefined } | { ok: false; issue: FieldIssue };

const readAmount = (c: Cell, path: string): Amount => {
  const bad = (rule: string, en: string, zh: string): Amount => ({ ok: false, issue: fieldIssue(path, rule, en, zh) });
  const formatIssue = () => bad('format', 'must be an amount in yuan such as 8560.50 or 8,560.50', '应为以元为单位的金额，如 8560.50 或 8,560.50');
  let n: number;
  if (c === null || (typeof c === 'string' && c.trim() === '')) return { ok: true, fen: undefined };
  if (typeof c === 'number') {
    if (!Number.isFinite(c)) return formatIssue();
    // Excel shows 15 significant digits, and a net pay computed by a formula is stored with
    // binary noise (8560.549999999999): read it as the 8560.55 the clerk sees.
    n = Number(c.toPrecision(15));
  } else if (typeof c === 'string') {
    // Text as a CSV holds a formatted cell: thousands separators and a currency sign.
    const m = AMOUNT_TEXT.exec(c.trim());
    if (!m) return formatIssue();
    n = Number(`${m[1]}${m[2]!.replaceAll(',', '')}${m[3] ?? ''}`);
  } else return formatIssue();
  if (n < 0) return bad('negative', 'must not be negative', '不能为负数');
  const fen = Math.round(n * 100);
  if (fen > MAX_FEN) return bad('tooLarge', 'is more than 9,999,999.99: check that the column holds yuan', '超过 9,999,999.99：请核对该列是否以元为单位');
  if (Math.abs(n * 100 - fen) > 1e-6) return bad('decimals', 'may have at most 2 decimals (fen)', '最多保留 2 位小数（精确到分）');
  return { ok: true, fen };
};

const missingColumn = (field: PayrollField): FieldIssue => {
  const [first, ...others] = PAYROLL_COLUMNS[field];
  return fieldIssue(
    `file.columns.${field}`,
    'missingColumn',
    `the column ${first} is missing (also accepted: ${others.join(', ')}); row 1 must hold the headers`,
    `缺少“${first}”列（也可写作 ${others.join('、')}）；第 1 行应为表头`,
  );
};

/**
 * The rows of a payroll sheet, each checked; a row with a bad cell is left out and reported.
 * `today` (YYYY-MM-DD, Asia/Shanghai) refuses IDs born in the future; without it that check is
 * skipped, the others are not.
 */
export const readPayroll = (sheet: Sheet, today = '9999-12-31'): PayrollRead => {
  const col = payrollColumns(sheet.headers);
  const missing = REQUIRED.filter((f) => !col[f]).map(missingColumn);
  if (missing.length) return { rows: [], issues: missing };
  const cell = (r: TableRow, f: PayrollField): Cell => (col[f] ? (r.values[col[f]!] ?? null) : null);

  const rows: PayrollRow[] = [];
  const issues: FieldIssue[] = [];
  const firstRowOf = new Map<string, number>();
  for (const r of sheet.rows) {
    if (isNoPerson(r, cell)) continue;
    const before = issues.length;
    const bad = (field: PayrollField, rule: string, en: string, zh: string) => issues.push(fieldIssue(pathOf(r.row, field), rule, en, zh));
    const idCell = cell(r, 'nationalId');
    let nationalId: string | undefined;
    if (text(idCell) === '') bad('nationalId', 'required', 'is empty: each person paid needs a national ID', '为空：每位领取工资的人员都应填写身份证号');
    else {
      const checked = checkNationalId(idCell, pathOf(r.row, 'nationalId'), today);
      if (checked.ok) nationalId = checked.value.id;
      else issues.push(checked.issue);
    }
    // Not held to the roster's name rule (Chinese characters only): a payroll may pay a person
    // whose name is written otherwise, and that is exactly a person finance must see.
    const name = text(cell(r, 'name'));
    if (name === '') bad('name', 'required', 'is empty', '为空');
    else if ([...name].length > 30) bad('name', 'length', 'must have at most 30 characters', '最多 30 个字');
    const unitName = text(cell(r, 'unitName'));
    for (const [field, value] of [
      ['name', name],
      ['unitName', unitName],
    ] as const) {
      for (const rule of textRulesBroken(value)) {
        const m = translate(msg(rule))!;
        bad(field, rule, m.en, m.zh);
      }
    }
    const amount = readAmount(cell(r, 'amount'), pathOf(r.row, 'amount'));
    if (!amount.ok) issues.push(amount.issue);
    if (issues.length !== before || !nationalId || !amount.ok) continue;
    // A duplicate is a finding about the payment, not a bad cell: the row is kept so that the
    // totals hold every payment made.
    const first = firstRowOf.get(nationalId);
    if (first === undefined) firstRowOf.set(nationalId, r.row);
    else bad('nationalId', 'duplicate', `the same person as row ${first}: paid twice`, `与第 ${first} 行为同一人：重复发放`);
    rows.push({
      row: r.row,
      name,
      nationalId,
      ...(unitName ? { unitName } : {}),
      ...(amount.fen === undefined ? {} : { amount: amount.fen / 100 }),
    });
  }
  return { rows, issues, ...(col.amount ? { amountColumn: col.amount } : {}) };
};

/**
 * An uploaded payroll file read: the first sheet with a national-ID and a name column (or the
 * first sheet with rows, so the missing column is named). A file that cannot be read at all is
 * an issue too, so the caller has one shape to report.
 */
export const readPayrollFile = async (fileName: string, content: Buffer, today?: string): Promise<PayrollRead & { sheet?: string }> => {
  let sheets: Sheet[];
  try {
    sheets = await readTable(fileName, content);
  } catch (e) {
    if (e instanceof TableReadError) return { rows: [], issues: [fieldIssue('file', 'unreadable', e.message, e.messageZh)] };
    throw e;
  }
  const withRows = sheets.filter((s) => s.rows.length > 0);
  if (!withRows.length) return { rows: [], issues: [fieldIssue('file.rows', 'empty', 'the file has no rows below its header', '文件表头下没有数据行')] };
  const payrolls = withRows.filter((s) => {
    const col = payrollColumns(s.headers);
    return REQUIRED.every((f) => col[f]);
  });
  const sheet = payrolls[0] ?? withRows[0]!;
  const read = readPayroll(sheet, today);
  // Reading one sheet of several would report everyone on the others as unpaid.
  const others = payrolls.slice(1).map((s) => s.name);
  const several = others.length
    ? [
        fieldIssue(
          'file.sheets',
          'severalPayrolls',
          `only the sheet "${sheet.name}" was read; put the payroll of "${others.join('", "')}" into it or upload it separately`,
          `只读取了工作表“${sheet.name}”；请把“${others.join('”“')}”的工资表并入该表，或另行上传`,
        ),
      ]
    : [];
  return { ...read, issues: [...several, ...read.issues], sheet: sheet.name };
};

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The payroll against the roster. Every amount is summed in fen, then given in yuan. */
export const reconcilePayroll = (payroll: PayrollRow[], roster: RosterEntry[]): PayrollReconciliation => {
  const onRoster = new Map<string, RosterEntry[]>();
  for (const p of roster) {
    const id = normalizeNationalId(p.nationalId);
    onRoster.set(id, [...(onRoster.get(id) ?? []), p]);
  }
  const fenOf = (amount: number | undefined): number => (amount === undefined ? 0 : Math.round(amount * 100));

  const paid = new Set<string>();
  const paidNotOnRoster: PayrollReconciliation['paidNotOnRoster'] = [];
  const nameMismatch: PayrollReconciliation['nameMismatch'] = [];
  let rowsWithAmount = 0;
  let amountPaid = 0;
  let amountPaidNotOnRoster = 0;
  for (const r of payroll) {
    const id = normalizeNationalId(r.nationalId);
    const masked = maskNationalId(id);
    const fen = fenOf(r.amount);
    if (r.amount !== undefined) rowsWithAmount++;
    amountPaid += fen;
    const entries = onRoster.get(id);
    if (!entries) {
      amountPaidNotOnRoster += fen;
      paidNotOnRoster.push({
        row: r.row,
        name: r.name,
        nationalId: masked,
        ...(r.unitName === undefined ? {} : { unitName: r.unitName }),
        ...(r.amount === undefined ? {} : { amount: fen / 100 }),
      });
    } else if (!paid.has(id)) {
      for (const p of entries) {
        if (comparableName(p.name) !== comparableName(r.name)) {
          nameMismatch.push({ row: r.row, nationalId: masked, payrollName: r.name, rosterName: p.name, personId: p.personId, orgId: p.orgId });
        }
      }
    }
    paid.add(id);
  }

  const notPaid = roster
    .filter((p) => !paid.has(normalizeNationalId(p.nationalId)))
    .sort((a, b) => byCodeUnits(a.orgId, b.orgId) || byCodeUnits(a.name, b.name) || byCodeUnits(a.personId, b.personId));
  return {
    paidNotOnRoster,
    onRosterNotPaid: notPaid.map((p) => ({
      personId: p.personId,
      orgId: p.orgId,
      ...(p.orgName === undefined ? {} : { orgName: p.orgName }),
      name: p.name,
      quotaType: p.quotaType,
    })),
    nameMismatch,
    matched: roster.length - notPaid.length,
    totals: { peoplePaid: paid.size, rowsWithAmount, amountPaid: amountPaid / 100, amountPaidNotOnRoster: amountPaidNotOnRoster / 100 },
  };
};
