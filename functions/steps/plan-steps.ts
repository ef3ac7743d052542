/**
 * The tasks of statemachines/staffing-plan.asl.json. Each is idempotent for its input (a step
 * may be delivered again after a lost invocation), and only record ids travel in and out.
 */
import { plansRepo, taskIdFor } from '../../shared/data/plans.ts';
import { registryRepo } from '../../shared/data/registry.ts';
import { clock } from '../../shared/clock.ts';
import { APPROVAL_TIMEOUT_SECONDS, combineDecisions, ESCALATION_TIMEOUT_SECONDS, type Decision } from '../../shared/domain/plans/rules.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';

const actor = { userId: 'staffing-plan-workflow', role: 'system', requestId: 'workflow' };
type Reason = { code: string; message: string; messageZh: string };
type Check = { check: string; ok: boolean; reasons: Reason[] };

const check = async (kind: string, planId: string): Promise<Check> => {
  const plan = await plansRepo.require(planId);
  const org = await registryRepo.requireOrg(plan.orgId);
  const reasons: Reason[] = [];
  if (kind === 'supervision') {
    // 监督检查科: open supervision letters, unrectified problems, or a suspension of approvals, on the unit or its department.
    for (const b of await plansRepo.blocks([plan.orgId, org.org.departmentId])) {
      reasons.push({ code: b.kind, message: b.reason, messageZh: b.reasonZh ?? b.reason });
    }
  } else if (kind === 'registration') {
    // 登记局: a public institution must be a registered legal person.
    if (org.org.kind === 'publicInstitution' && org.org.legalPersonStatus !== 'registered') {
      reasons.push({ code: 'legalPersonNotRegistered', message: `legal-person registration is ${org.org.legalPersonStatus}`, messageZh: '事业单位法人登记未完成或已注销' });
    }
  } else if (kind === 'roster') {
    // 电子政务中心: the roster agrees with the counters, and the vacancy covers the plan.
    const onRoll = Object.values(org.counter.onRoll).reduce((a, b) => a + b, 0);
    const counted = await plansRepo.rosterCount(plan.orgId);
    if (counted !== onRoll) reasons.push({ code: 'rosterMismatch', message: `the roster lists ${counted} people, the counters ${onRoll}`, messageZh: `实名制名册 ${counted} 人与编制台账在编 ${onRoll} 人不一致` });
    const vacancy = org.counter.vacancy[plan.quotaType];
    if (vacancy < plan.count) reasons.push({ code: 'noVacancy', message: `${plan.quotaType} vacancy is ${vacancy}, the plan asks for ${plan.count}`, messageZh: `空编 ${vacancy} 名，不足申请的 ${plan.count} 名` });
    if (org.org.status !== 'active') reasons.push({ code: 'abolished', message: 'the organization has been abolished', messageZh: '单位已撤销' });
  }
  return { check: kind, ok: reasons.length === 0, reasons };
};

const addSeconds = (s: number) => new Date(clock().now().getTime() + s * 1000).toISOString();

export const handler = async (event: any): Promise<unknown> => {
  switch (event.action) {
    case 'check':
      return check(event.check, event.planId);

    case 'recordPreReview': {
      const results = event.results as Check[];
      const passed = results.every((r) => r.ok);
      const reasons = results.flatMap((r) => r.reasons);
      const plan = await plansRepo.update(
        event.planId,
        ['preReview'],
        passed
          ? { status: 'pendingApproval', preReview: results }
          : { status: 'refused', preReview: results, outcome: { code: 'refusedAtPreReview', message: reasons.map((r) => r.message).join('; '), messageZh: `不予受理：${reasons.map((r) => r.messageZh).join('；')}` } },
        passed ? 'preReviewPassed' : 'refuse',
        actor,
      );
      return { planId: event.planId, passed: plan.status === 'pendingApproval' || passed, sections: plan.sections };
    }

    case 'openTask': {
      const plan = await plansRepo.require(event.planId);
      await plansRepo.openTask({ taskId: taskIdFor(plan.planId, plan.revision, event.index), planId: plan.planId, sectionId: event.sectionId, token: event.taskToken, dueAt: addSeconds(APPROVAL_TIMEOUT_SECONDS) });
      return { opened: true };
    }

    case 'escalateTask': {
      // The section did not answer in time: the decision goes to the office leadership.
      const plan = await plansRepo.require(event.planId);
      await plansRepo.openTask({ taskId: taskIdFor(plan.planId, plan.revision, event.index), planId: plan.planId, sectionId: 'leadership', token: event.taskToken, dueAt: addSeconds(ESCALATION_TIMEOUT_SECONDS), escalated: true });
      return { escalated: true };
    }

    case 'decide': {
      const decisions = (event.decisions as { decision: Decision; opinion?: string; sectionId: string; by?: string; at?: string }[]).map((d) => ({
        sectionId: d.sectionId,
        decision: d.decision,
        opinion: d.opinion ?? (d.decision === 'timedOut' ? 'no answer in time' : ''),
        by: d.by ?? 'workflow',
        at: d.at ?? clock().now().toISOString(),
      }));
      const outcome = combineDecisions(decisions.map((d) => d.decision));
      if (outcome === 'approved') {
        // The opinions stay on the plan; the reservation that follows sets it approved.
        await plansRepo.update(event.planId, ['pendingApproval'], { decisions }, 'decisionsRecorded', actor);
      } else {
        const opinions = decisions.filter((d) => d.decision !== 'approve').map((d) => `${d.sectionId}: ${d.opinion}`).join('; ');
        await plansRepo.update(
          event.planId,
          ['pendingApproval'],
          {
            status: outcome,
            decisions,
            outcome: outcome === 'refused' ? { code: 'refused', message: opinions, messageZh: `不予核准：${opinions}` } : { code: 'returned', message: opinions, messageZh: `退回补正：${opinions}` },
          },
          outcome === 'refused' ? 'refuse' : 'return',
          actor,
        );
      }
      return { planId: event.planId, outcome };
    }

    case 'reserve': {
      const plan = await plansRepo.require(event.planId);
      if (plan.status === 'approved') return { planId: plan.planId, reserved: true };
      const org = await registryRepo.requireOrg(plan.orgId);
      const { reserved } = await plansRepo.reserve(plan, org, todayInShanghai(), actor);
      if (!reserved) {
        await plansRepo.update(plan.planId, ['pendingApproval'], { status: 'refused', outcome: { code: 'noVacancy', message: 'the vacancy went while the plan was being approved', messageZh: '审批期间空编已被占用，不能核准' } }, 'refuse', actor);
      }
      return { planId: plan.planId, reserved };
    }

    default:
      throw new Error(`Unknown step action ${String(event.action)}`);
  }
};
