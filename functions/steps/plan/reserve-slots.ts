import { plansRepo } from '../../../shared/data/plans.ts';
import { reserveSlots } from '../../../shared/data/reservations.ts';
import { todayInShanghai } from '../../../shared/domain/today.ts';
import { lambdaHandler } from '../../../shared/lambda.ts';
import { type PlanRef, type ReserveOutput, told, workflowActor } from '../../../shared/workflows/staffing-plan.ts';

/** Reserves the approved plan's slots under a numbered approval notice; when the vacancy went meanwhile, the plan is refused and the unit told. */
export const handler = lambdaHandler(async (event: PlanRef): Promise<ReserveOutput> => {
  const { reserved } = await reserveSlots(event.planId, todayInShanghai(), workflowActor);
  if (!reserved) {
    await plansRepo.transition(
      event.planId,
      ['pendingApproval'],
      (p) => ({
        patch: {
          status: 'refused',
          outcome: { code: 'noVacancy', message: 'the vacancy went while the plan was being approved', messageZh: '审批期间空编已被占用，不能核准' },
        },
        action: 'refuse',
        items: told(
          p,
          'planRefused',
          `Plan ${p.planId} could not be approved: the vacancy went meanwhile`,
          `用编计划 ${p.planId} 审批期间空编已被占用，不能核准`,
        ),
      }),
      workflowActor,
    );
  }
  return { planId: event.planId, reserved };
});
