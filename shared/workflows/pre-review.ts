/**
 * The joint pre-review (前置审查): three checks, each by the section that keeps what it checks,
 * run in parallel before a plan is accepted. A check names every reason it refuses.
 */
import { blocksOf, rosterCount } from '../data/pre-review.ts';
import { registryRepo } from '../data/registry.ts';
import { QUOTA_TYPE_LABELS } from '../domain/labels.ts';
import type { Plan } from '../schemas/plans.ts';
import type { Check, Reason } from './staffing-plan.ts';

export type PreReviewCheck = 'supervision' | 'registration' | 'roster';

/** 监督检查科: open supervision letters, unrectified problems, or a suspension of approvals, on the unit or its department. */
const supervision = async (plan: Plan): Promise<Reason[]> => {
  const org = await registryRepo.requireOrg(plan.orgId);
  return (await blocksOf([plan.orgId, org.org.departmentId])).map((b) => ({ code: b.kind, message: b.reason, messageZh: b.reasonZh ?? b.reason }));
};

/** 登记局: a public institution must be a registered legal person. */
const registration = async (plan: Plan): Promise<Reason[]> => {
  const org = await registryRepo.requireOrg(plan.orgId);
  return org.org.kind === 'publicInstitution' && org.org.legalPersonStatus !== 'registered'
    ? [{ code: 'legalPersonNotRegistered', message: `legal-person registration is ${org.org.legalPersonStatus}`, messageZh: '事业单位法人登记未完成或已注销' }]
    : [];
};

/** 电子政务中心: the roster agrees with the counters, and the vacancy covers the plan. */
const roster = async (plan: Plan): Promise<Reason[]> => {
  const org = await registryRepo.requireOrg(plan.orgId);
  const reasons: Reason[] = [];
  const onRoll = Object.values(org.counter.onRoll).reduce((a, b) => a + b, 0);
  const counted = await rosterCount(plan.orgId);
  if (counted !== onRoll)
    reasons.push({
      code: 'rosterMismatch',
      message: `the roster lists ${counted} people, the counters ${onRoll}`,
      messageZh: `实名制名册 ${counted} 人与编制台账在编 ${onRoll} 人不一致`,
    });
  const vacancy = org.counter.vacancy[plan.quotaType];
  if (vacancy < plan.count)
    reasons.push({
      code: 'noVacancy',
      message: `${plan.quotaType} vacancy is ${vacancy}, the plan asks for ${plan.count}`,
      messageZh: `${QUOTA_TYPE_LABELS[plan.quotaType]}空编 ${vacancy} 名，不足申请的 ${plan.count} 名`,
    });
  if (org.org.status !== 'active') reasons.push({ code: 'abolished', message: 'the organization has been abolished', messageZh: '单位已撤销' });
  return reasons;
};

const CHECKS: Record<PreReviewCheck, (plan: Plan) => Promise<Reason[]>> = { supervision, registration, roster };

export const runPreReviewCheck = async (check: PreReviewCheck, plan: Plan): Promise<Check> => {
  const reasons = await CHECKS[check](plan);
  return { check, ok: reasons.length === 0, reasons };
};
