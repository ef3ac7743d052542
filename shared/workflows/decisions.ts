/**
 * Handing a recorded decision to its workflow. A step that closed first (it timed out, or the
 * plan was withdrawn) takes the decision back: the timeout wins. A callback that did not get
 * through stays recorded, and is sent again when the task is read and by the workflow sweep.
 */
import { SendTaskFailureCommand, SendTaskSuccessCommand, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { mattersRepo } from '../data/matters.ts';
import { plansRepo } from '../data/plans.ts';
import { sfn } from '../data/sfn.ts';
import { closedTask, decisionOutput, lateDecisionRefused, subjectIdOf, type TaskRecord, tasksRepo } from '../data/tasks.ts';
import type { Actor } from '../data/write.ts';
import { logger } from '../log.ts';

/** Sends a recorded decision to the step waiting on `token` (the task's own, or a redelivered step's newer one). */
export const sendDecision = (task: TaskRecord, token = task.token) =>
  sfn().send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(decisionOutput(task)) }));

export const deliverDecision = async (task: TaskRecord, actor: Actor): Promise<'sent' | 'late' | 'pending'> => {
  // A copy to acknowledge waits in no workflow: its decision was final when recorded.
  if (!task.token) return 'sent';
  try {
    await sendDecision(task);
    return 'sent';
  } catch (e) {
    if (e instanceof TaskTimedOut || e instanceof TaskDoesNotExist) {
      const subject = task.planId ? await plansRepo.get(task.planId) : await mattersRepo.get(task.matterId!);
      const subjectId = subjectIdOf(task);
      if (subject?.status === 'withdrawn') await tasksRepo.change(task.taskId, subjectId, closedTask('withdrawn'), actor);
      else await tasksRepo.change(task.taskId, subjectId, (before) => lateDecisionRefused(task.token!, before), actor);
      return 'late';
    }
    logger.error('decision callback failed; it will be sent again', { taskId: task.taskId, errorName: (e as Error).name });
    return 'pending';
  }
};

/** A plan or matter withdrawn meanwhile ends the step's wait at once (the state machine catches `Withdrawn`). */
export const failWithdrawn = (token: string, taskId?: string) =>
  sfn()
    .send(new SendTaskFailureCommand({ taskToken: token, error: 'Withdrawn', cause: 'Withdrawn by the department' }))
    .catch((e: Error) => logger.warn('withdrawn step already closed', { taskId, errorName: e.name }));

/**
 * A step delivered again with a new token finds its task already decided (the decision was
 * recorded against the old token): the decision is sent with the new one, so it is not lost.
 */
export const resendIfDecided = async (task: TaskRecord | undefined, token: string) => {
  if (task?.status !== 'decided' || task.delivery === 'received') return;
  await sendDecision(task, token);
};
