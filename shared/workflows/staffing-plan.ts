/**
 * What the tasks of the staffing-plan workflow (statemachines/staffing-plan.asl.json) share:
 * each task's input and output as the state machine passes them (record ids only), the actor
 * they write as, and the few moves several of them make.
 */
import { clock } from '../clock.ts';
import { notificationPut } from '../data/notifications.ts';
import type { Decision } from '../domain/plans/rules.ts';
import type { Plan } from '../schemas/plans.ts';

export const workflowActor = { userId: 'staffing-plan-workflow', role: 'system', requestId: 'workflow' };

export type Reason = { code: string; message: string; messageZh: string };
/** A pre-review check's result. */
export type Check = { check: string; ok: boolean; reasons: Reason[] };

/** The inputs of the tasks, as the state machine's Parameters build them. */
export interface PlanRef {
  planId: string;
}
export interface RecordPreReviewInput extends PlanRef {
  results: Check[];
}
export interface RecordPreReviewOutput extends PlanRef {
  withdrawn: boolean;
  passed: boolean;
  sections: string[];
}
export interface SectionStepInput extends PlanRef {
  sectionId: string;
  index: number;
}
export interface CallbackStepInput extends SectionStepInput {
  taskToken: string;
}
/** What one section's iteration of the approvals Map ends with. */
export interface SectionDecision {
  decision: Decision | 'withdrawn';
  opinion?: string;
  sectionId: string;
  by?: string;
  at?: string;
  taskId?: string;
}
export interface DecideInput extends PlanRef {
  decisions: SectionDecision[];
}
export interface DecideOutput extends PlanRef {
  outcome: 'approved' | 'refused' | 'returned' | 'withdrawn';
}
export interface ReserveOutput extends PlanRef {
  reserved: boolean;
}
export interface RecordFailureInput extends PlanRef {
  failure?: { Error?: string; Cause?: string };
}

export const addSeconds = (s: number) => new Date(clock().now().getTime() + s * 1000).toISOString();

/** The message to the unit when its plan comes back, in the same transaction as the plan's change. */
export const told = (plan: Plan, kind: string, message: string, messageZh: string) => ({
  message: notificationPut(plan.orgId, { kind, planId: plan.planId, message, messageZh }),
});
