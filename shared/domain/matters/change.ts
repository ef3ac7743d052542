/**
 * The registry change a matter asks for, checked against what its type changes: the fields the
 * change needs are there, fields it does not use are refused (rather than silently ignored),
 * and the values fit the unit as it is. The change is applied only on issue (R-MAT-4).
 */
import { type FieldIssue, fieldIssue } from '../../errors.ts';
import { INSTITUTION_CATEGORY_LABELS, QUOTA_TYPE_LABELS } from '../labels.ts';
import {
  checkFundingForKind,
  checkQuotaTypeForKind,
  type FundingForm,
  type InstitutionCategory,
  type OrganizationKind,
  type QuotaType,
} from '../registry/rules.ts';
import type { RegistryChange } from './catalog.ts';

export interface ChangeInput {
  quotaType?: QuotaType;
  count?: number;
  name?: string;
  grade?: string;
  track?: string;
  description?: string;
  newOrgId?: string;
  kind?: OrganizationKind;
  fundingForm?: string;
  civilServiceManaged?: boolean;
  functions?: string;
  internalUnits?: string[];
  institutionCategory?: InstitutionCategory;
}

/** The fields each kind of change needs; the rest it does not take. */
const NEEDS: Record<RegistryChange, (keyof ChangeInput)[]> = {
  increaseQuota: ['quotaType', 'count'],
  reduceQuota: ['quotaType', 'count'],
  renameOrganization: ['name'],
  changePostQuota: ['grade', 'track', 'count'],
  setUpOrganization: ['name', 'description', 'newOrgId', 'kind', 'fundingForm'],
  adjustOrganization: ['description'],
  abolishOrganization: ['description'],
  adjustFunctions: ['description', 'functions'],
  changeInternalUnits: ['description', 'internalUnits'],
  changeInstitutionCategory: ['description', 'institutionCategory'],
};

/** What a kind of change may also take: a set-up may give the new unit its first quota of one type. */
const MAY_TAKE: Partial<Record<RegistryChange, (keyof ChangeInput)[]>> = {
  setUpOrganization: ['civilServiceManaged', 'quotaType', 'count', 'functions', 'internalUnits', 'institutionCategory'],
};

export interface UnitNow {
  kind: OrganizationKind;
  civilServiceManaged: boolean;
  name: string;
  approved: Record<QuotaType, number>;
  functions?: string;
  internalUnits?: string[];
  institutionCategory?: InstitutionCategory;
}

/** The changes that replace a field of the unit's record whole, with the field and its name. */
export const REPLACED_FIELDS = {
  adjustFunctions: { field: 'functions', zh: '主要职责' },
  changeInternalUnits: { field: 'internalUnits', zh: '内设机构' },
  changeInstitutionCategory: { field: 'institutionCategory', zh: '事业单位类别' },
} as const satisfies Partial<Record<RegistryChange, { field: keyof ChangeInput; zh: string }>>;
export type ReplacedField = (typeof REPLACED_FIELDS)[keyof typeof REPLACED_FIELDS]['field'];

/** The field a change replaces whole, if it is one of those. */
export const replacedFieldOf = (kind: RegistryChange) => (kind in REPLACED_FIELDS ? REPLACED_FIELDS[kind as keyof typeof REPLACED_FIELDS] : undefined);

/** Whether two values of a replaced field are the same (none recorded counts as null). */
export const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** A name the list holds twice, as the register would otherwise list one unit as two. */
const twiceNamed = (names: string[]): number => names.findIndex((n, i) => names.indexOf(n) !== i);

