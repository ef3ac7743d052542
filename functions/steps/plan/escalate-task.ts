import { plansRepo } from '../../../shared/data/plans.ts';
import { closedTask, escalatedTask, taskIdFor, tasksRepo } from '../../../shared/data/tasks.ts';
import { ESCALATION_TIMEOUT_SECONDS } from '../../../shared/domain/plans/rules.ts';
import { lambdaHandler } from '../../../shared/lambda.ts';
import { failWithdrawn, resendIfDecided } from '../../../shared/workflows/decisions.ts';
import { addSeconds, type CallbackStepInput, workflowActor } from '../../../shared/workflows/staffing-plan.ts';

/** The section did not answer in time: the leadership holds the step now (the timeout wins over a decision the workflow never took). */
export const handler = lambdaHandler(async (event: CallbackStepInput): Promise<{ escalated: boolean }> => {
  const plan = await plansRepo.require(event.planId);
  const taskId = taskIdFor(plan.planId, plan.revision, event.index);
  if (plan.status === 'withdrawn') {
    await tasksRepo.change(taskId, plan.planId, closedTask('withdrawn'), workflowActor);
    await failWithdrawn(event.taskToken);
    return { escalated: false };
  }
  const spec = { from: event.sectionId, step: 'sectionApproval', token: event.taskToken, dueAt: addSeconds(ESCALATION_TIMEOUT_SECONDS) };
  const task = await tasksRepo.change(taskId, plan.planId, (before) => escalatedTask(spec, before), workflowActor);
  await resendIfDecided(task, event.taskToken);
  return { escalated: true };
});
