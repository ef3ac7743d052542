/**
 * The joint pre-review (前置审查): three checks, each by the section that keeps what it checks,
 * run in parallel before a plan or a matter is accepted. A check names every reason it refuses.
 * Both workflows run the same three step functions on the same rules; a plan adds the slots it
 * asks for, which the roster check holds against the vacancy.
 */

import { mattersRepo } from '../data/matters.ts';
import { plansRepo } from '../data/plans.ts';
import { blocksOf, rosterCount } from '../data/pre-review.ts';
import { registryRepo } from '../data/registry.ts';
import { QUOTA_TYPE_LABELS } from '../domain/labels.ts';
import type { QuotaType } from '../domain/registry/rules.ts';
import type { Check, Reason } from './staffing-plan.ts';

export type PreReviewCheck = 'supervision' | 'registration' | 'roster';

/** What is pre-reviewed: a unit, and the slots a plan asks of it. */
export interface PreReviewSubject {
  orgId: string;
  /** The unit's department, as its plan or matter recorded it (a unit does not change department). */
  departmentId: string;
  asks?: { quotaType: QuotaType; count: number };
  /** The letter whose findings called for this matter: it does not block the very adjustment it asks for. */
  calledForBy?: string;
}

/** A step's input names a plan or a matter. */
export type PreReviewInput = { planId: string } | { matterId: string };

export const preReviewSubject = async (input: PreReviewInput): Promise<PreReviewSubject> => {
  if ('planId' in input) {
    const plan = await plansRepo.require(input.planId);
    return { orgId: plan.orgId, departmentId: plan.departmentId, asks: { quotaType: plan.quotaType, count: plan.count } };
  }
  const matter = await mattersRepo.require(input.matterId);
  return { orgId: matter.orgId, departmentId: matter.departmentId, calledForBy: matter.origin?.letterId };
};

/** 监督检查科: open supervision letters, unrectified problems, or a suspension of approvals, on the unit or its department. */
const supervision = async (plan: PreReviewSubject): Promise<Reason[]> => {
  return (await blocksOf([plan.orgId, plan.departmentId]))
    .filter((b) => !plan.calledForBy || b.letterId !== plan.calledForBy)
    .map((b) => ({ code: b.kind, message: b.reason, messageZh: b.reasonZh ?? b.reason }));
};

/** 登记局: a public institution must be a registered legal person. */
const registration = async (plan: PreReviewSubject): Promise<Reason[]> => {
  const org = await registryRepo.requireOrg(plan.orgId);
  return org.org.kind === 'publicInstitution' && org.org.legalPersonStatus !== 'registered'
    ? [{ code: 'legalPersonNotRegistered', message: `legal-person registration is ${org.org.legalPersonStatus}`, messageZh: '事业单位法人登记未完成或已注销' }]
    : [];
};

/** 电子政务中心: the roster agrees with the counters, and the vacancy covers the plan. */
const roster = async (plan: PreReviewSubject): Promise<Reason[]> => {
  // Both read at once: this check is on the way to a plan's or matter's first task.
  const [org, counted] = await Promise.all([registryRepo.requireOrg(plan.orgId), rosterCount(plan.orgId)]);
  const reasons: Reason[] = [];
  const onRoll = Object.values(org.counter.onRoll).reduce((a, b) => a + b, 0);
  if (counted !== onRoll)
    reasons.push({
      code: 'rosterMismatch',
      message: `the roster lists ${counted} people, the counters ${onRoll}`,
      messageZh: `实名制名册 ${counted} 人与编制台账在编 ${onRoll} 人不一致`,
    });
  const asks = plan.asks;
  const vacancy = asks ? org.counter.vacancy[asks.quotaType] : 0;
  if (asks && vacancy < asks.count)
    reasons.push({
      code: 'noVacancy',
      message: `${asks.quotaType} vacancy is ${vacancy}, the plan asks for ${asks.count}`,
      messageZh: `${QUOTA_TYPE_LABELS[asks.quotaType]}空编 ${vacancy} 名，不足申请的 ${asks.count} 名`,
    });
  if (org.org.status !== 'active') reasons.push({ code: 'abolished', message: 'the organization has been abolished', messageZh: '单位已撤销' });
  return reasons;
};

const CHECKS: Record<PreReviewCheck, (subject: PreReviewSubject) => Promise<Reason[]>> = { supervision, registration, roster };

export const runPreReviewCheck = async (check: PreReviewCheck, input: PreReviewInput): Promise<Check> => {
  const reasons = await CHECKS[check](await preReviewSubject(input));
  return { check, ok: reasons.length === 0, reasons };
};
