import { createHash } from 'node:crypto';
import { SendTaskSuccessCommand, StartExecutionCommand, StopExecutionCommand, ExecutionAlreadyExists, TaskTimedOut, TaskDoesNotExist } from '@aws-sdk/client-sfn';
import { config } from '../../shared/config.ts';
import { canonicalJson } from '../../shared/domain/canonical-json.ts';
import { DECISION_LABELS, labelIn, QUOTA_TYPE_LABELS } from '../../shared/domain/labels.ts';
import { establishmentCard, intakeApproval } from '../../shared/domain/forms.ts';
import { approvingSections } from '../../shared/domain/plans/rules.ts';
import { checkPastDate, checkQuotaTypeForKind } from '../../shared/domain/registry/rules.ts';
import { validatePersonIntake } from '../../shared/domain/registry/validate.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { newPlanId, plansRepo } from '../../shared/data/plans.ts';
import { registryRepo } from '../../shared/data/registry.ts';
import { sfn } from '../../shared/data/sfn.ts';
import { nowIso } from '../../shared/clock.ts';
import { ConflictError, ForbiddenError, MalformedRequestError, NotFoundError, ValidationError, fieldIssue } from '../../shared/errors.ts';
import { apiHandler } from '../../shared/http/api-handler.ts';
import { enforceRouteScope, personFor } from '../../shared/http/scope.ts';
import type { ApiRequest } from '../../shared/http/types.ts';
import type { Plan, PlanInput } from '../../shared/schemas/plans.ts';
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

const startWorkflow = async (plan: Plan) => {
  try {
    await sfn().send(new StartExecutionCommand({ stateMachineArn: config.stateMachineArn('staffing-plan'), name: plan.executionName, input: JSON.stringify({ planId: plan.planId }) }));
  } catch (e) {
    // Started already (a replayed request), and perhaps finished: the plan record tells where it stands.
    if (!(e instanceof ExecutionAlreadyExists)) throw e;
  }
};

