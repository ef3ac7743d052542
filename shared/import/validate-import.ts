/**
 * Checks every row of an import before anything is written (pure: the caller supplies what the
 * database already holds). Each bad row is reported with its sheet, row, column and reason.
 */
import type { Checked } from '../domain/registry/check.ts';
import { type Counts, zeroCounts } from '../domain/registry/establishment.ts';
import { checkNationalId } from '../domain/registry/national-id.ts';
import { retirementCategory, retirementDate } from '../domain/registry/retirement.ts';
import {
  allowedQuotaTypes,
  checkFundingForKind,
  checkIntakeAge,
  checkPastDate,
  checkPersonName,
  checkQuotaTypeForKind,
  type FundingForm,
  type OrganizationKind,
  QUOTA_TYPES,
  type QuotaType,
} from '../domain/registry/rules.ts';
import { checkUscc, checkUsccForKind } from '../domain/registry/uscc.ts';
import { msg, translate } from '../schemas/messages.ts';
import { documentNumber as documentNumberSchema, orgId as orgIdSchema } from '../schemas/registry.ts';
import { textRulesBroken } from '../schemas/text.ts';
import { FUNDING_VALUES, KIND_VALUES, LEGAL_PERSON_VALUES, looksLike, mapColumns, ORG_COLUMNS, PERSON_COLUMNS, QUOTA_TYPE_VALUES, YES_NO } from './columns.ts';
import type { Cell, Sheet, TableRow } from './read-table.ts';

export interface ImportIssue {
  sheet: string;
  row: number;
  column: string;
  rule: string;
  message: string;
  messageZh: string;
}

export interface PlannedOrg {
  row: number;
  orgId: string;
  name: string;
  kind: OrganizationKind;
  parentId?: string;
  fundingForm: FundingForm;
  civilServiceManaged: boolean;
  uscc: string;
  legalPersonStatus: 'notRequired' | 'pending' | 'registered' | 'cancelled';
  principalHead?: { name: string; since: string };
  quota: Counts;
  documentNumber: string;
  effectiveDate: string;
  depth: number;
}

export interface PlannedPerson {
  sheet: string;
  row: number;
  personId: string;
  orgId: string;
  nationalId: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  quotaType: QuotaType;
  post?: string;
  onRollSince: string;
  retirementDate: string;
  /** Written by an earlier run of this same import (resume after a crash). */
  alreadyImported: boolean;
}

export interface ExistingFacts {
  orgs: Map<string, { kind: OrganizationKind; civilServiceManaged: boolean; uscc: string; status: string }>;
  usccHolders: Map<string, string>;
  people: Map<string, { status: string; importId?: string }>;
}

export interface Candidates {
  orgSheets: Sheet[];
  personSheets: Sheet[];
  orgIds: Set<string>;
  usccs: Set<string>;
  nationalIds: Set<string>;
  issues: ImportIssue[];
}

const text = (c: Cell | undefined): string => (c === null || c === undefined ? '' : String(c).trim());

/** Accepts 2026-03-01, 2026/3/1, 2026.3.1 and 20260301. */
export const normalizeDate = (c: Cell | undefined): string => {
  const t = text(c);
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : t;
};

/** A sheet's columns by field, the cell of a field in a row, and an issue for each required column it lacks. */
const sheetColumns = <K extends string>(spec: Record<K, readonly string[]>, s: Sheet, required: readonly NoInfer<K>[]) => {
  const col = mapColumns(spec, s.headers);
  return {
    cell: (r: TableRow, f: K): Cell => (col[f] ? (r.values[col[f]!] ?? null) : null),
    name: (f: K): string => col[f] ?? spec[f][0]!,
    missing: required
      .filter((f) => !col[f])
      .map(
        (f): ImportIssue => ({ sheet: s.name, row: 1, column: spec[f][0]!, rule: 'missingColumn', message: 'this column is missing', messageZh: '缺少此列' }),
      ),
  };
};

