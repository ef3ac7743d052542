/**
 * The workbooks clerks download (R-EXT-4), built from what the statistics and the ledger read:
 * Chinese headers, one sheet per view, figures as numbers and dates as dates so they sum and sort.
 * Pure: the handler reads, this lays out, xlsx-writer.ts writes.
 */
import { FUNDING_FORM_LABELS, ORGANIZATION_KIND_LABELS, QUOTA_TYPE_LABELS } from '../domain/labels.ts';
import { IMPLEMENTATION_ITEM_LABELS } from '../domain/matters/implementation.ts';
import { FUNDING_FORMS, ORGANIZATION_KINDS, QUOTA_TYPES } from '../domain/registry/rules.ts';
import type { EstablishmentStatistics, Figures } from '../domain/statistics/establishment.ts';
import type { MatterStatistics } from '../domain/statistics/matters.ts';
import type { Person } from '../schemas/registry.ts';
import type { SupervisionLetter } from '../schemas/supervision.ts';
import type { XlsxBook, XlsxColumn, XlsxSheet } from './xlsx-writer.ts';

const FIGURE_COLUMNS: XlsxColumn[] = [
  { header: '单位数', kind: 'number' },
  { header: '核定编制', kind: 'number' },
  { header: '实有人数', kind: 'number' },
  { header: '核准未入编', kind: 'number' },
  { header: '空编', kind: 'number' },
  { header: '超编人数', kind: 'number' },
  { header: '超编单位数', kind: 'number' },
];
const figures = (f: Figures) => [f.units, f.quota, f.onRoll, f.reserved, f.vacancy, f.overBy, f.overQuotaUnits];

const LETTER_STATUS_LABELS: Record<string, string> = { open: '待整改', reported: '已报整改待核验', rectified: '已整改' };

/** 编制使用情况 of every unit in scope, with its breakdowns. */
export const statisticsBook = (
  scopeNameZh: string,
  asOf: string,
  stats: EstablishmentStatistics,
  more?: { matters: MatterStatistics; warnings: { orgId: string; messageZh: string; raisedAt: string }[] },
): XlsxBook => {
  const title = (what: string) => `${scopeNameZh}${what}（截至${asOf}）`;
  const byUnit: XlsxSheet = {
    name: '编制使用情况',
    title: title('机构编制使用情况'),
    columns: [
      { header: '单位代码', kind: 'text' },
      { header: '单位名称', kind: 'text' },
      { header: '单位类型', kind: 'text' },
      { header: '经费形式', kind: 'text' },
      ...QUOTA_TYPES.flatMap((t) => ['核定', '实有', '核准未入编', '空编'].map((h) => ({ header: `${QUOTA_TYPE_LABELS[t]}${h}`, kind: 'number' as const }))),
      { header: '超编', kind: 'text' },
    ],
    rows: stats.units.map((u) => [
      u.orgId,
      u.name,
      ORGANIZATION_KIND_LABELS[u.kind],
      FUNDING_FORM_LABELS[u.fundingForm],
      ...QUOTA_TYPES.flatMap((t) => [u.quota[t], u.onRoll[t], u.reserved[t], u.vacancy[t]]),
      u.overQuota.map((t) => QUOTA_TYPE_LABELS[t]).join('、'),
    ]),
  };
  // A unit counts under each quota type it holds, so those rows have no total: their units do not add up.
  const breakdown = (name: string, first: string, rows: [string, Figures][], total: boolean): XlsxSheet => ({
    name,
    title: title(name),
    columns: [{ header: first, kind: 'text' }, ...FIGURE_COLUMNS],
    rows: [...rows.map(([label, f]) => [label, ...figures(f)]), ...(total ? [['合计', ...figures(stats.totals)]] : [])],
  });
  const sheets: XlsxSheet[] = [
    byUnit,
    breakdown(
      '按编制类型',
      '编制类型',
      QUOTA_TYPES.map((t) => [QUOTA_TYPE_LABELS[t], stats.byQuotaType[t]]),
      false,
    ),
    breakdown(
      '按经费形式',
      '经费形式',
      FUNDING_FORMS.map((f) => [FUNDING_FORM_LABELS[f], stats.byFundingForm[f]]),
      true,
    ),
    breakdown(
      '按单位类型',
      '单位类型',
      ORGANIZATION_KINDS.map((k) => [ORGANIZATION_KIND_LABELS[k], stats.byKind[k]]),
      true,
    ),
  ];
  if (more) {
    sheets.push(
      {
        name: '事项办理',
        title: title('机构编制事项办理情况'),
        columns: [
          { header: '环节', kind: 'text' },
          { header: '在办', kind: 'number' },
          { header: '逾期', kind: 'number' },
        ],
        rows: [...more.matters.byStage.map((s) => [s.labelZh, s.open, s.overdue]), ['合计', more.matters.open, more.matters.overdue]],
      },
      {
        name: '预警',
        title: title('超编超职数预警'),
        columns: [
          { header: '单位代码', kind: 'text' },
          { header: '预警内容', kind: 'text' },
          { header: '预警时间', kind: 'text' },
        ],
        rows: more.warnings.map((w) => [w.orgId, w.messageZh, w.raisedAt]),
      },
    );
  }
  return { sheets, properties: { title: title('机构编制统计') } };
};

