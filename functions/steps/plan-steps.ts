/**
 * The tasks of statemachines/staffing-plan.asl.json. Each is idempotent for its input (a step
 * may be delivered again after a lost invocation), and only record ids travel in and out.
 */
import { SendTaskFailureCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { clock } from '../../shared/clock.ts';
import { APPROVAL_TIMEOUT_SECONDS, combineDecisions, ESCALATION_TIMEOUT_SECONDS, type Decision } from '../../shared/domain/plans/rules.ts';
import { QUOTA_TYPE_LABELS } from '../../shared/domain/labels.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { notificationPut } from '../../shared/data/notifications.ts';
import { plansRepo } from '../../shared/data/plans.ts';
import { blocksOf, rosterCount } from '../../shared/data/pre-review.ts';
import { registryRepo } from '../../shared/data/registry.ts';
import { reserveSlots } from '../../shared/data/reservations.ts';
import { sfn } from '../../shared/data/sfn.ts';
import { closedTask, closeTasks, decisionOutput, escalatedTask, LEADERSHIP, openedTask, receivedTask, taskIdFor, tasksRepo, timedOutTask, type TaskRecord } from '../../shared/data/tasks.ts';
import { logger } from '../../shared/log.ts';
import { emitMetric } from '../../shared/metrics.ts';
import type { Plan } from '../../shared/schemas/plans.ts';

const actor = { userId: 'staffing-plan-workflow', role: 'system', requestId: 'workflow' };
type Reason = { code: string; message: string; messageZh: string };
type Check = { check: string; ok: boolean; reasons: Reason[] };

const check = async (kind: string, planId: string): Promise<Check> => {
  const plan = await plansRepo.require(planId);
  const org = await registryRepo.requireOrg(plan.orgId);
  const reasons: Reason[] = [];
  if (kind === 'supervision') {
    // 监督检查科: open supervision letters, unrectified problems, or a suspension of approvals, on the unit or its department.
    for (const b of await blocksOf([plan.orgId, org.org.departmentId])) {
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
    const counted = await rosterCount(plan.orgId);
    if (counted !== onRoll) reasons.push({ code: 'rosterMismatch', message: `the roster lists ${counted} people, the counters ${onRoll}`, messageZh: `实名制名册 ${counted} 人与编制台账在编 ${onRoll} 人不一致` });
    const vacancy = org.counter.vacancy[plan.quotaType];
    if (vacancy < plan.count) reasons.push({ code: 'noVacancy', message: `${plan.quotaType} vacancy is ${vacancy}, the plan asks for ${plan.count}`, messageZh: `${QUOTA_TYPE_LABELS[plan.quotaType]}空编 ${vacancy} 名，不足申请的 ${plan.count} 名` });
    if (org.org.status !== 'active') reasons.push({ code: 'abolished', message: 'the organization has been abolished', messageZh: '单位已撤销' });
  }
  return { check: kind, ok: reasons.length === 0, reasons };
};

const addSeconds = (s: number) => new Date(clock().now().getTime() + s * 1000).toISOString();

/** The message to the unit when its plan comes back, in the same transaction as the plan's change. */
const told = (plan: Plan, kind: string, message: string, messageZh: string) => ({ message: notificationPut(plan.orgId, { kind, planId: plan.planId, message, messageZh }) });

/** A plan withdrawn meanwhile ends the step's wait at once (the state machine catches `Withdrawn`). */
const failWithdrawn = (token: string) =>
  sfn()
    .send(new SendTaskFailureCommand({ taskToken: token, error: 'Withdrawn', cause: 'The plan was withdrawn by the department' }))
    .catch((e: Error) => logger.warn('withdrawn step already closed', { errorName: e.name }));

type DecisionOut = { decision: Decision | 'withdrawn'; opinion?: string; sectionId: string; by?: string; at?: string; taskId?: string };

export const handler = async (event: any): Promise<unknown> => {
  switch (event.action) {
    case 'check':
      return check(event.check, event.planId);

    case 'recordPreReview': {
      const results = event.results as Check[];
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
                  outcome: { code: 'refusedAtPreReview', message: reasons.map((r) => r.message).join('; '), messageZh: `不予受理：${reasons.map((r) => r.messageZh).join('；')}` },
                },
                action: 'refuse',
                items: told(p, 'planRefusedAtPreReview', `Plan ${p.planId} was not accepted: ${reasons.map((r) => r.message).join('; ')}`, `用编计划 ${p.planId} 不予受理：${reasons.map((r) => r.messageZh).join('；')}`),
              },
        actor,
      );
      return { planId: event.planId, withdrawn: plan.status === 'withdrawn', passed: plan.status === 'pendingApproval', sections: plan.sections };
    }

    case 'openTask': {
      const plan = await plansRepo.require(event.planId);
      if (plan.status === 'withdrawn') return failWithdrawn(event.taskToken).then(() => ({ withdrawn: true }));
      const taskId = taskIdFor(plan.planId, plan.revision, event.index);
      const spec = { taskId, planId: plan.planId, holder: event.sectionId, step: 'sectionApproval', token: event.taskToken, dueAt: addSeconds(APPROVAL_TIMEOUT_SECONDS) };
      const task = await tasksRepo.change(taskId, plan.planId, (before) => openedTask(spec, before), actor);
      await resendIfDecided(task, event.taskToken);
      return { opened: true };
    }

    case 'escalateTask': {
      // The section did not answer in time: the leadership holds the step now (the timeout wins).
      const plan = await plansRepo.require(event.planId);
      const taskId = taskIdFor(plan.planId, plan.revision, event.index);
      if (plan.status === 'withdrawn') {
        await tasksRepo.change(taskId, plan.planId, closedTask('withdrawn'), actor);
        return failWithdrawn(event.taskToken).then(() => ({ withdrawn: true }));
      }
      const spec = { from: event.sectionId, step: 'sectionApproval', token: event.taskToken, dueAt: addSeconds(ESCALATION_TIMEOUT_SECONDS) };
      const task = await tasksRepo.change(taskId, plan.planId, (before) => escalatedTask(spec, before), actor);
      await resendIfDecided(task, event.taskToken);
      return { escalated: true };
    }

    case 'recordNoAnswer': {
      // The leadership did not answer either: the task leaves every inbox, the plan will come back.
      const plan = await plansRepo.require(event.planId);
      const taskId = taskIdFor(plan.planId, plan.revision, event.index);
      await tasksRepo.change(taskId, plan.planId, (before) => timedOutTask({ holder: LEADERSHIP, step: 'leadershipApproval' }, before), actor);
      return { decision: 'timedOut', sectionId: event.sectionId, taskId };
    }

    case 'acknowledgeDecision': {
      const planId = (await tasksRepo.get(event.taskId))?.planId;
      if (planId) await tasksRepo.change(event.taskId, planId, receivedTask, actor);
      return { acknowledged: true };
    }

    case 'decide': {
      const raw = event.decisions as DecisionOut[];
      const decisions = raw
        .filter((d): d is DecisionOut & { decision: Decision } => d.decision !== 'withdrawn')
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
          const opinions = decisions.filter((d) => d.decision !== 'approve').map((d) => `${d.sectionId}: ${d.decision === 'timedOut' ? '逾期未办理' : d.opinion}`).join('; ');
          const returned = outcome === 'returned';
          return {
            patch: {
              status: outcome,
              decisions,
              outcome: returned ? { code: 'returned', message: opinions, messageZh: `退回补正：${opinions}` } : { code: 'refused', message: opinions, messageZh: `不予核准：${opinions}` },
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
        actor,
      );
      return { planId: event.planId, outcome: plan.status === 'withdrawn' ? 'withdrawn' : outcome };
    }

    case 'reserve': {
      const { reserved } = await reserveSlots(event.planId, todayInShanghai(), actor);
      if (!reserved) {
        await plansRepo.transition(
          event.planId,
          ['pendingApproval'],
          (p) => ({
            patch: { status: 'refused', outcome: { code: 'noVacancy', message: 'the vacancy went while the plan was being approved', messageZh: '审批期间空编已被占用，不能核准' } },
            action: 'refuse',
            items: told(p, 'planRefused', `Plan ${p.planId} could not be approved: the vacancy went meanwhile`, `用编计划 ${p.planId} 审批期间空编已被占用，不能核准`),
          }),
          actor,
        );
      }
      return { planId: event.planId, reserved };
    }

    case 'recordFailure': {
      const failure = event.failure as { Error?: string; Cause?: string } | undefined;
      const error = String(failure?.Error ?? 'States.Runtime');
      logger.error('staffing-plan step failed', { planId: event.planId, error });
      emitMetric('WorkflowFailures');
      const { plan } = await plansRepo.transition(
        event.planId,
        ['preReview', 'pendingApproval'],
        (p) => ({
          patch: { status: 'failed', outcome: { code: 'workflowFailed', message: `a step of the approval failed (${error}); resubmit the plan or ask the office`, messageZh: `审批流程的一个步骤出错（${error}），请重新提交或联系编办` } },
          action: 'fail',
          reason: error,
          items: told(p, 'planFailed', `The approval of plan ${p.planId} stopped on an error; resubmit it`, `用编计划 ${p.planId} 审批流程出错中止，请重新提交`),
        }),
        actor,
      );
      await closeTasks(plan, 'closed', actor);
      return { planId: event.planId, recorded: true };
    }

    default:
      throw new Error(`Unknown step action ${String(event.action)}`);
  }
};

/**
 * A step delivered again with a new token finds its task already decided (the decision was
 * recorded against the old token): the decision is sent with the new one, so it is not lost.
 */
const resendIfDecided = async (task: TaskRecord | undefined, token: string) => {
  if (!task || task.status !== 'decided' || task.delivery === 'received') return;
  await sfn().send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(decisionOutput(task)) }));
};