/** Sorts sheets into organization lists and rosters by their headers, and notes ids to look up. */
export const classifySheets = (sheets: Sheet[]): Candidates => {
  const c: Candidates = { orgSheets: [], personSheets: [], orgIds: new Set(), usccs: new Set(), nationalIds: new Set(), issues: [] };
  for (const s of sheets) {
    if (s.rows.length === 0) continue;
    if (looksLike(PERSON_COLUMNS, s.headers, ['nationalId', 'name'])) c.personSheets.push(s);
    else if (looksLike(ORG_COLUMNS, s.headers, ['orgId', 'uscc'])) c.orgSheets.push(s);
    else {
      c.issues.push({
        sheet: s.name,
        row: 1,
        column: '',
        rule: 'unknownTable',
        message: 'neither an organization list (单位代码, 统一社会信用代码…) nor a roster (身份证号, 姓名…)',
        messageZh: '既不是单位名录（单位代码、统一社会信用代码……）也不是人员名册（身份证号、姓名……）',
      });
    }
  }
  for (const s of c.orgSheets) {
    const col = mapColumns(ORG_COLUMNS, s.headers);
    for (const r of s.rows) {
      const id = text(r.values[col.orgId!]);
      if (id) c.orgIds.add(id);
      const parent = col.parentId ? text(r.values[col.parentId]) : '';
      if (parent) c.orgIds.add(parent);
      const u = text(r.values[col.uscc!]).toUpperCase();
      if (u) c.usccs.add(u);
    }
  }
  for (const s of c.personSheets) {
    const col = mapColumns(PERSON_COLUMNS, s.headers);
    for (const r of s.rows) {
      const v = r.values[col.nationalId!];
      if (typeof v === 'string') c.nationalIds.add(v.trim().toUpperCase());
      if (col.orgId) c.orgIds.add(text(r.values[col.orgId]));
    }
  }
  return c;
};

export interface ValidatedImport {
  orgs: PlannedOrg[];
  people: PlannedPerson[];
  issues: ImportIssue[];
  /** Units left above quota by the imported roster: recorded and warned, not refused. */
  overQuota: { orgId: string; quotaType: QuotaType; quota: number; onRoll: number }[];
  skippedOrgs: number;
}

