import { mattersRepo } from '../../../shared/data/matters.ts';
import { closedTask, matterTaskId, openedTask, tasksRepo } from '../../../shared/data/tasks.ts';
import { dueDateEnds } from '../../../shared/domain/calendar/working-days.ts';
import { lambdaHandler } from '../../../shared/lambda.ts';
import { failWithdrawn, resendIfDecided } from '../../../shared/workflows/decisions.ts';
import { matterWorkflowActor, type OpenTaskInput } from '../../../shared/workflows/matter.ts';

/** Opens a human step of a matter in its holder's inbox, due at the end of the stage's due date (the step waits for the callback). */
export const handler = lambdaHandler(async (event: OpenTaskInput): Promise<{ opened: boolean }> => {
  const taskId = matterTaskId(event.matterId, event.round, event.step, event.index);
  const spec = {
    taskId,
    matterId: event.matterId,
    holder: event.holder,
    step: event.step,
    token: event.taskToken,
    dueAt: dueDateEnds(event.dueDate).toISOString(),
    provisional: event.provisional,
    // 专班: the section's member of a major task's task force has its step from the start, as if they had claimed it.
    claimedBy: event.taskForce?.[event.holder],
  };
  // The task is opened while the matter is read (one wait, not two: this is on the way to the first task).
  const [matter, task] = await Promise.all([
    mattersRepo.get(event.matterId),
    tasksRepo.change(taskId, event.matterId, (before) => openedTask(spec, before), matterWorkflowActor),
  ]);
  // Withdrawn meanwhile: the task closes and the step ends at once (the workflow catches Withdrawn).
  if (matter?.status === 'withdrawn') {
    await tasksRepo.change(taskId, event.matterId, closedTask('withdrawn'), matterWorkflowActor);
    await failWithdrawn(event.taskToken);
    return { opened: false };
  }
  await resendIfDecided(task, event.taskToken);
  return { opened: true };
});
