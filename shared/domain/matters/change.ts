/**
 * The registry change a matter asks for, checked against what its type changes: the fields the
 * change needs are there, fields it does not use are refused (rather than silently ignored),
 * and the values fit the unit as it is. The change is applied only on issue (R-MAT-4).
 */
import { type FieldIssue, fieldIssue } from '../../errors.ts';
import { QUOTA_TYPE_LABELS } from '../labels.ts';
import { checkQuotaTypeForKind, type OrganizationKind, type QuotaType } from '../registry/rules.ts';
import type { RegistryChange } from './catalog.ts';

export interface ChangeInput {
  quotaType?: QuotaType;
  count?: number;
  name?: string;
  grade?: string;
  track?: string;
  description?: string;
}

/** The fields each kind of change needs; the rest it does not take. */
const NEEDS: Record<RegistryChange, (keyof ChangeInput)[]> = {
  increaseQuota: ['quotaType', 'count'],
  reduceQuota: ['quotaType', 'count'],
  renameOrganization: ['name'],
  changePostQuota: ['grade', 'track', 'count'],
  setUpOrganization: ['name', 'description'],
  adjustOrganization: ['description'],
  abolishOrganization: ['description'],
  adjustFunctions: ['description'],
  changeInternalUnits: ['description'],
  changeInstitutionCategory: ['description'],
};

export interface UnitNow {
  kind: OrganizationKind;
  civilServiceManaged: boolean;
  name: string;
  approved: Record<QuotaType, number>;
}

export const changeIssues = (kind: RegistryChange, change: ChangeInput, unit: UnitNow): FieldIssue[] => {
  const needs = NEEDS[kind];
  const issues: FieldIssue[] = [];
  for (const f of needs) {
    if (change[f] === undefined) issues.push(fieldIssue(`body.change.${f}`, 'required', `required for a change of kind ${kind}`, '该类事项必须填写此项'));
  }
  for (const f of Object.keys(change) as (keyof ChangeInput)[]) {
    if (!needs.includes(f)) issues.push(fieldIssue(`body.change.${f}`, 'notForType', `a change of kind ${kind} does not take ${f}`, '该类事项不填写此项'));
  }
  if (issues.length) return issues;
  if (change.quotaType) {
    const allowed = checkQuotaTypeForKind(change.quotaType, unit.kind, unit.civilServiceManaged, 'body.change.quotaType');
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
  if (kind === 'renameOrganization' && change.name === unit.name) {
    issues.push(fieldIssue('body.change.name', 'unchanged', 'is the name the unit has now', '与单位现名称相同'));
  }
  return issues;
};
