import { plansRepo } from '../../../shared/data/plans.ts';
import { lambdaHandler } from '../../../shared/lambda.ts';
import { type RecordPreReviewInput, type RecordPreReviewOutput, told, workflowActor } from '../../../shared/workflows/staffing-plan.ts';

/** Records the joint pre-review on the plan: accepted for approval, or refused (不予受理) with every reason, and the unit told. */
export const handler = lambdaHandler(async (event: RecordPreReviewInput): Promise<RecordPreReviewOutput> => {
  const results = event.results;
  const passed = results.every((r) => r.ok);
  const reasons = results.flatMap((r) => r.reasons);
  const message = reasons.map((r) => r.message).join('; ');
  const messageZh = reasons.map((r) => r.messageZh).join('；');
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
              outcome: { code: 'refusedAtPreReview', message, messageZh: `不予受理：${messageZh}` },
            },
            action: 'refuse',
            items: told(p, 'planRefusedAtPreReview', `Plan ${p.planId} was not accepted: ${message}`, `用编计划 ${p.planId} 不予受理：${messageZh}`),
          },
    workflowActor,
  );
  return { planId: event.planId, withdrawn: plan.status === 'withdrawn', passed: plan.status === 'pendingApproval', sections: plan.sections };
});
