import { mattersRepo } from '../../../shared/data/matters.ts';
import { closedTask, escalatedTask, LEADERSHIP, matterTaskId, sectionHeadOf, tasksRepo } from '../../../shared/data/tasks.ts';
import { dueDateEnds } from '../../../shared/domain/calendar/working-days.ts';
import { lambdaHandler } from '../../../shared/lambda.ts';
import { failWithdrawn, resendIfDecided } from '../../../shared/workflows/decisions.ts';
import { type EscalateTaskInput, matterWorkflowActor } from '../../../shared/workflows/matter.ts';

/**
 * The holder did not answer by the due date: the lead section's head holds the step now, and
 * should the head not answer either, the leadership (the timeout wins over a decision the
 * workflow never took).
 */
export const handler = lambdaHandler(async (event: EscalateTaskInput): Promise<{ escalated: boolean }> => {
  const taskId = matterTaskId(event.matterId, event.round, event.step, event.index);
  if ((await mattersRepo.get(event.matterId))?.status === 'withdrawn') {
    await tasksRepo.change(taskId, event.matterId, closedTask('withdrawn'), matterWorkflowActor);
    await failWithdrawn(event.taskToken);
    return { escalated: false };
  }
  const head = sectionHeadOf(event.leadSectionId);
  const spec = {
    from: event.level === 'leadership' ? head : (event.from ?? event.leadSectionId),
    to: event.level === 'leadership' ? LEADERSHIP : head,
    step: event.step,
    token: event.taskToken,
    dueAt: dueDateEnds(event.dueDate).toISOString(),
  };
  const task = await tasksRepo.change(taskId, event.matterId, (before) => escalatedTask(spec, before), matterWorkflowActor);
  await resendIfDecided(task, event.taskToken);
  return { escalated: true };
});