export const validateImport = (
  c: Candidates,
  existing: ExistingFacts,
  today: string,
  importId: string,
  personIdFor: (nationalId: string) => string,
): ValidatedImport => {
  const issues: ImportIssue[] = [...c.issues];
  const add = (sheet: string, row: number, column: string, r: Checked<unknown>) => {
    if (!r.ok) issues.push({ sheet, row, column, rule: r.issue.rule, message: r.issue.message, messageZh: r.issue.messageZh });
    return r.ok ? r.value : undefined;
  };
  const fail = (sheet: string, row: number, column: string, rule: string, message: string, messageZh: string) => {
    issues.push({ sheet, row, column, rule, message, messageZh });
    return undefined;
  };
  /** A cell of free text held to what the API takes as free text (shared/schemas/text.ts). */
  const freeText = (sheet: string, row: number, column: string, value: string) => {
    for (const rule of textRulesBroken(value)) {
      const m = translate(msg(rule))!;
      fail(sheet, row, column, rule, m.en, m.zh);
    }
  };
  const pick = <T>(map: Record<string, T>, v: string, sheet: string, row: number, column: string): T | undefined =>
    v in map
      ? map[v]
      : fail(
          sheet,
          row,
          column,
          'unknownValue',
          `"${v}" is not one of ${Object.keys(map)
            .filter((k) => /[\u4e00-\u9fff]/.test(k))
            .join(', ')}`,
          `“${v}”不是可选值（${Object.keys(map)
            .filter((k) => /[\u4e00-\u9fff]/.test(k))
            .join('、')}）`,
        );

  // Organizations.
  const planned = new Map<string, PlannedOrg>();
  const usccRow = new Map<string, number>();
  let skippedOrgs = 0;
  for (const s of c.orgSheets) {
    const sheet = sheetColumns(ORG_COLUMNS, s, ['orgId', 'name', 'kind', 'fundingForm', 'uscc', 'legalPersonStatus', 'documentNumber', 'effectiveDate']);
    if (sheet.missing.length) {
      issues.push(...sheet.missing);
      continue;
    }
    const colName = sheet.name;
    for (const r of s.rows) {
      const v = (f: keyof typeof ORG_COLUMNS) => sheet.cell(r, f);
      const before = issues.length;
      const orgId = text(v('orgId'));
      if (!orgIdSchema.safeParse(orgId).success)
        fail(s.name, r.row, colName('orgId'), 'format', 'lowercase letters, digits and hyphens; 2–40 characters', '只能包含小写字母、数字和连字符，长度 2–40');
      else if (planned.has(orgId))
        fail(s.name, r.row, colName('orgId'), 'duplicate', `repeats row ${planned.get(orgId)!.row}`, `与第 ${planned.get(orgId)!.row} 行重复`);
      const name = text(v('name'));
      if (name.length < 2 || name.length > 60) fail(s.name, r.row, colName('name'), 'length', 'must have 2–60 characters', '应为 2–60 个字');
      freeText(s.name, r.row, colName('name'), name);
      const kind = pick(KIND_VALUES, text(v('kind')), s.name, r.row, colName('kind'));
      const funding = pick(FUNDING_VALUES, text(v('fundingForm')), s.name, r.row, colName('fundingForm'));
      const csm = pick(YES_NO, text(v('civilServiceManaged')), s.name, r.row, colName('civilServiceManaged')) ?? false;
      const legal = pick(LEGAL_PERSON_VALUES, text(v('legalPersonStatus')), s.name, r.row, colName('legalPersonStatus'));
      const uscc = add(s.name, r.row, colName('uscc'), checkUscc(v('uscc'), colName('uscc'))) as
        | { code: string; authority: string; category: string }
        | undefined;
      if (uscc && kind) add(s.name, r.row, colName('uscc'), checkUsccForKind(uscc as never, kind, colName('uscc')));
      if (uscc) {
        const prior = usccRow.get(uscc.code);
        if (prior) fail(s.name, r.row, colName('uscc'), 'duplicate', `repeats row ${prior}`, `与第 ${prior} 行重复`);
        usccRow.set(uscc.code, r.row);
      }
      if (funding && kind) add(s.name, r.row, colName('fundingForm'), checkFundingForKind(funding, kind, colName('fundingForm')));
      const quota = zeroCounts();
      for (const t of QUOTA_TYPES) {
        const raw = text(v(t));
        if (raw === '') continue;
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 0) fail(s.name, r.row, colName(t), 'count', 'must be a whole number, 0 or more', '应为非负整数');
        else if (n > 0 && kind && !allowedQuotaTypes(kind, csm).includes(t)) add(s.name, r.row, colName(t), checkQuotaTypeForKind(t, kind, csm, colName(t)));
        else quota[t] = n;
      }
      const documentNumber = text(v('documentNumber'));
      if (!documentNumberSchema.safeParse(documentNumber).success)
        fail(
          s.name,
          r.row,
          colName('documentNumber'),
          'format',
          'must be a document number such as 咸编发〔2026〕7号',
          '应为规范的发文字号，如 咸编发〔2026〕7号',
        );
      const effectiveDate = add(s.name, r.row, colName('effectiveDate'), checkPastDate(normalizeDate(v('effectiveDate')), colName('effectiveDate'), today)) as
        | string
        | undefined;
      let principalHead: PlannedOrg['principalHead'];
      if (text(v('headName'))) {
        const hn = add(s.name, r.row, colName('headName'), checkPersonName(text(v('headName')), colName('headName'))) as string | undefined;
        const hs = add(s.name, r.row, colName('headSince'), checkPastDate(normalizeDate(v('headSince')), colName('headSince'), today)) as string | undefined;
        if (hn && hs) principalHead = { name: hn, since: hs };
      }
      const ex = existing.orgs.get(orgId);
      if (ex && uscc && ex.uscc !== uscc.code)
        fail(s.name, r.row, colName('orgId'), 'exists', 'an organization with this code already exists', '已存在该单位代码的单位');
      if (uscc && existing.usccHolders.has(uscc.code) && existing.usccHolders.get(uscc.code) !== orgId) {
        fail(s.name, r.row, colName('uscc'), 'inUse', 'this code is already registered to another organization', '该代码已登记给其他单位');
      }
      if (issues.length !== before) continue;
      if (ex) {
        skippedOrgs++;
        continue;
      }
      const parentId = text(v('parentId')) || undefined;
      planned.set(orgId, {
        row: r.row,
        orgId,
        name,
        kind: kind!,
        parentId,
        fundingForm: funding!,
        civilServiceManaged: csm,
        uscc: uscc!.code,
        legalPersonStatus: legal!,
        principalHead,
        quota,
        documentNumber,
        effectiveDate: effectiveDate!,
        depth: 0,
      });
    }
  }
  // Parents: in this file or already registered; no cycles.
  const depthOf = (id: string, seen: Set<string>): number | undefined => {
    const o = planned.get(id);
    if (!o) return existing.orgs.has(id) ? -1 : undefined;
    if (!o.parentId) return 0;
    if (seen.has(id)) return undefined;
    seen.add(id);
    const d = depthOf(o.parentId, seen);
    return d === undefined ? undefined : d + 1;
  };
  for (const o of planned.values()) {
    const d = depthOf(o.orgId, new Set());
    if (d === undefined) {
      fail(
        c.orgSheets[0]?.name ?? '',
        o.row,
        ORG_COLUMNS.parentId[0],
        'parent',
        `parent ${o.parentId} is neither in this file nor registered (or the parents form a loop)`,
        `上级单位 ${o.parentId} 既不在本文件中也未登记（或上下级成环）`,
      );
      planned.delete(o.orgId);
    } else o.depth = d;
  }

  // People.
  const orgFacts = (id: string) => planned.get(id) ?? existing.orgs.get(id);
  const seenIds = new Map<string, number>();
  const people: PlannedPerson[] = [];
  for (const s of c.personSheets) {
    const sheet = sheetColumns(PERSON_COLUMNS, s, ['nationalId', 'name', 'orgId', 'quotaType', 'onRollSince']);
    if (sheet.missing.length) {
      issues.push(...sheet.missing);
      continue;
    }
    const colName = sheet.name;
    for (const r of s.rows) {
      const v = (f: keyof typeof PERSON_COLUMNS) => sheet.cell(r, f);
      const before = issues.length;
      const id = add(s.name, r.row, colName('nationalId'), checkNationalId(v('nationalId'), colName('nationalId'), today)) as
        | { id: string; birthDate: string; gender: 'male' | 'female' }
        | undefined;
      const name = add(s.name, r.row, colName('name'), checkPersonName(v('name'), colName('name'))) as string | undefined;
      const orgId = text(v('orgId'));
      const org = orgFacts(orgId);
      if (!org)
        fail(
          s.name,
          r.row,
          colName('orgId'),
          'unknownOrganization',
          `no organization ${orgId} in this file or the registry`,
          `本文件和名录中都没有单位 ${orgId}`,
        );
      const quotaType = pick(QUOTA_TYPE_VALUES, text(v('quotaType')), s.name, r.row, colName('quotaType'));
      if (quotaType && org) add(s.name, r.row, colName('quotaType'), checkQuotaTypeForKind(quotaType, org.kind, org.civilServiceManaged, colName('quotaType')));
      const since = add(s.name, r.row, colName('onRollSince'), checkPastDate(normalizeDate(v('onRollSince')), colName('onRollSince'), today)) as
        | string
        | undefined;
      freeText(s.name, r.row, colName('post'), text(v('post')));
      if (id && since && quotaType) {
        const young = checkIntakeAge(id.birthDate, id.gender, quotaType, since, colName('nationalId'));
        if (!young.ok && young.issue.rule === 'tooYoung') add(s.name, r.row, colName('nationalId'), young);
        const retires = retirementDate(id.birthDate, retirementCategory(id.gender, quotaType));
        if (retires <= today)
          fail(
            s.name,
            r.row,
            colName('nationalId'),
            'pastRetirement',
            `reached statutory retirement age on ${retires}: take them off the roster instead`,
            `已于 ${retires} 达到法定退休年龄，应办理下编`,
          );
      }
      if (id) {
        const first = seenIds.get(id.id);
        if (first) fail(s.name, r.row, colName('nationalId'), 'duplicate', `the same person as row ${first}`, `与第 ${first} 行为同一人`);
        else seenIds.set(id.id, r.row);
      }
      let alreadyImported = false;
      if (id) {
        const ex = existing.people.get(personIdFor(id.id));
        if (ex && ex.status !== 'offRoll') {
          if (ex.importId === importId) alreadyImported = true;
          else
            fail(
              s.name,
              r.row,
              colName('nationalId'),
              'duplicatePerson',
              'this person already holds an establishment slot in the city',
              '此人已在本市占用编制',
            );
        }
      }
      if (issues.length !== before) continue;
      people.push({
        sheet: s.name,
        row: r.row,
        personId: personIdFor(id!.id),
        orgId,
        nationalId: id!.id,
        name: name!,
        gender: id!.gender,
        birthDate: id!.birthDate,
        quotaType: quotaType!,
        post: text(v('post')) || undefined,
        onRollSince: since!,
        retirementDate: retirementDate(id!.birthDate, retirementCategory(id!.gender, quotaType!)),
        alreadyImported,
      });
    }
  }

  const overQuota: ValidatedImport['overQuota'] = [];
  for (const o of planned.values()) {
    for (const t of QUOTA_TYPES) {
      const onRoll = people.filter((p) => p.orgId === o.orgId && p.quotaType === t).length;
      if (onRoll > o.quota[t]) overQuota.push({ orgId: o.orgId, quotaType: t, quota: o.quota[t], onRoll });
    }
  }
  issues.sort((a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row);
  return { orgs: [...planned.values()].sort((a, b) => a.depth - b.depth), people, issues, overQuota, skippedOrgs };
};
