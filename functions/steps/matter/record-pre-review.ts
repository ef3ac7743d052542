import { mattersRepo } from '../../../shared/data/matters.ts';
import { lambdaHandler } from '../../../shared/lambda.ts';
import { type MatterRef, matterWorkflowActor, toldAboutMatter } from '../../../shared/workflows/matter.ts';
import type { Check } from '../../../shared/workflows/staffing-plan.ts';

/** Records the joint pre-review on the matter: accepted for the proposal stage, or refused (不予受理) with every reason, and the unit told. */
export const handler = lambdaHandler(async (event: MatterRef & { results: Check[] }): Promise<{ matterId: string; passed: boolean; withdrawn: boolean }> => {
  const passed = event.results.every((r) => r.ok);
  const reasons = event.results.flatMap((r) => r.reasons);
  const message = reasons.map((r) => r.message).join('; ');
  const messageZh = reasons.map((r) => r.messageZh).join('；');
  const { matter } = await mattersRepo.transition(
    event.matterId,
    ['submitted', 'preReview'],
    (m) =>
      passed
        ? { patch: { status: 'preReview', preReview: event.results }, action: 'preReviewPassed' }
        : {
            patch: { status: 'refused', preReview: event.results, outcome: { code: 'refusedAtPreReview', message, messageZh: `不予受理：${messageZh}` } },
            action: 'refuse',
            items: toldAboutMatter(
              m,
              'matterRefusedAtPreReview',
              `Matter ${m.matterId} was not accepted: ${message}`,
              `机构编制事项「${m.title}」不予受理：${messageZh}`,
            ),
          },
    matterWorkflowActor,
  );
  return { matterId: event.matterId, passed: matter.status === 'preReview', withdrawn: matter.status === 'withdrawn' };
});
