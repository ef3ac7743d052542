/**
 * Staffing-plan rules as pure functions: which sections approve a plan, how their decisions
 * combine, and the approval notice (核准使用编制通知单) with its validity.
 */
import { PLAN_CHANNEL_LABELS } from '../labels.ts';
import { bad, type Checked, ok } from '../registry/check.ts';
import { checkDatesInOrder, type QuotaType } from '../registry/rules.ts';

/** The section that approves slots of each type, and the personnel-quota section for every plan. */
const SECTION_FOR_TYPE: Record<QuotaType, string> = {
  administrative: 'organs-section',
  logistics: 'organs-section',
  publicInstitution: 'institutions-section',
  civilServiceManagedInstitution: 'institutions-section',
};

/** Sections concerned (并联审批): the type's business section, plus the supervision section for large plans. */
export const approvingSections = (quotaType: QuotaType, count: number): string[] =>
  count >= 10 ? [SECTION_FOR_TYPE[quotaType], 'supervision-section'] : [SECTION_FOR_TYPE[quotaType]];

export type Decision = 'approve' | 'refuse' | 'return' | 'timedOut';

/** Any refusal refuses; otherwise any return (or a lapse with no answer) returns; all approvals approve. */
export const combineDecisions = (decisions: Decision[]): 'approved' | 'refused' | 'returned' =>
  decisions.includes('refuse') ? 'refused' : decisions.every((d) => d === 'approve') && decisions.length > 0 ? 'approved' : 'returned';

/** The notice is valid for 90 days from approval; unused slots are released after that. */
export const NOTICE_VALID_DAYS = 90;
export const noticeValidUntil = (approvedOn: string): string =>
  new Date(Date.parse(`${approvedOn}T00:00:00Z`) + NOTICE_VALID_DAYS * 86_400_000).toISOString().slice(0, 10);

/** The day a notice was issued, from its last valid day. */
export const noticeIssuedOn = (validUntil: string): string =>
  new Date(Date.parse(`${validUntil}T00:00:00Z`) - NOTICE_VALID_DAYS * 86_400_000).toISOString().slice(0, 10);

/** Each human approval step has five working days; counted here as seven calendar days. */
export const APPROVAL_TIMEOUT_SECONDS = 7 * 86_400;
export const ESCALATION_TIMEOUT_SECONDS = 3 * 86_400;

/**
 * A move onto a plan's slot (on-establishment, a transfer) dates from the day its notice was
 * issued or later: nobody holds a slot before it was approved (R-USE-3, dates in order).
 */
export const checkOnOrAfterNotice = (date: string, notice: { validUntil: string } | undefined, path: string): Checked<string> => {
  if (!notice) return ok(date);
  const issued = noticeIssuedOn(notice.validUntil);
  return checkDatesInOrder(issued, date, path, { en: `the approval notice (issued ${issued})`, zh: `核准使用编制通知单的签发日期（${issued}）` });
};

/** A transfer takes a slot only of a plan approved for transfers in (调入): the notice says how its slots are filled. */
export const checkTransferPlan = (plan: { channel: string }, path: string): Checked<true> =>
  plan.channel === 'transferIn'
    ? ok(true)
    : bad(
        path,
        'channel',
        `is a plan for ${plan.channel}, not for transfers in (transferIn)`,
        `该用编计划的补充渠道是${PLAN_CHANNEL_LABELS[plan.channel as keyof typeof PLAN_CHANNEL_LABELS] ?? plan.channel}，不是调入，不能用于调动`,
      );
