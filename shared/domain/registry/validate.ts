/**
 * Whole-record validation for registry writes (R-USE-3), collecting every issue so one reply
 * (or one import report row) names them all.
 */
import { type FieldIssue, ValidationError } from '../../errors.ts';
import type { Checked } from './check.ts';
import { checkNationalId, type Gender } from './national-id.ts';
import { retirementCategory, retirementDate } from './retirement.ts';
import {
  checkFundingForKind,
  checkIntakeAge,
  checkPastDate,
  checkPersonName,
  checkQuotaTypeForKind,
  FUNDING_FORMS,
  type FundingForm,
  type OrganizationKind,
  type QuotaType,
} from './rules.ts';

/** The legal-person registration states (the API schema uses the same list). */
export const LEGAL_PERSON_STATES = ['notRequired', 'pending', 'registered', 'cancelled'] as const;

import { checkUscc, checkUsccForKind } from './uscc.ts';

class Collector {
  readonly issues: FieldIssue[] = [];
  take<T>(c: Checked<T>): T | undefined {
    if (c.ok) return c.value;
    this.issues.push(c.issue);
    return undefined;
  }
  throwIfAny(): void {
    if (this.issues.length) throw new ValidationError(this.issues);
  }
}

export interface OrgFacts {
  kind: OrganizationKind;
  civilServiceManaged: boolean;
  fundingForm: FundingForm;
  uscc: unknown;
  effectiveDate: string;
  principalHead?: { name: unknown; since: unknown };
}

export const validateOrganization = (o: OrgFacts, today: string, prefix = 'body'): { uscc: string; principalHead?: { name: string; since: string } } => {
  const c = new Collector();
  const uscc = c.take(checkUscc(o.uscc, `${prefix}.uscc`));
  if (uscc) c.take(checkUsccForKind(uscc, o.kind, `${prefix}.uscc`));
  c.take(checkFundingForKind(o.fundingForm, o.kind, `${prefix}.fundingForm`));
  c.take(checkPastDate(o.effectiveDate, `${prefix}.effectiveDate`, today));
  let head: { name: string; since: string } | undefined;
  if (o.principalHead) {
    const name = c.take(checkPersonName(o.principalHead.name, `${prefix}.principalHead.name`));
    const since = c.take(checkPastDate(o.principalHead.since, `${prefix}.principalHead.since`, today));
    if (name && since) head = { name, since };
  }
  c.throwIfAny();
  return { uscc: uscc!.code, principalHead: head };
};

export interface PersonFacts {
  nationalId: unknown;
  name: unknown;
  quotaType: QuotaType;
  onRollSince: string;
  post?: string;
}

export interface ValidPerson {
  nationalId: string;
  name: string;
  gender: Gender;
  birthDate: string;
  quotaType: QuotaType;
  post?: string;
  onRollSince: string;
  retirementDate: string;
}

export const validatePersonIntake = (
  p: PersonFacts,
  org: { kind: OrganizationKind; civilServiceManaged: boolean },
  today: string,
  prefix = 'body',
): ValidPerson => {
  const c = new Collector();
  const id = c.take(checkNationalId(p.nationalId, `${prefix}.nationalId`, today));
  const name = c.take(checkPersonName(p.name, `${prefix}.name`));
  c.take(checkQuotaTypeForKind(p.quotaType, org.kind, org.civilServiceManaged, `${prefix}.quotaType`));
  const since = c.take(checkPastDate(p.onRollSince, `${prefix}.onRollSince`, today));
  if (id && since) c.take(checkIntakeAge(id.birthDate, id.gender, p.quotaType, since, `${prefix}.nationalId`));
  c.throwIfAny();
  return {
    nationalId: id!.id,
    name: name!,
    gender: id!.gender,
    birthDate: id!.birthDate,
    quotaType: p.quotaType,
    post: p.post,
    onRollSince: since!,
    retirementDate: retirementDate(id!.birthDate, retirementCategory(id!.gender, p.quotaType)),
  };
};

/** Checks a corrected value (更正) as strictly as the original entry was checked. */
export const validateCorrection = (field: string, value: unknown, kind: OrganizationKind, today: string): unknown => {
  const fail = (rule: string, en: string, zh: string): never => {
    throw new ValidationError([{ path: 'body.value', rule, message: en, messageZh: zh }]);
  };
  const take = <T>(c: Checked<T>): T => {
    if (!c.ok) throw new ValidationError([c.issue]);
    return c.value;
  };
  switch (field) {
    case 'name':
      return typeof value === 'string' && value.trim().length >= 2 && value.trim().length <= 60
        ? value.trim()
        : fail('length', 'must have 2–60 characters', '应为 2–60 个字');
    case 'uscc':
      return take(checkUsccForKind(take(checkUscc(value, 'body.value')), kind, 'body.value')).code;
    case 'fundingForm':
      if (!(FUNDING_FORMS as readonly unknown[]).includes(value)) fail('enum', `one of ${FUNDING_FORMS.join(', ')}`, '经费形式不正确');
      return take(checkFundingForKind(value as FundingForm, kind, 'body.value'));
    case 'legalPersonStatus':
      return (LEGAL_PERSON_STATES as readonly unknown[]).includes(value)
        ? value
        : fail('enum', `one of ${LEGAL_PERSON_STATES.join(', ')}`, '法人登记状态不正确');
    case 'principalHead': {
      const h = value as { name?: unknown; since?: unknown };
      if (typeof h !== 'object' || !h) fail('type', 'must be { name, since }', '应为 { name, since }');
      return { name: take(checkPersonName(h.name, 'body.value.name')), since: take(checkPastDate(h.since, 'body.value.since', today)) };
    }
  }
  return fail('field', 'cannot be corrected', '不可更正');
};
