/**
 * The Chinese names of the matter workflow's states (statemachines/matter-approval.asl.json) for
 * its flow chart and timeline. A state a department would not recognise as a step of its own
 * (entering a stage, taking a decision in, recording it, choosing the way on) is folded into the
 * box of the stage it serves. test/unit/flow-chart.test.ts holds this table to the definition.
 */
import type { StateLabel } from '../flow-chart.ts';

export const MATTER_STATE_LABELS: Readonly<Record<string, StateLabel>> = {
  JointPreReview: { zh: '前置审查', en: 'Joint pre-review' },
  RecordPreReview: { foldInto: 'JointPreReview' },
  PreReviewOutcome: { foldInto: 'JointPreReview' },
  RefusedAtPreReview: { zh: '不予受理（前置审查）', en: 'Refused at pre-review' },
  EnterProposal: { foldInto: 'Proposal' },
  Proposal: { zh: '动议', en: 'Proposal' },
  ProposalEscalated: { zh: '动议（逾期转科室负责人）', en: 'Proposal, escalated to the section head' },
  ProposalToLeadership: { zh: '动议（再逾期转编办领导）', en: 'Proposal, escalated to the leadership' },
  ProposalTaken: { foldInto: 'Proposal' },
  RecordProposal: { foldInto: 'Proposal' },
  AfterProposal: { foldInto: 'Proposal' },
  EnterArgumentation: { foldInto: 'CoSectionOpinions' },
  CoSectionOpinions: { zh: '会签（协办科室意见）', en: 'Co-section opinions' },
  LeadAssessment: { zh: '论证（主办科室）', en: 'Argumentation by the lead section' },
  LeadAssessmentEscalated: { zh: '论证（逾期转科室负责人）', en: 'Argumentation, escalated to the section head' },
  LeadAssessmentToLeadership: { zh: '论证（再逾期转编办领导）', en: 'Argumentation, escalated to the leadership' },
  LeadAssessmentTaken: { foldInto: 'LeadAssessment' },
  RecordArgumentation: { foldInto: 'LeadAssessment' },
  AfterArgumentation: { foldInto: 'LeadAssessment' },
  EnterDeliberation: { foldInto: 'Deliberation' },
  Deliberation: { zh: '审议决定', en: 'Deliberation' },
  DeliberationEscalated: { zh: '审议决定（逾期转主办科室负责人提请）', en: 'Deliberation, overdue: the lead section head brings it to a meeting' },
  DeliberationTaken: { foldInto: 'Deliberation' },
  RecordDeliberation: { foldInto: 'Deliberation' },
  AfterDeliberation: { foldInto: 'Deliberation' },
  Issue: { zh: '发文', en: 'Issue' },
  IssueOutcome: { foldInto: 'Issue' },
  NoAnswer: { zh: '逾期无人办理', en: 'Nobody answered in time' },
  Issued: { zh: '已批复', en: 'Issued' },
  Returned: { zh: '退回补正', en: 'Returned for correction' },
  Refused: { zh: '不予受理', en: 'Not accepted' },
  Rejected: { zh: '不予批准', en: 'Not approved' },
  Withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  RecordFailure: { foldInto: 'StepFailed' },
  StepFailed: { zh: '办理出错', en: 'A step failed' },
};
