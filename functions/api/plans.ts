import { ExecutionAlreadyExists } from '@aws-sdk/client-sfn';
import { nowIso } from '../../shared/clock.ts';
import { idempotentReply, requestHashOf } from '../../shared/data/idempotency.ts';
import { recordOf, type StoredItem } from '../../shared/data/keys.ts';
import { listNotifications } from '../../shared/data/notifications.ts';
import { newPlanId, plansRepo, startPlanWorkflow } from '../../shared/data/plans.ts';
import { registryRepo } from '../../shared/data/registry.ts';
import { closeTasks } from '../../shared/data/tasks.ts';
import { planForDepartment } from '../../shared/domain/department-view.ts';
import { QUOTA_TYPE_LABELS } from '../../shared/domain/labels.ts';
import { approvingSections } from '../../shared/domain/plans/rules.ts';
import { checkQuotaTypeForKind, type QuotaType } from '../../shared/domain/registry/rules.ts';
import { ConflictError, fieldIssue, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { apiHandler } from '../../shared/http/api-handler.ts';
import { idempotencyKeyOf, keyReused } from '../../shared/http/idempotency-key.ts';
import { enforceRouteScope } from '../../shared/http/scope.ts';
import { logger } from '../../shared/log.ts';
import { plansRoutes } from '../../shared/routes/plans.ts';
import type { Plan } from '../../shared/schemas/plans.ts';
import type { User } from '../../shared/schemas/users.ts';
import { failWithdrawn } from '../../shared/workflows/decisions.ts';

/** Idempotency keys are scoped per function: all functions share one process on the embedded host. */
const IDEM_SCOPE = 'plans';

/** A plan may ask only for slots that are vacant now (R-USE-3); the reservation re-checks atomically. */
const requireVacancy = (vacancy: number, quotaType: QuotaType, count: number) => {
  if (vacancy < count) {
    throw new ValidationError([
      fieldIssue(
        'body.count',
        'vacancy',
        `only ${Math.max(0, vacancy)} vacant ${quotaType} slots`,
        `${QUOTA_TYPE_LABELS[quotaType]}空编仅 ${Math.max(0, vacancy)} 名`,
      ),
    ]);
  }
};

/** Starts the plan's workflow; a start that was made already (a replayed request) is the same start. */
const startWorkflow = async (plan: Plan) => {
  try {
    await startPlanWorkflow(plan);
  } catch (e) {
    // Started already, and perhaps finished: the plan record tells where it stands.
    if (e instanceof ExecutionAlreadyExists) return;
    // The plan is recorded: the workflow sweep starts it if this start was lost.
    logger.error('plan workflow start failed; the sweep will start it', { planId: plan.planId, errorName: (e as Error).name });
  }
};

/** The plan the route read with the user record (its prefetch), or 404. */
const planOf = (item: StoredItem | undefined, planId: string): Plan => {
  if (!item) throw new NotFoundError(`No plan ${planId}`, `没有用编计划 ${planId}`);
  return recordOf<Plan>(item);
};

/** A plan as the caller may read it: a department without the office's people (shared/domain/department-view.ts). */
const seenBy = (user: User, p: Plan): Plan => (user.role === 'department' ? planForDepartment(p) : p);

export const handler = apiHandler(plansRoutes, {
  'POST /plans': async (req) => {
    const key = idempotencyKeyOf(req.headers);
    const body = req.body;
    const requestHash = requestHashOf(body);
    const prior = await idempotentReply(IDEM_SCOPE, req.user.userId, key);
    if (prior) {
      if (prior.requestHash !== requestHash) throw keyReused();
      const plan = await plansRepo.require(prior.planId!);
      await startWorkflow(plan);
      return { status: 201, body: seenBy(req.user, plan) };
    }
    // A department acts only on its own units; everything the plan needs is checked before it starts.
    await enforceRouteScope(req.user, 'orgId', body.orgId);
    const org = await registryRepo.getOrg(body.orgId);
    if (org?.org.status !== 'active') throw new ValidationError([fieldIssue('body.orgId', 'exists', 'no active organization with this id', '没有该在用单位')]);
    const kind = checkQuotaTypeForKind(body.quotaType, org.org.kind, org.org.civilServiceManaged, 'body.quotaType');
    if (!kind.ok) throw new ValidationError([kind.issue]);
    requireVacancy(org.counter.vacancy[body.quotaType], body.quotaType, body.count);
    const planId = newPlanId();
    const at = nowIso();
    const plan: Plan = {
      planId,
      revision: 1,
      orgId: body.orgId,
      departmentId: org.org.departmentId,
      quotaType: body.quotaType,
      count: body.count,
      channel: body.channel,
      reason: body.reason,
      status: 'preReview',
      sections: approvingSections(body.quotaType, body.count),
      submittedBy: req.user.userId,
      submittedAt: at,
      revisedAt: at,
      executionName: `${planId}-r1`,
    };
    try {
      await plansRepo.create(plan, { scope: IDEM_SCOPE, userId: req.user.userId, key, requestHash }, actorOf(req));
    } catch (e) {
      if (e instanceof ConflictError && e.code === 'IDEMPOTENCY_RACE') {
        const again = await idempotentReply(IDEM_SCOPE, req.user.userId, key);
        if (again && again.requestHash === requestHash) return { status: 201, body: seenBy(req.user, await plansRepo.require(again.planId!)) };
      }
      throw e;
    }
    await startWorkflow(plan);
    return { status: 201, body: seenBy(req.user, plan) };
  },

  'GET /plans/{planId}': async (req) => ({ body: seenBy(req.user, planOf(req.prefetched.plan, req.params.planId)) }),

  'POST /plans/{planId}/withdraw': async (req) => {
    const actor = actorOf(req);
    // The record first: a workflow step that runs meanwhile finds the plan withdrawn and ends.
    const { plan: after, changed } = await plansRepo.transition(
      req.params.planId,
      ['preReview', 'pendingApproval'],
      () => ({ patch: { status: 'withdrawn' }, action: 'withdraw' }),
      actor,
      planOf(req.prefetched.plan, req.params.planId),
    );
    if (!changed) {
      throw new ConflictError(
        `A plan that is ${after.status} cannot be withdrawn`,
        after.status === 'withdrawn' ? '该用编计划已撤回' : '该用编计划已办结，不能撤回',
        'NOT_PENDING',
      );
    }
    // Each open step's wait ends as `Withdrawn`, which the workflow catches: it ends as Withdrawn, not as a failure.
    for (const task of await closeTasks(after, 'withdrawn', actor)) if (task.token) await failWithdrawn(task.token, task.taskId);
    return { body: seenBy(req.user, after) };
  },

  'POST /plans/{planId}/resubmit': async (req) => {
    const plan = planOf(req.prefetched.plan, req.params.planId);
    if (plan.status !== 'returned' && plan.status !== 'failed') {
      throw new ConflictError(
        'Only a plan returned for correction (or stopped by an error) can be resubmitted',
        '只有被退回补正（或因出错中止）的用编计划可以重新提交',
        'NOT_RETURNED',
      );
    }
    const count = req.body.count ?? plan.count;
    const org = await registryRepo.requireOrg(plan.orgId);
    requireVacancy(org.counter.vacancy[plan.quotaType], plan.quotaType, count);
    const { plan: after, changed } = await plansRepo.transition(
      plan.planId,
      ['returned', 'failed'],
      (p) => {
        const revision = p.revision + 1;
        return {
          patch: {
            revision,
            count,
            reason: req.body.reason ?? p.reason,
            sections: approvingSections(p.quotaType, count),
            status: 'preReview',
            revisedAt: nowIso(),
            executionName: `${p.planId}-r${revision}`,
            preReview: undefined,
            decisions: undefined,
            outcome: undefined,
          },
          action: 'resubmit',
        };
      },
      actorOf(req),
      plan,
    );
    if (!changed) throw new ConflictError('The plan changed meanwhile: read it again', '用编计划已变化，请刷新后重试', 'STALE_PLAN');
    await startWorkflow(after);
    return { body: seenBy(req.user, after) };
  },

  'GET /organizations/{orgId}/plans': async (req) => ({ body: { items: (await plansRepo.listByOrg(req.params.orgId)).map((p) => seenBy(req.user, p)) } }),

  'GET /organizations/{orgId}/notifications': async (req) => ({ body: { items: await listNotifications(req.params.orgId) } }),
});
