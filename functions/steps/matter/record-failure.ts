import { mattersRepo } from '../../../shared/data/matters.ts';
import { lambdaHandler } from '../../../shared/lambda.ts';
import { logger } from '../../../shared/log.ts';
import { emitMetric } from '../../../shared/metrics.ts';
import { OPEN_MATTER_STATUSES } from '../../../shared/schemas/matters.ts';
import { type MatterRef, matterWorkflowActor, toldAboutMatter } from '../../../shared/workflows/matter.ts';

/** A step failed: the matter records which, the unit is told, the operators are alarmed (the same metric as the plans'). */
export const handler = lambdaHandler(async (event: MatterRef & { failure?: { Error?: string } }): Promise<MatterRef> => {
  const error = String(event.failure?.Error ?? 'States.Runtime');
  logger.error('matter step failed', { matterId: event.matterId, error });
  emitMetric('WorkflowFailures');
  await mattersRepo.transition(
    event.matterId,
    OPEN_MATTER_STATUSES,
    (m) => ({
      patch: {
        status: 'failed',
        outcome: {
          code: 'workflowFailed',
          message: `a step of the matter's workflow failed (${error}); ask the office`,
          messageZh: `事项办理流程的一个步骤出错（${error}），请联系编办`,
        },
      },
      action: 'fail',
      reason: error,
      items: toldAboutMatter(m, 'matterFailed', `The handling of matter ${m.matterId} stopped on an error`, `机构编制事项「${m.title}」办理流程出错中止`),
    }),
    matterWorkflowActor,
  );
  return { matterId: event.matterId };
});