export const changeIssues = (kind: RegistryChange, change: ChangeInput, unit: UnitNow): FieldIssue[] => {
  const needs = NEEDS[kind];
  const issues: FieldIssue[] = [];
  for (const f of needs) {
    if (change[f] === undefined) issues.push(fieldIssue(`body.change.${f}`, 'required', `required for a change of kind ${kind}`, '该类事项必须填写此项'));
  }
  const mayTake = MAY_TAKE[kind] ?? [];
  for (const f of Object.keys(change) as (keyof ChangeInput)[]) {
    if (!needs.includes(f) && !mayTake.includes(f))
      issues.push(fieldIssue(`body.change.${f}`, 'notForType', `a change of kind ${kind} does not take ${f}`, '该类事项不填写此项'));
  }
  // A first quota comes as a type and a number together.
  if (kind === 'setUpOrganization' && (change.quotaType === undefined) !== (change.count === undefined)) {
    const missing = change.quotaType === undefined ? 'quotaType' : 'count';
    issues.push(fieldIssue(`body.change.${missing}`, 'required', 'a first quota needs both its type and its number', '核定编制须同时填写编制类型和数量'));
  }
  if (issues.length) return issues;
  if (kind === 'setUpOrganization') {
    const funded = checkFundingForKind(change.fundingForm as FundingForm, change.kind!, 'body.change.fundingForm');
    if (!funded.ok) issues.push(funded.issue);
  }
  if (change.quotaType) {
    // A new unit's quota fits the new unit's kind; any other change's, the unit's own.
    const allowed =
      kind === 'setUpOrganization'
        ? checkQuotaTypeForKind(change.quotaType, change.kind!, change.civilServiceManaged ?? false, 'body.change.quotaType')
        : checkQuotaTypeForKind(change.quotaType, unit.kind, unit.civilServiceManaged, 'body.change.quotaType');
    if (!allowed.ok) issues.push(allowed.issue);
  }
  if (kind === 'reduceQuota' && change.quotaType && change.count! > unit.approved[change.quotaType]) {
    const approved = unit.approved[change.quotaType];
    issues.push(
      fieldIssue(
        'body.change.count',
        'belowZero',
        `the unit has ${approved} approved ${change.quotaType} slots; a reduction of ${change.count} would leave fewer than none`,
        `该单位核定${QUOTA_TYPE_LABELS[change.quotaType]} ${approved} 名，不能核减 ${change.count} 名`,
      ),
    );
  }
  // Only a public institution has a category: a set-up's is the new unit's kind, any other change's the unit's own.
  const kindOfUnit = kind === 'setUpOrganization' ? change.kind! : unit.kind;
  if (change.institutionCategory && kindOfUnit !== 'publicInstitution') {
    issues.push(
      fieldIssue('body.change.institutionCategory', 'notAnInstitution', 'only a public institution has an institution category', '只有事业单位划分类别'),
    );
  } else if (kind === 'changeInstitutionCategory' && change.institutionCategory === unit.institutionCategory) {
    const label = INSTITUTION_CATEGORY_LABELS[change.institutionCategory!];
    issues.push(fieldIssue('body.change.institutionCategory', 'unchanged', 'is the category the unit has now', `该单位现已是${label}`));
  }
  if (change.internalUnits) {
    const at = twiceNamed(change.internalUnits);
    if (at >= 0) {
      issues.push(
        fieldIssue(`body.change.internalUnits[${at}]`, 'duplicate', 'names an internal unit already listed', `内设机构「${change.internalUnits[at]}」重复`),
      );
    } else if (kind === 'changeInternalUnits' && sameValue(unit.internalUnits, change.internalUnits)) {
      issues.push(fieldIssue('body.change.internalUnits', 'unchanged', 'are the internal units the unit has now', '与单位现有内设机构相同'));
    }
  }
  if (kind === 'adjustFunctions' && change.functions === unit.functions) {
    issues.push(fieldIssue('body.change.functions', 'unchanged', 'are the functions the unit has now', '与单位现有主要职责相同'));
  }
  if (kind === 'renameOrganization' && change.name === unit.name) {
    issues.push(fieldIssue('body.change.name', 'unchanged', 'is the name the unit has now', '与单位现名称相同'));
  }
  return issues;
};
