import { receivedTask, subjectIdOf, tasksRepo } from '../../../shared/data/tasks.ts';
import { lambdaHandler } from '../../../shared/lambda.ts';
import { matterWorkflowActor } from '../../../shared/workflows/matter.ts';
import { workflowActor } from '../../../shared/workflows/staffing-plan.ts';

/** The workflow took a decision: it is final, and leaves the list of decisions the sweep sends again. */
export const handler = lambdaHandler(async (event: { taskId: string }): Promise<{ acknowledged: boolean }> => {
  const task = await tasksRepo.get(event.taskId);
  // Written as the workflow the task belongs to.
  if (task) await tasksRepo.change(event.taskId, subjectIdOf(task), receivedTask, task.matterId ? matterWorkflowActor : workflowActor);
  return { acknowledged: task !== undefined };
});
