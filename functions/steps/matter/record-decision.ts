import { mattersRepo } from '../../../shared/data/matters.ts';
import { DECISION_LABELS, labelIn } from '../../../shared/domain/labels.ts';
import { lambdaHandler } from '../../../shared/lambda.ts';
import type { Matter } from '../../../shared/schemas/matters.ts';
import { type MatterRef, matterWorkflowActor, type Next, type StepDecision, stepRecord, toldAboutMatter } from '../../../shared/workflows/matter.ts';

type Step = 'proposal' | 'assessment' | 'deliberation';

/** The status the matter is in while each step waits. */
const STAGE_OF: Record<Step, Matter['status']> = { proposal: 'proposal', assessment: 'argumentation', deliberation: 'deliberation' };

/** Where each step's decision sends the matter. */
const nextAfter = (step: Step, d: StepDecision): Next => {
  if (d.decision === 'timedOut') return 'returned';
  if (step === 'proposal') return d.decision === 'approve' ? 'argumentation' : d.decision === 'refuse' ? 'refused' : 'returned';
  if (step === 'assessment') return d.decision === 'approve' ? 'deliberation' : 'returned';
  if (d.decision === 'approve') return 'issue';
  if (d.decision === 'refuse') return 'rejected';
  return (d.details?.returnTo as Next | undefined) ?? 'argumentation';
};

const ENDS: Partial<Record<Next, { status: Matter['status']; code: string; en: string; zh: string }>> = {
  returned: { status: 'returned', code: 'returnedForCorrection', en: 'returned for correction', zh: '退回补正' },
  refused: { status: 'refused', code: 'refused', en: 'not accepted', zh: '不予受理' },
  rejected: { status: 'rejected', code: 'rejected', en: 'not approved by the deliberation', zh: '经审议不予批准' },
};

/**
 * Records a human step's decision on the matter (the proposal review, the co-sections' opinions
 * with the lead's assessment, the deliberation), and says where the workflow goes next. A
 * matter that comes back or ends tells its unit why, in the same transaction.
 */
export const handler = lambdaHandler(
  async (event: MatterRef & { step: Step; decision: StepDecision; opinions?: StepDecision[] }): Promise<MatterRef & { next: Next }> => {
    const next = nextAfter(event.step, event.decision);
    const end = ENDS[next];
    const record = stepRecord(event.decision);
    const field = event.step === 'proposal' ? 'proposalReview' : event.step;
    await mattersRepo.transition(
      event.matterId,
      [STAGE_OF[event.step]],
      (m) => {
        const patch: Partial<Matter> = { [field]: record, ...(event.opinions ? { opinions: event.opinions.map(stepRecord) } : {}) };
        if (!end) return { patch, action: `${event.step}Decided`, audit: { ...patch, next } };
        const why = event.decision.opinion ?? labelIn(DECISION_LABELS, event.decision.decision, event.decision.decision);
        return {
          patch: { ...patch, status: end.status, outcome: { code: end.code, message: `${end.en}: ${why}`, messageZh: `${end.zh}：${why}` } },
          action: end.code,
          audit: { ...patch, next },
          items: toldAboutMatter(
            m,
            `matter${end.code[0]!.toUpperCase()}${end.code.slice(1)}`,
            `Matter ${m.matterId} ${end.en}: ${why}`,
            `机构编制事项「${m.title}」${end.zh}：${why}`,
          ),
        };
      },
      matterWorkflowActor,
    );
    // Delivered again after it was recorded, the same decision goes the same way.
    return { matterId: event.matterId, next };
  },
);
