import { dueDateAfter } from '../../../shared/data/holiday-calendars.ts';
import { mattersRepo } from '../../../shared/data/matters.ts';
import { dueDateEnds, secondsUntilDueDateEnds } from '../../../shared/domain/calendar/working-days.ts';
import type { MatterStage } from '../../../shared/domain/matters/catalog.ts';
import { lambdaHandler } from '../../../shared/lambda.ts';
import type { Matter } from '../../../shared/schemas/matters.ts';
import { ESCALATION_WORKING_DAYS, type MatterRef, matterWorkflowActor, type StageState, stageDue } from '../../../shared/workflows/matter.ts';

/** The statuses a stage is entered from: the one before it, or the deliberation that sent the matter back. */
const ENTERED_FROM: Record<string, Matter['status'][]> = {
  proposal: ['preReview', 'deliberation'],
  argumentation: ['proposal', 'deliberation'],
  deliberation: ['argumentation'],
};

/** Each section's member of a major task's task force (the first named, should a section have two). */
const taskForceBySection = (matter: Matter): Record<string, string> => {
  const bySection: Record<string, string> = {};
  for (const m of matter.routing.taskForce ?? []) bySection[m.sectionId] ??= m.userId;
  return bySection;
};

/**
 * The matter enters a stage: its due date is counted (working days on the holiday calendar) and
 * recorded; a return from the deliberation starts a new round, so the stage's tasks are new.
 * Delivered again, it finds the matter in the stage and answers as before.
 */
export const handler = lambdaHandler(async (event: MatterRef & { stage: MatterStage }): Promise<MatterRef & { stage: StageState }> => {
  const before = await mattersRepo.require(event.matterId);
  const due = await stageDue(before, event.stage);
  const { matter } = await mattersRepo.transition(
    event.matterId,
    ENTERED_FROM[event.stage] ?? [],
    (m) => {
      const round = m.status === 'deliberation' ? m.round + 1 : m.round;
      return {
        patch: { status: event.stage as Matter['status'], stage: event.stage, round, due: { ...m.due, [event.stage]: due } },
        action: 'enterStage',
      };
    },
    matterWorkflowActor,
    before,
  );
  // Delivered again, the stage keeps the due date it was given when it was entered.
  const recorded = matter.due?.[event.stage] ?? due;
  const escalation = await dueDateAfter(recorded.dueDate, { workingDays: ESCALATION_WORKING_DAYS });
  const leadership = await dueDateAfter(escalation.dueDate, { workingDays: ESCALATION_WORKING_DAYS });
  const stage: StageState = {
    round: matter.round,
    leadSectionId: matter.routing.leadSectionId,
    coSections: matter.routing.coSections,
    dueDate: recorded.dueDate,
    provisional: recorded.provisional || escalation.provisional || leadership.provisional,
    dueInSeconds: secondsUntilDueDateEnds(recorded.dueDate),
    escalationDueDate: escalation.dueDate,
    // Each escalated wait begins when the one before it times out, at the end of that one's due date.
    escalationInSeconds: secondsUntilDueDateEnds(escalation.dueDate, dueDateEnds(recorded.dueDate)),
    leadershipDueDate: leadership.dueDate,
    leadershipInSeconds: secondsUntilDueDateEnds(leadership.dueDate, dueDateEnds(escalation.dueDate)),
    taskForce: taskForceBySection(matter),
  };
  return { matterId: event.matterId, stage };
});
