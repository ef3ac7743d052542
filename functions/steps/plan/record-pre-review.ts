import { plansRepo } from '../../../shared/data/plans.ts';
import { lambdaHandler } from '../../../shared/lambda.ts';
import { type RecordPreReviewInput, type RecordPreReviewOutput, told, workflowActor } from '../../../shared/workflows/staffing-plan.ts';

/** Records the joint pre-review on the plan: accepted for approval, or refused (不予受理) with every reason, and the unit told. */
export const handler = lambdaHandler(async (event: RecordPreReviewInput): Promise<RecordPreReviewOutput> => {
  const results = event.results;
  const passed = results.every((r) => r.ok);
  const reasons = results.flatMap((r) => r.reasons);
  const { plan } = await plansRepo.transition(
    event.planId,
    ['preReview'],
    (p) =>
      passed
        ? { patch: { status: 'pendingApproval', preReview: results }, action: 'preReviewPassed' }
        : {
            patch: {
              status: 'refused',
              preReview: results,
              outcome: {
                code: 'refusedAtPreReview',
                message: reasons.map((r) => r.message).join('; '),
                messageZh: `不予受理：${reasons.map((r) => r.messageZh).join('；')}`,
              },
            },
            action: 'refuse',
            items: told(
              p,
              'planRefusedAtPreReview',
              `Plan ${p.planId} was not accepted: ${reasons.map((r) => r.message).join('; ')}`,
              `用编计划 ${p.planId} 不予受理：${reasons.map((r) => r.messageZh).join('；')}`,
            ),
          },
    workflowActor,
  );
  return { planId: event.planId, withdrawn: plan.status === 'withdrawn', passed: plan.status === 'pendingApproval', sections: plan.sections };
});
