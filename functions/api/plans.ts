import { ExecutionAlreadyExists, SendTaskFailureCommand, SendTaskSuccessCommand, TaskDoesNotExist, TaskTimedOut } from '@aws-sdk/client-sfn';
import { clock, nowIso } from '../../shared/clock.ts';
import { QUOTA_TYPE_LABELS } from '../../shared/domain/labels.ts';
import { establishmentCard, intakeApproval } from '../../shared/domain/forms.ts';
import { approvingSections } from '../../shared/domain/plans/rules.ts';
import { checkNationalId } from '../../shared/domain/registry/national-id.ts';
import { checkPastDate, checkQuotaTypeForKind } from '../../shared/domain/registry/rules.ts';
import { validatePersonIntake } from '../../shared/domain/registry/validate.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { idempotentReply, requestHashOf } from '../../shared/data/idempotency.ts';
import { listNotifications } from '../../shared/data/notifications.ts';
import { newPlanId, plansRepo, startPlanWorkflow } from '../../shared/data/plans.ts';
import { personIdFor, registryRepo } from '../../shared/data/registry.ts';
import { cancelTransfer, onboard, planWithOrg, releaseTransfer, requestTransfer, requireTransfer, transfersOf } from '../../shared/data/roster-moves.ts';
import { sfn } from '../../shared/data/sfn.ts';
import { closedTask, closeTasks, decidedTask, decisionOutput, lateDecisionRefused, LEADERSHIP, planIdOfTask, shownTask, stepTimedOut, tasksRepo, type TaskRecord } from '../../shared/data/tasks.ts';
import { ConflictError, ForbiddenError, MalformedRequestError, NotFoundError, ValidationError, fieldIssue } from '../../shared/errors.ts';
import { apiHandler } from '../../shared/http/api-handler.ts';
import { enforceRouteScope, personFor } from '../../shared/http/scope.ts';
import type { ApiRequest } from '../../shared/http/types.ts';
import { logger } from '../../shared/log.ts';
import type { Plan, PlanInput } from '../../shared/schemas/plans.ts';
import type { User } from '../../shared/schemas/users.ts';
import type { QuotaType } from '../../shared/domain/registry/rules.ts';

const actorOf = (req: ApiRequest) => ({ userId: req.user!.userId, role: req.user!.role, requestId: req.requestId });
/** Idempotency keys are scoped per function: all functions share one process on the embedded host. */
const IDEM_SCOPE = 'plans';

