import { plansRepo } from '../../../shared/data/plans.ts';
import { closeTasks } from '../../../shared/data/tasks.ts';
import { lambdaHandler } from '../../../shared/lambda.ts';
import { logger } from '../../../shared/log.ts';
import { emitMetric } from '../../../shared/metrics.ts';
import { type PlanRef, type RecordFailureInput, told, workflowActor } from '../../../shared/workflows/staffing-plan.ts';

/** A step failed: the plan records which (and may be resubmitted), its tasks close, the unit is told, the operators are alarmed. */
export const handler = lambdaHandler(async (event: RecordFailureInput): Promise<PlanRef> => {
  const error = String(event.failure?.Error ?? 'States.Runtime');
  logger.error('staffing-plan step failed', { planId: event.planId, error });
  emitMetric('WorkflowFailures');
  const { plan } = await plansRepo.transition(
    event.planId,
    ['preReview', 'pendingApproval'],
    (p) => ({
      patch: {
        status: 'failed',
        outcome: {
          code: 'workflowFailed',
          message: `a step of the approval failed (${error}); resubmit the plan or ask the office`,
          messageZh: `审批流程的一个步骤出错（${error}），请重新提交或联系编办`,
        },
      },
      action: 'fail',
      reason: error,
      items: told(p, 'planFailed', `The approval of plan ${p.planId} stopped on an error; resubmit it`, `用编计划 ${p.planId} 审批流程出错中止，请重新提交`),
    }),
    workflowActor,
  );
  await closeTasks(plan, 'closed', workflowActor);
  return { planId: event.planId };
});