export const handler = apiHandler('plans', {
  'POST /plans': async (req) => {
    const key = req.headers['idempotency-key'];
    if (!key || !/^[A-Za-z0-9._:-]{8,128}$/.test(key)) {
      throw new MalformedRequestError('An Idempotency-Key header (8–128 letters, digits, . _ : -) is required', '需要 Idempotency-Key 请求头（8–128 位字母、数字或 . _ : -）');
    }
    const body = req.body as PlanInput;
    const requestHash = createHash('sha256').update(canonicalJson(body)).digest('hex');
    const prior = await plansRepo.idempotentReply(IDEM_SCOPE, req.user!.userId, key);
    if (prior) {
      if (prior.requestHash !== requestHash) throw new ValidationError([fieldIssue('headers.idempotency-key', 'reused', 'was used before with a different request', '已用于另一份不同的申请')]);
      const plan = await plansRepo.require(prior.planId);
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
      submittedAt: nowIso(),
      executionName: `${planId}-r1`,
    };
    try {
      await plansRepo.create(plan, { scope: IDEM_SCOPE, userId: req.user!.userId, key, requestHash }, actorOf(req));
    } catch (e) {
      if (e instanceof ConflictError && e.code === 'IDEMPOTENCY_RACE') {
        const again = await plansRepo.idempotentReply(IDEM_SCOPE, req.user!.userId, key);
        if (again && again.requestHash === requestHash) return { status: 201, body: await plansRepo.require(again.planId) };
      }
      throw e;
    }
    await startWorkflow(plan);
    return { status: 201, body: plan };
  },

  'GET /plans/{planId}': async (req) => ({ body: await plansRepo.require(req.params.planId) }),

  'POST /plans/{planId}/withdraw': async (req) => {
    const plan = await plansRepo.require(req.params.planId);
    if (plan.status !== 'preReview' && plan.status !== 'pendingApproval') {
      throw new ConflictError(`A plan that is ${plan.status} cannot be withdrawn`, '该用编计划已办结，不能撤回', 'NOT_PENDING');
    }
    // The record first: a workflow step that runs meanwhile finds the plan withdrawn and leaves it.
    const after = await plansRepo.update(plan.planId, ['preReview', 'pendingApproval'], { status: 'withdrawn' }, 'withdraw', actorOf(req));
    if (after.status !== 'withdrawn') throw new ConflictError('The plan was decided meanwhile', '用编计划已被办结', 'NOT_PENDING');
    await plansRepo.closeTasks(plan);
    const executionArn = `${config.stateMachineArn('staffing-plan').replace(':stateMachine:', ':execution:')}:${plan.executionName}`;
    await sfn().send(new StopExecutionCommand({ executionArn, error: 'Withdrawn', cause: 'withdrawn by the department' })).catch((e: Error) => {
      if (e.name !== 'ExecutionDoesNotExist') throw e;
    });
    return { body: after };
  },

  'POST /plans/{planId}/resubmit': async (req) => {
    const plan = await plansRepo.require(req.params.planId);
    if (plan.status !== 'returned') throw new ConflictError('Only a plan returned for correction can be resubmitted', '只有被退回补正的用编计划可以重新提交', 'NOT_RETURNED');
    const count = req.body.count ?? plan.count;
    const org = await registryRepo.requireOrg(plan.orgId);
    requireVacancy(org.counter.vacancy[plan.quotaType], plan.quotaType, count);
    const revision = plan.revision + 1;
    const after = await plansRepo.update(
      plan.planId,
      ['returned'],
      { revision, count, reason: req.body.reason ?? plan.reason, sections: approvingSections(plan.quotaType, count), status: 'preReview', executionName: `${plan.planId}-r${revision}`, preReview: undefined, decisions: undefined, outcome: undefined },
      'resubmit',
      actorOf(req),
    );
    await startWorkflow(after);
    return { body: after };
  },

  'GET /organizations/{orgId}/plans': async (req) => ({ body: { items: await plansRepo.listByOrg(req.params.orgId) } }),

  'GET /organizations/{orgId}/notifications': async (req) => ({ body: { items: await plansRepo.notifications(req.params.orgId) } }),

  'GET /tasks': async (req) => {
    const section = req.user!.role === 'leader' ? 'leadership' : req.user!.sectionId;
    if (!section) throw new ForbiddenError('Your user record names no section', '您的用户记录没有所属科室');
    return { body: { items: await plansRepo.openTasks(section) } };
  },

  'POST /tasks/{taskId}/decision': async (req) => {
    const task = await plansRepo.getTask(req.params.taskId);
    if (!task) throw new NotFoundError('No such task', '没有该审批事项');
    const mine = req.user!.role === 'leader' ? task.sectionId === 'leadership' : task.sectionId === req.user!.sectionId;
    if (!mine) throw new ForbiddenError('This task belongs to another section', '该审批事项不属于您的科室');
    if (task.status === 'decided') {
      throw new ConflictError(`Already decided: ${task.decision}`, `已办理：${labelIn(DECISION_LABELS, task.decision)}`, 'ALREADY_DECIDED');
    }
    // Recorded first: a second click, or a lost callback, is answered from this record.
    await plansRepo.recordDecision(task, req.body, actorOf(req));
    try {
      await sfn().send(new SendTaskSuccessCommand({ taskToken: task.token, output: JSON.stringify({ ...req.body, sectionId: task.sectionId, by: req.user!.userId, at: nowIso() }) }));
    } catch (e) {
      if (e instanceof TaskTimedOut || e instanceof TaskDoesNotExist) {
        throw new ConflictError('Too late: this step timed out and was escalated', '已超过办理时限，事项已提交领导', 'TASK_CLOSED');
      }
      throw e;
    }
    return { body: { ...task, token: undefined, status: 'decided', ...req.body } };
  },

  'POST /people/{personId}/transfer': async (req) => {
    const person = await registryRepo.getPerson(req.params.personId);
    if (!person || person.status !== 'onRoll') throw new NotFoundError('No such person on a roster', '没有此在编人员');
    if (req.body.toOrgId === person.orgId) throw new ValidationError([fieldIssue('body.toOrgId', 'same', 'is the unit they are already in', '与现单位相同')]);
    const today = todayInShanghai();
    const date = checkPastDate(req.body.date, 'body.date', today);
    if (!date.ok) throw new ValidationError([date.issue]);
    const [from, target] = await Promise.all([registryRepo.requireOrg(person.orgId), plansRepo.planWithOrg(req.body.planId, req.body.toOrgId)]);
    if (!target) throw new ValidationError([fieldIssue('body.planId', 'exists', 'no such plan of the receiving unit', '接收单位没有此用编计划')]);
    const kind = checkQuotaTypeForKind(target.plan.quotaType, target.org.org.kind, target.org.org.civilServiceManaged, 'body.planId');
    if (!kind.ok) throw new ValidationError([kind.issue]);
    const after = await plansRepo.transfer(person, from, target.org, target.plan, req.body.date, actorOf(req), today);
    return { body: personFor(req.user!, after) };
  },

  'POST /organizations/{orgId}/plans/{planId}/people': async (req) => {
    const found = await plansRepo.planWithOrg(req.params.planId, req.params.orgId);
    if (!found) throw new NotFoundError('No such plan for this organization', '该单位没有此用编计划');
    const today = todayInShanghai();
    const person = validatePersonIntake({ ...req.body, quotaType: found.plan.quotaType }, found.org.org, today);
    const record = await plansRepo.onboard(found.plan, found.org, person, actorOf(req), today);
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
