/**
 * Whole-record validation for registry writes (R-USE-3), collecting every issue so one reply
 * (or one import report row) names them all.
 */
import { ValidationError, type FieldIssue } from '../../errors.ts';
import type { Checked } from './check.ts';
import { checkNationalId, type Gender } from './national-id.ts';
import { retirementCategory, retirementDate } from './retirement.ts';
import { checkFundingForKind, checkIntakeAge, checkPastDate, checkPersonName, checkQuotaTypeForKind, type FundingForm, type OrganizationKind, type QuotaType } from './rules.ts';
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

export const validatePersonIntake = (p: PersonFacts, org: { kind: OrganizationKind; civilServiceManaged: boolean }, today: string, prefix = 'body'): ValidPerson => {
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
