/**
 * What the steps of the matter workflow (statemachines/matter-approval.asl.json) share: their
 * inputs as the state machine builds them (record ids only), the actor they write as, how a
 * stage's due date is set, and how each human step's decision moves the matter.
 */
import { dueDateAfter } from '../data/holiday-calendars.ts';
import type { MatterTaskStep } from '../data/keys.ts';
import { notificationPut } from '../data/notifications.ts';
import type { MatterStage } from '../domain/matters/catalog.ts';
import { todayInShanghai } from '../domain/today.ts';
import type { Matter } from '../schemas/matters.ts';

export const matterWorkflowActor = { userId: 'matter-workflow', role: 'system', requestId: 'workflow' };

export interface MatterRef {
  matterId: string;
}

/** What a stage hands its human steps: who leads, who gives opinions, and until when. */
export interface StageState {
  round: number;
  leadSectionId: string;
  coSections: string[];
  dueDate: string;
  dueInSeconds: number;
  provisional: boolean;
  /** When the section head's time runs out, should the step come to them: working days after the stage's due date. */
  escalationDueDate: string;
  /** From the end of the stage's due date (when the head's wait begins) to the end of the head's. */
  escalationInSeconds: number;
  /** When the leadership's time runs out, should the head not answer either: as many working days again. */
  leadershipDueDate: string;
  /** From the end of the head's due date to the end of the leadership's. */
  leadershipInSeconds: number;
  /** A major task's task force: the member who takes each section's steps (section id → user id); empty for other matters. */
  taskForce: Record<string, string>;
}

/** The working days a section's head has for a step that passed its due date. */
export const ESCALATION_WORKING_DAYS = 3;

export interface OpenTaskInput extends MatterRef {
  step: MatterTaskStep;
  holder: string;
  index: number;
  round: number;
  dueDate: string;
  provisional: boolean;
  /** The stage's task force (StageState): the holder's member, if any, has the task from the start. */
  taskForce?: Record<string, string>;
  taskToken: string;
}

export interface EscalateTaskInput extends MatterRef {
  step: MatterTaskStep;
  /** The holder whose time ran out; with `level: 'leadership'`, the lead section's head. */
  from?: string;
  /** Who holds the step now: the lead section's head (by default), or the leadership. */
  level?: 'head' | 'leadership';
  leadSectionId: string;
  dueDate: string;
  index: number;
  round: number;
  taskToken: string;
}

/** A decision as the task's callback gives it (shared/data/tasks.ts decisionOutput). */
export interface StepDecision {
  decision: 'approve' | 'refuse' | 'return' | 'timedOut';
  opinion?: string;
  details?: Record<string, unknown>;
  sectionId?: string;
  by?: string;
  at?: string;
  taskId?: string;
}

/** Where the workflow goes after a step: the next stage, or how the matter ends. */
export type Next = 'argumentation' | 'deliberation' | 'issue' | 'proposal' | 'returned' | 'refused' | 'rejected';

/** A stage's due date from today, in the days its type gives (working or calendar). */
export const stageDue = async (matter: Matter, stage: MatterStage) => {
  const rule = matter.stageDue[stage];
  const due = await dueDateAfter(todayInShanghai(), rule.kind === 'working' ? { workingDays: rule.days } : { calendarDays: rule.days });
  return {
    dueDate: due.dueDate,
    provisional: due.provisional,
    kind: rule.kind,
    days: rule.days,
  };
};

/** The message to the unit when its matter comes back or ends, in the same transaction as the change. */
export const toldAboutMatter = (m: Matter, kind: string, message: string, messageZh: string) => ({
  message: notificationPut(m.orgId, { kind, matterId: m.matterId, message, messageZh }),
});

/** The record a step's decision leaves on the matter. */
export const stepRecord = (d: StepDecision) => ({
  decision: d.decision,
  opinion: d.opinion,
  by: d.by,
  at: d.at,
  sectionId: d.sectionId,
  taskId: d.taskId,
  ...(d.details ? { details: d.details } : {}),
});
