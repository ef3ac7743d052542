/**
 * Keeps the staffing-plan and matter workflows honest (R-OPS-3, R-SEC-4), every few minutes:
 * - a plan or matter whose record says its workflow runs, but no execution runs it (the start was lost,
 *   a resubmission's start was lost, or the execution ended without the plan saying so), is
 *   restarted by its execution name (StartExecution is idempotent for a name) or, when its
 *   execution ended, marked failed with an operator alarm;
 * - a decision that was recorded but whose callback never reached the workflow is sent again.
 * Everything older than a grace period (so it never races the API's own start or callback).
 */
import { DescribeExecutionCommand, ExecutionDoesNotExist, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { matterExecutionArn, mattersRepo, startMatterWorkflow } from '../../shared/data/matters.ts';
import { executionArnOf, plansRepo, startPlanWorkflow } from '../../shared/data/plans.ts';
import { sfn } from '../../shared/data/sfn.ts';
import { closeTasks, deliveryClosedTask, subjectIdOf, tasksRepo } from '../../shared/data/tasks.ts';
import { forEachEntry, scheduledJob } from '../../shared/jobs/scheduled-job.ts';
import { logger } from '../../shared/log.ts';
import { emitMetric } from '../../shared/metrics.ts';
import { OPEN_MATTER_STATUSES } from '../../shared/schemas/matters.ts';
import { sendDecision } from '../../shared/workflows/decisions.ts';

const actor = { userId: 'workflow-sweep', role: 'system', requestId: 'workflow-sweep' };
export const GRACE_MS = 2 * 60_000;

const executionStatus = async (executionArn: string): Promise<string | undefined> => {
  try {
    return (await sfn().send(new DescribeExecutionCommand({ executionArn }))).status;
  } catch (e) {
    if (e instanceof ExecutionDoesNotExist) return undefined;
    throw e;
  }
};

export const handler = scheduledJob('workflow-sweep', async (asOf) => {
  const before = new Date(asOf.getTime() - GRACE_MS).toISOString();
  let restarted = 0;
  let failed = 0;
  const plans = await forEachEntry(
    (start) => plansRepo.openPlans(before, start),
    async (plan) => {
      const status = await executionStatus(executionArnOf(plan));
      if (status === 'RUNNING') return;
      if (status === undefined) {
        await startPlanWorkflow(plan);
        restarted++;
        logger.warn('plan workflow restarted', { planId: plan.planId, executionName: plan.executionName });
        emitMetric('StuckWorkflows');
        return;
      }
      // The execution ended but the plan still says it runs: record it, tell the unit, alarm.
      const { plan: after } = await plansRepo.transition(
        plan.planId,
        ['preReview', 'pendingApproval'],
        () => ({
          patch: {
            status: 'failed',
            outcome: {
              code: 'workflowEnded',
              message: `its workflow ended (${status}) before the plan was decided; resubmit it`,
              messageZh: `审批流程已结束（${status}）但用编计划未办结，请重新提交`,
            },
          },
          action: 'fail',
          reason: `execution ${status}`,
        }),
        actor,
      );
      await closeTasks(after, 'closed', actor);
      failed++;
      emitMetric('WorkflowFailures');
    },
    (plan) => ({ planId: plan.planId }),
  );
  // Matters likewise: a lost start is made again by name; an execution that ended under an open matter is recorded as failed.
  const matters = await forEachEntry(
    (start) => mattersRepo.openMatters(before, start),
    async (matter) => {
      const status = await executionStatus(matterExecutionArn(matter));
      if (status === 'RUNNING') return;
      if (status === undefined) {
        await startMatterWorkflow(matter);
        restarted++;
        logger.warn('matter workflow restarted', { matterId: matter.matterId, executionName: matter.executionName });
        emitMetric('StuckWorkflows');
        return;
      }
      await mattersRepo.transition(
        matter.matterId,
        OPEN_MATTER_STATUSES,
        () => ({
          patch: {
            status: 'failed',
            outcome: {
              code: 'workflowEnded',
              message: `its workflow ended (${status}) before the matter was decided`,
              messageZh: `办理流程已结束（${status}）但事项未办结，请联系编办`,
            },
          },
          action: 'fail',
          reason: `execution ${status}`,
        }),
        actor,
      );
      failed++;
      emitMetric('WorkflowFailures');
    },
    (matter) => ({ matterId: matter.matterId }),
  );
  let resent = 0;
  let closed = 0;
  const deliveries = await forEachEntry(
    (start) => tasksRepo.undelivered(before, start),
    async (task) => {
      try {
        await sendDecision(task);
        resent++;
      } catch (e) {
        if (!(e instanceof TaskTimedOut || e instanceof TaskDoesNotExist)) throw e;
        // The step is closed (taken already, or timed out): the workflow's own steps settle the task.
        await tasksRepo.change(task.taskId, subjectIdOf(task), deliveryClosedTask, actor);
        closed++;
      }
    },
    (task) => ({ taskId: task.taskId }),
  );
  return {
    plans: plans.done,
    matters: matters.done,
    restarted,
    failed,
    decisionsResent: resent,
    deliveriesClosed: closed,
    errors: plans.failed.length + matters.failed.length + deliveries.failed.length,
  };
});
