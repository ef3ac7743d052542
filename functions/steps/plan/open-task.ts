import { plansRepo } from '../../../shared/data/plans.ts';
import { openedTask, taskIdFor, tasksRepo } from '../../../shared/data/tasks.ts';
import { APPROVAL_TIMEOUT_SECONDS } from '../../../shared/domain/plans/rules.ts';
import { lambdaHandler } from '../../../shared/lambda.ts';
import { failWithdrawn, resendIfDecided } from '../../../shared/workflows/decisions.ts';
import { addSeconds, type CallbackStepInput, workflowActor } from '../../../shared/workflows/staffing-plan.ts';

/** Opens a section's approval task with the step's token and due date (the step waits for the decision's callback). */
export const handler = lambdaHandler(async (event: CallbackStepInput): Promise<{ opened: boolean }> => {
  const plan = await plansRepo.require(event.planId);
  if (plan.status === 'withdrawn') {
    await failWithdrawn(event.taskToken);
    return { opened: false };
  }
  const taskId = taskIdFor(plan.planId, plan.revision, event.index);
  const spec = {
    taskId,
    planId: plan.planId,
    holder: event.sectionId,
    step: 'sectionApproval',
    token: event.taskToken,
    dueAt: addSeconds(APPROVAL_TIMEOUT_SECONDS),
  };
  const task = await tasksRepo.change(taskId, plan.planId, (before) => openedTask(spec, before), workflowActor);
  await resendIfDecided(task, event.taskToken);
  return { opened: true };
});