/** A plan may ask only for slots that are vacant now (R-USE-3); the reservation re-checks atomically. */
const requireVacancy = (vacancy: number, quotaType: QuotaType, count: number) => {
  if (vacancy < count) {
    throw new ValidationError([fieldIssue('body.count', 'vacancy', `only ${Math.max(0, vacancy)} vacant ${quotaType} slots`, `${QUOTA_TYPE_LABELS[quotaType]}空编仅 ${Math.max(0, vacancy)} 名`)]);
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

/** Who holds a task as this user: their section, or the leadership. */
const holderOf = (user: User) => (user.role === 'leader' ? LEADERSHIP : user.sectionId);

/** Decisions older than this whose workflow has not taken them are sent again when the task is read. */
const RESEND_AFTER_MS = 30_000;

/** Sends a recorded decision to the workflow; a step that closed first takes the decision back. */
const deliver = async (task: TaskRecord, actor: ReturnType<typeof actorOf>): Promise<'sent' | 'late' | 'pending'> => {
  try {
    await sfn().send(new SendTaskSuccessCommand({ taskToken: task.token, output: JSON.stringify(decisionOutput(task)) }));
    return 'sent';
  } catch (e) {
    if (e instanceof TaskTimedOut || e instanceof TaskDoesNotExist) {
      const plan = await plansRepo.get(task.planId);
      if (plan?.status === 'withdrawn') await tasksRepo.change(task.taskId, task.planId, closedTask('withdrawn'), actor);
      else await tasksRepo.change(task.taskId, task.planId, (before) => lateDecisionRefused(task.token, before), actor);
      return 'late';
    }
    logger.error('decision callback failed; it will be sent again', { taskId: task.taskId, errorName: (e as Error).name });
    return 'pending';
  }
};

export const handler = apiHandler('plans', {
  'POST /plans': async (req) => {
    const key = req.headers['idempotency-key'];
    if (!key || !/^[A-Za-z0-9._:-]{8,128}$/.test(key)) {
      throw new MalformedRequestError('An Idempotency-Key header (8–128 letters, digits, . _ : -) is required', '需要 Idempotency-Key 请求头（8–128 位字母、数字或 . _ : -）');
    }
    const body = req.body as PlanInput;
    const requestHash = requestHashOf(body);
    const prior = await idempotentReply(IDEM_SCOPE, req.user!.userId, key);
    if (prior) {
      if (prior.requestHash !== requestHash) throw new ValidationError([fieldIssue('headers.idempotency-key', 'reused', 'was used before with a different request', '已用于另一份不同的申请')]);
      const plan = await plansRepo.require(prior.planId!);
      await startWorkflow(plan);
      return { status: 201, body: plan };
    }
    // A department acts only on its own units; everything the plan needs is checked before it starts.
    await enforceRouteScope(req.user!, 'orgId', body.orgId);
    const org = await registryRepo.getOrg(body.orgId);
    if (!org || org.org.status !== 'active') throw new ValidationError([fieldIssue('body.orgId', 'exists', 'no active organization with this id', '没有该在用单位')]);
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
      submittedBy: req.user!.userId,
      submittedAt: at,
      revisedAt: at,
      executionName: `${planId}-r1`,
    };
    try {
      await plansRepo.create(plan, { scope: IDEM_SCOPE, userId: req.user!.userId, key, requestHash }, actorOf(req));
    } catch (e) {
      if (e instanceof ConflictError && e.code === 'IDEMPOTENCY_RACE') {
        const again = await idempotentReply(IDEM_SCOPE, req.user!.userId, key);
        if (again && again.requestHash === requestHash) return { status: 201, body: await plansRepo.require(again.planId!) };
      }
      throw e;
    }
    await startWorkflow(plan);
    return { status: 201, body: plan };
  },

  'GET /plans/{planId}': async (req) => ({ body: await plansRepo.require(req.params.planId) }),

  'POST /plans/{planId}/withdraw': async (req) => {
    const actor = actorOf(req);
    // The record first: a workflow step that runs meanwhile finds the plan withdrawn and ends.
    const { plan: after, changed } = await plansRepo.transition(req.params.planId, ['preReview', 'pendingApproval'], () => ({ patch: { status: 'withdrawn' }, action: 'withdraw' }), actor);
    if (!changed) {
      throw new ConflictError(`A plan that is ${after.status} cannot be withdrawn`, after.status === 'withdrawn' ? '该用编计划已撤回' : '该用编计划已办结，不能撤回', 'NOT_PENDING');
    }
    // Each open step's wait ends as `Withdrawn`, which the workflow catches: it ends as Withdrawn, not as a failure.
    for (const task of await closeTasks(after, 'withdrawn', actor)) {
      await sfn()
        .send(new SendTaskFailureCommand({ taskToken: task.token, error: 'Withdrawn', cause: 'The plan was withdrawn by the department' }))
        .catch((e: Error) => logger.warn('withdrawn step already closed', { taskId: task.taskId, errorName: e.name }));
    }
    return { body: after };
  },

  'POST /plans/{planId}/resubmit': async (req) => {
    const plan = await plansRepo.require(req.params.planId);
    if (plan.status !== 'returned' && plan.status !== 'failed') {
      throw new ConflictError('Only a plan returned for correction (or stopped by an error) can be resubmitted', '只有被退回补正（或因出错中止）的用编计划可以重新提交', 'NOT_RETURNED');
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
    );
    if (!changed) throw new ConflictError('The plan changed meanwhile', '用编计划已变化', 'STALE_PLAN');
    await startWorkflow(after);
    return { body: after };
  },

  'GET /organizations/{orgId}/plans': async (req) => ({ body: { items: await plansRepo.listByOrg(req.params.orgId) } }),

  'GET /organizations/{orgId}/notifications': async (req) => ({ body: { items: await listNotifications(req.params.orgId) } }),

  'GET /tasks': async (req) => {
    const holder = holderOf(req.user!);
    if (!holder) throw new ForbiddenError('Your user record names no section', '您的用户记录没有所属科室');
    return { body: { items: await tasksRepo.inbox(holder) } };
  },

  'GET /tasks/{taskId}': async (req) => {
    const task = await tasksRepo.get(req.params.taskId);
    const holder = holderOf(req.user!);
    const concerned = task && holder && (task.sectionId === holder || task.assignedTo === holder || (task.timeouts ?? []).some((t) => t.holder === holder));
    if (!task || !concerned) throw new NotFoundError('No such task', '没有该审批事项');
    // The next read of a decision the workflow has not taken sends it again.
    if (task.status === 'decided' && task.delivery === 'pending' && Date.parse(task.decidedAt ?? '') < clock().now().getTime() - RESEND_AFTER_MS) {
      await deliver(task, actorOf(req));
      return { body: shownTask((await tasksRepo.get(task.taskId))!) };
    }
    return { body: shownTask(task) };
  },

  'POST /tasks/{taskId}/decision': async (req) => {
    const holder = holderOf(req.user!);
    const planId = planIdOfTask(req.params.taskId);
    if (!holder || !planId) throw new NotFoundError('No such task', '没有该审批事项');
    const actor = actorOf(req);
    let recorded: TaskRecord | undefined;
    try {
      // Recorded first: a second click, or a lost callback, is answered from this record.
      recorded = await tasksRepo.change(req.params.taskId, planId, (before) => decidedTask({ holder, userId: actor.userId, decision: req.body.decision, opinion: req.body.opinion }, before), actor);
    } catch (e) {
      // A second click on a decision the workflow has not taken yet sends it again.
      if (e instanceof ConflictError && e.code === 'ALREADY_DECIDED') {
        const task = await tasksRepo.get(req.params.taskId);
        if (task?.delivery === 'pending' && task.decidedBy === actor.userId) await deliver(task, actor);
      }
      throw e;
    }
    const outcome = await deliver(recorded!, actor);
    if (outcome === 'late') {
      const now = await tasksRepo.get(req.params.taskId);
      if (now?.status === 'withdrawn') throw new ConflictError('The plan was withdrawn; this task is closed', '用编计划已撤回，该审批事项已关闭', 'TASK_CLOSED');
      throw stepTimedOut(now ?? recorded!, holder);
    }
    // Recorded either way; a callback that did not get through is sent again (202 says so).
    return { status: outcome === 'sent' ? 200 : 202, body: shownTask(recorded!) };
  },

  'POST /organizations/{orgId}/transfers': async (req) => {
    const today = todayInShanghai();
    const id = checkNationalId(req.body.nationalId, 'body.nationalId', today);
    const date = checkPastDate(req.body.date, 'body.date', today);
    const issues = [id, date].flatMap((c) => (c.ok ? [] : [c.issue]));
    if (issues.length) throw new ValidationError(issues);
    const [person, to] = await Promise.all([registryRepo.getPerson(personIdFor(id.ok ? id.value.id : '')), planWithOrg(req.body.planId, req.params.orgId)]);
    if (!to) throw new ValidationError([fieldIssue('body.planId', 'exists', 'no such plan of this unit', '本单位没有此用编计划')]);
    if (!person || person.status !== 'onRoll') throw new ValidationError([fieldIssue('body.nationalId', 'notOnRoll', 'nobody with this national ID holds a slot in the city', '本市没有持此身份证号的在编人员')]);
    const kind = checkQuotaTypeForKind(to.plan.quotaType, to.org.org.kind, to.org.org.civilServiceManaged, 'body.planId');
    if (!kind.ok) throw new ValidationError([kind.issue]);
    return { status: 201, body: await requestTransfer({ to, person, date: req.body.date, documentNumber: req.body.documentNumber }, actorOf(req), today) };
  },

  'GET /organizations/{orgId}/transfers': async (req) => ({ body: await transfersOf(req.params.orgId) }),

  'GET /transfers/{transferId}': async (req) => ({ body: await requireTransfer(req.params.transferId) }),

  'POST /transfers/{transferId}/release': async (req) => {
    const t = await requireTransfer(req.params.transferId);
    // Only the sending side (or the office) lets its person go.
    await enforceRouteScope(req.user!, 'orgId', t.fromOrgId);
    const { transfer, person } = await releaseTransfer(t.transferId, actorOf(req), todayInShanghai());
    return { body: { transfer, person: personFor(req.user!, person) } };
  },

  'POST /transfers/{transferId}/cancel': async (req) => ({ body: await cancelTransfer(req.params.transferId, req.body.reason, actorOf(req)) }),

  'POST /organizations/{orgId}/plans/{planId}/people': async (req) => {
    const found = await planWithOrg(req.params.planId, req.params.orgId);
    if (!found) throw new NotFoundError('No such plan for this organization', '该单位没有此用编计划');
    const today = todayInShanghai();
    const person = validatePersonIntake({ ...req.body, quotaType: found.plan.quotaType }, found.org.org, today);
    const record = await onboard(found, person, actorOf(req), today);
    const shown = personFor(req.user!, record);
    const { orgId, name: orgName } = found.org.org;
    const { quotaType, notice, channel } = found.plan;
    return {
      status: 201,
      body: {
        person: shown,
        forms: {
          intakeApproval: intakeApproval({ orgId, orgName, notice: notice?.number, channel, quotaType, name: record.name, gender: record.gender, post: record.post, onRollSince: record.onRollSince }),
          establishmentCard: establishmentCard({ cardNumber: record.cardNumber, orgName, quotaType, name: record.name, onRollSince: record.onRollSince }),
        },
      },
    };
  },
});
