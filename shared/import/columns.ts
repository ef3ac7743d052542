/**
 * The columns of the two tables an office keeps: the organization list (单位) and the roster
 * (人员). Chinese headers as offices write them, English ones as exports write them.
 */
import type { FundingForm, OrganizationKind, QuotaType } from '../domain/registry/rules.ts';

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

export const KIND_VALUES: Record<string, OrganizationKind> = {
  机关: 'organ',
  行政机关: 'organ',
  事业单位: 'publicInstitution',
  群团机关: 'massOrganization',
  群团: 'massOrganization',
  organ: 'organ',
  publicInstitution: 'publicInstitution',
  massOrganization: 'massOrganization',
};
export const FUNDING_VALUES: Record<string, FundingForm> = {
  全额拨款: 'fullFunding',
  全额: 'fullFunding',
  差额拨款: 'differentialFunding',
  差额: 'differentialFunding',
  自收自支: 'selfFunding',
  fullFunding: 'fullFunding',
  differentialFunding: 'differentialFunding',
  selfFunding: 'selfFunding',
};
export const QUOTA_TYPE_VALUES: Record<string, QuotaType> = {
  行政编制: 'administrative',
  行政: 'administrative',
  事业编制: 'publicInstitution',
  事业: 'publicInstitution',
  参公事业编制: 'civilServiceManagedInstitution',
  参公: 'civilServiceManagedInstitution',
  工勤编制: 'logistics',
  工勤: 'logistics',
  administrative: 'administrative',
  publicInstitution: 'publicInstitution',
  civilServiceManagedInstitution: 'civilServiceManagedInstitution',
  logistics: 'logistics',
};
export const LEGAL_PERSON_VALUES: Record<string, 'notRequired' | 'pending' | 'registered' | 'cancelled'> = {
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
