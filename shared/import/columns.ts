/**
 * The columns of the two tables an office keeps: the organization list (单位) and the roster
 * (人员). Chinese headers as offices write them, English ones as exports write them.
 */
import { FUNDING_FORM_LABELS, ORGANIZATION_KIND_LABELS, QUOTA_TYPE_LABELS } from '../domain/labels.ts';
import type { LEGAL_PERSON_STATES } from '../domain/registry/validate.ts';

export const ORG_COLUMNS = {
  orgId: ['单位代码', 'orgId'],
  name: ['单位名称', 'name'],
  kind: ['单位类型', 'kind'],
  parentId: ['上级单位代码', 'parentId'],
  fundingForm: ['经费形式', 'fundingForm'],
  civilServiceManaged: ['参公管理', 'civilServiceManaged'],
  uscc: ['统一社会信用代码', 'uscc'],
  legalPersonStatus: ['法人登记状态', 'legalPersonStatus'],
  headName: ['主要负责人', 'principalHead'],
  headSince: ['任职时间', 'principalHeadSince'],
  administrative: ['行政编制', 'administrative'],
  publicInstitution: ['事业编制', 'publicInstitution'],
  civilServiceManagedInstitution: ['参公事业编制', 'civilServiceManagedInstitution'],
  logistics: ['工勤编制', 'logistics'],
  documentNumber: ['批准文号', 'documentNumber'],
  effectiveDate: ['生效日期', 'effectiveDate'],
} as const;

export const PERSON_COLUMNS = {
  nationalId: ['身份证号', '公民身份号码', 'nationalId'],
  name: ['姓名', 'name'],
  orgId: ['单位代码', 'orgId'],
  quotaType: ['编制类型', 'quotaType'],
  post: ['岗位', '职务', 'post'],
  onRollSince: ['入编时间', 'onRollSince'],
} as const;

/**
 * What a cell may say for a code: its label, the shorter word offices also write, and the code
 * itself as exports write it. In this order, because the unknown-value error lists the Chinese
 * words in it.
 */
const valuesOf = <K extends string>(labels: Record<K, string>, aliases: Partial<Record<K, string>>): Record<string, K> => {
  const codes = Object.keys(labels) as K[];
  return Object.fromEntries([...codes.flatMap((c) => [[labels[c], c], ...(aliases[c] ? [[aliases[c], c]] : [])]), ...codes.map((c) => [c, c])]);
};

export const KIND_VALUES = valuesOf(ORGANIZATION_KIND_LABELS, { organ: '行政机关', massOrganization: '群团' });
export const FUNDING_VALUES = valuesOf(FUNDING_FORM_LABELS, { fullFunding: '全额', differentialFunding: '差额' });
export const QUOTA_TYPE_VALUES = valuesOf(QUOTA_TYPE_LABELS, {
  administrative: '行政',
  publicInstitution: '事业',
  civilServiceManagedInstitution: '参公',
  logistics: '工勤',
});
// By hand: the error lists 已登记 first, which the label table's order would change.
export const LEGAL_PERSON_VALUES: Record<string, (typeof LEGAL_PERSON_STATES)[number]> = {
  已登记: 'registered',
  登记中: 'pending',
  无需登记: 'notRequired',
  已注销: 'cancelled',
  registered: 'registered',
  pending: 'pending',
  notRequired: 'notRequired',
  cancelled: 'cancelled',
};
export const YES_NO: Record<string, boolean> = { 是: true, 否: false, Y: true, N: false, true: true, false: false, '': false };

/** Which header of `sheetHeaders` stands for each field, or undefined if the column is absent. */
export const mapColumns = <K extends string>(spec: Record<K, readonly string[]>, sheetHeaders: string[]): Record<K, string | undefined> =>
  Object.fromEntries(Object.entries(spec).map(([field, names]) => [field, (names as string[]).find((n) => sheetHeaders.includes(n))])) as Record<
    K,
    string | undefined
  >;

export const looksLike = (spec: Record<string, readonly string[]>, headers: string[], required: string[]): boolean =>
  required.every((f) => (spec[f] as readonly string[]).some((n) => headers.includes(n)));
