import { plansRepo } from '../../../shared/data/plans.ts';
import { LEADERSHIP, taskIdFor, tasksRepo, timedOutTask } from '../../../shared/data/tasks.ts';
import { lambdaHandler } from '../../../shared/lambda.ts';
import { type SectionDecision, type SectionStepInput, workflowActor } from '../../../shared/workflows/staffing-plan.ts';

/** The leadership did not answer either: the task leaves every inbox with the timeout recorded, and the plan will come back. */
export const handler = lambdaHandler(async (event: SectionStepInput): Promise<SectionDecision> => {
  const plan = await plansRepo.require(event.planId);
  const taskId = taskIdFor(plan.planId, plan.revision, event.index);
  await tasksRepo.change(taskId, plan.planId, (before) => timedOutTask({ holder: LEADERSHIP, step: 'leadershipApproval' }, before), workflowActor);
  return { decision: 'timedOut', sectionId: event.sectionId, taskId };
});