/** 督办台账: open implementation items, and the letters not yet closed, each item a row. */
export const ledgerBook = (
  scopeNameZh: string,
  today: string,
  items: { orgId: string; matterId: string; item: string; itemZh?: string; dueDate: string; letterNumber?: string }[],
  letters: SupervisionLetter[],
  nameOf: (orgId: string) => string,
): XlsxBook => ({
  properties: { title: `${scopeNameZh}督办台账` },
  sheets: [
    {
      name: '落实事项',
      title: `${scopeNameZh}机构编制事项落实台账（截至${today}）`,
      columns: [
        { header: '单位', kind: 'text' },
        { header: '事项编号', kind: 'text' },
        { header: '落实事项', kind: 'text' },
        { header: '落实期限', kind: 'date' },
        { header: '是否逾期', kind: 'text' },
        { header: '督办函', kind: 'text' },
      ],
      rows: items.map((i) => [
        nameOf(i.orgId),
        i.matterId,
        i.itemZh ?? IMPLEMENTATION_ITEM_LABELS[i.item as keyof typeof IMPLEMENTATION_ITEM_LABELS] ?? i.item,
        i.dueDate,
        i.dueDate < today ? '逾期' : '',
        i.letterNumber ?? '',
      ]),
    },
    {
      name: '督办函',
      title: `${scopeNameZh}督办函办理台账（截至${today}）`,
      columns: [
        { header: '文号', kind: 'text' },
        { header: '单位', kind: 'text' },
        { header: '签发日期', kind: 'date' },
        { header: '整改期限', kind: 'date' },
        { header: '状态', kind: 'text' },
        { header: '督办事项', kind: 'text', width: 60 },
      ],
      rows: letters.flatMap((l) =>
        l.items.map((i) => [
          l.number,
          l.addresseeZh ?? nameOf(l.orgId),
          l.issuedOn,
          l.rectifyBy,
          `${LETTER_STATUS_LABELS[l.status] ?? l.status}${l.status === 'open' && l.rectifyBy < today ? '（已逾期）' : ''}`,
          i.itemZh,
        ]),
      ),
    },
  ],
});

const GENDER = { male: '男', female: '女' } as const;

/** 实名制名册 of one unit, as the caller may see it (IDs already masked for a role that sees them masked). */
export const rosterBook = (org: { orgId: string; name: string }, today: string, people: Person[]): XlsxBook => ({
  properties: { title: `${org.name}实名制名册` },
  sheets: [
    {
      name: '实名制名册',
      title: `${org.name}机构编制实名制名册（截至${today}）`,
      columns: [
        { header: '序号', kind: 'number' },
        { header: '姓名', kind: 'text' },
        { header: '公民身份号码', kind: 'text' },
        { header: '性别', kind: 'text' },
        { header: '编制类型', kind: 'text' },
        { header: '职务', kind: 'text' },
        { header: '入编时间', kind: 'date' },
      ],
      rows: people.map((p, i) => [i + 1, p.name, p.nationalId, GENDER[p.gender], QUOTA_TYPE_LABELS[p.quotaType], p.post ?? '', p.onRollSince]),
    },
  ],
});
