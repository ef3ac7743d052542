/**
 * Problem-lead transfers both ways (问题线索双向移送, R-SUP-3) between the office's supervision
 * section and discipline inspection, inspection tours, audit and the organization department:
 * the transfer form (移送单), its four states (sent → acknowledged → handled → fed back), who
 * takes each step, and the deadline of each. Pure rules.
 */

/** The bodies the office exchanges leads with (user roles of the same names). */
export const LEAD_PARTIES = ['discipline', 'inspectionTour', 'audit', 'personnel'] as const;
export type LeadParty = (typeof LEAD_PARTIES)[number];

export const LEAD_PARTY_LABELS: Record<LeadParty, string> = {
  discipline: '纪检监察机关',
  inspectionTour: '巡察机构',
  audit: '审计机关',
  personnel: '组织人事部门',
};

export const LEAD_STATUSES = ['sent', 'acknowledged', 'handled', 'fedBack'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** What a lead is about (the 移送单's 问题类别). */
export const LEAD_PROBLEMS = [
  'overEstablishment', // 超编进人
  'overPostQuota', // 超职数配备
  'unauthorizedBody', // 擅自设立机构
  'idleDuties', // 职责虚化、人岗分离
  'falseReporting', // 虚报瞒报
  'other',
] as const;

/** The step that comes next in each state, and the deadline it has from the moment the state began. */
export const NEXT_STEP: Record<
  Exclude<LeadStatus, 'fedBack'>,
  { step: 'acknowledge' | 'handle' | 'feedBack'; to: LeadStatus; period: { workingDays: number } | { calendarDays: number } }
> = {
  sent: { step: 'acknowledge', to: 'acknowledged', period: { workingDays: 3 } },
  acknowledged: { step: 'handle', to: 'handled', period: { calendarDays: 30 } },
  handled: { step: 'feedBack', to: 'fedBack', period: { workingDays: 5 } },
};

/** The office's side of a transfer, as the `from`/`to` of a form. */
export const OFFICE = 'office' as const;

/** Who may take a lead's steps: the receiving side acknowledges, handles and feeds back. */
export const receiverOf = (lead: { from: string; to: string }) => lead.to;

/** A user's side: the supervision section acts for the office; a body's user for the body. */
export const sideOf = (role: string): string | undefined =>
  role === 'supervisionSection' ? OFFICE : (LEAD_PARTIES as readonly string[]).includes(role) ? role : undefined;

/** Whether a user of `role` may see the lead: the office's supervision section and leadership see all; a body its own. */
export const mayRead = (role: string, lead: { from: string; to: string }) =>
  role === 'supervisionSection' || role === 'leader' || lead.from === role || lead.to === role;
