/**
 * Staffing-plan rules as pure functions: which sections approve a plan, how their decisions
 * combine, and the approval notice (核准使用编制通知单) with its validity.
 */
import type { QuotaType } from '../registry/rules.ts';

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

/** 核准使用编制通知单 number: 咸编用〔2026〕N号 (N from a per-year counter). */
export const noticeNumber = (year: number, n: number): string => `咸编用〔${year}〕${n}号`;

/** Each human approval step has five working days; counted here as seven calendar days. */
export const APPROVAL_TIMEOUT_SECONDS = 7 * 86_400;
export const ESCALATION_TIMEOUT_SECONDS = 3 * 86_400;
