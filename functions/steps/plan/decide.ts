import { clock } from '../../../shared/clock.ts';
import { plansRepo } from '../../../shared/data/plans.ts';
import { combineDecisions, type Decision } from '../../../shared/domain/plans/rules.ts';
import { lambdaHandler } from '../../../shared/lambda.ts';
import { type DecideInput, type DecideOutput, type SectionDecision, told, workflowActor } from '../../../shared/workflows/staffing-plan.ts';

/** Combines the sections' decisions: approved (the reservation follows), or returned or refused with the opinions, and the unit told. */
export const handler = lambdaHandler(async (event: DecideInput): Promise<DecideOutput> => {
  const decisions = event.decisions
    .filter((d): d is SectionDecision & { decision: Decision } => d.decision !== 'withdrawn')
    .map((d) => ({
      sectionId: d.sectionId,
      decision: d.decision,
      opinion: d.opinion ?? (d.decision === 'timedOut' ? 'no answer in time' : ''),
      by: d.by ?? 'workflow',
      at: d.at ?? clock().now().toISOString(),
    }));
  const outcome = combineDecisions(decisions.map((d) => d.decision));
  const { plan } = await plansRepo.transition(
    event.planId,
    ['pendingApproval'],
    (p) => {
      if (outcome === 'approved') return { patch: { decisions }, action: 'decisionsRecorded' };
      const opinions = decisions
        .filter((d) => d.decision !== 'approve')
        .map((d) => `${d.sectionId}: ${d.decision === 'timedOut' ? '逾期未办理' : d.opinion}`)
        .join('; ');
      const returned = outcome === 'returned';
      return {
        patch: {
          status: outcome,
          decisions,
          outcome: returned
            ? { code: 'returned', message: opinions, messageZh: `退回补正：${opinions}` }
            : { code: 'refused', message: opinions, messageZh: `不予核准：${opinions}` },
        },
        action: returned ? 'return' : 'refuse',
        items: told(
          p,
          returned ? 'planReturned' : 'planRefused',
          `Plan ${p.planId} ${returned ? 'came back for correction' : 'was refused'}: ${opinions}`,
          `用编计划 ${p.planId} ${returned ? '已退回补正' : '不予核准'}：${opinions}`,
        ),
      };
    },
    workflowActor,
  );
  return { planId: event.planId, outcome: plan.status === 'withdrawn' ? 'withdrawn' : outcome };
});
