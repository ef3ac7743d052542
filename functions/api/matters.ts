import { ExecutionAlreadyExists } from '@aws-sdk/client-sfn';
import { nowIso } from '../../shared/clock.ts';
import { idempotentReply, requestHashOf } from '../../shared/data/idempotency.ts';
import { recordOf, type StoredItem } from '../../shared/data/keys.ts';
import { ledgerItems, reportImplementation } from '../../shared/data/ledger.ts';
import { matterCatalogRepo } from '../../shared/data/matter-catalog.ts';
import { matterExecutionArn, matterExecutionName, mattersRepo, newMatterId, startMatterWorkflow } from '../../shared/data/matters.ts';
import { type OrgRecord, readOrg } from '../../shared/data/org-read.ts';
import { closeMatterTasks } from '../../shared/data/tasks.ts';
import { usersRepo } from '../../shared/data/users.ts';
import { executionHistory } from '../../shared/data/workflow-history.ts';
import { matterForDepartment } from '../../shared/domain/department-view.ts';
import { marksOf, renderFlowChart } from '../../shared/domain/flow-chart.ts';
import { labelIn, MATTER_STATUS_LABELS } from '../../shared/domain/labels.ts';
import { catalogIssues } from '../../shared/domain/matters/catalog-rules.ts';
import { replacedFieldOf } from '../../shared/domain/matters/change.ts';
import { checkIntake, materialIssues, namedMaterials } from '../../shared/domain/matters/intake.ts';
import type { TaskForceMember } from '../../shared/domain/matters/routing.ts';
import { auditEntry, mergeTimeline, workflowEntries } from '../../shared/domain/matters/timeline.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { ConflictError, type FieldIssue, fieldIssue, NotFoundError, ValidationError } from '../../shared/errors.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { apiHandler } from '../../shared/http/api-handler.ts';
import { idempotencyKeyOf, keyReused } from '../../shared/http/idempotency-key.ts';
import { enforceRouteScope } from '../../shared/http/scope.ts';
import { logger } from '../../shared/log.ts';
import { mattersRoutes } from '../../shared/routes/matters.ts';
import { type Matter, type MatterCatalog, type MatterInput, type MatterResubmitInput, OPEN_MATTER_STATUSES } from '../../shared/schemas/matters.ts';
import type { User } from '../../shared/schemas/users.ts';
import { failWithdrawn } from '../../shared/workflows/decisions.ts';
import { matterChart } from '../../shared/workflows/matter-chart.ts';

/** The largest catalog kept: one DynamoDB item (400 KB) with room for its keys and bookkeeping. */
const MAX_CATALOG_BYTES = 300 * 1024;

/** Idempotency keys are scoped per function: all functions share one process on the embedded host. */
const IDEM_SCOPE = 'matters';

/** The matter the route read with the user record (its prefetch), or 404. */
const matterOf = (item: StoredItem | undefined, matterId: string): Matter => {
  if (!item) throw new NotFoundError(`No matter ${matterId}`, `没有机构编制事项 ${matterId}`);
  return recordOf<Matter>(item);
};

/** The materials of a resubmission, held to the type's list as a first submission is. */
const resubmittedMaterials = (matter: Matter, given: { code: string; ref: string }[], catalog: MatterCatalog) => {
  const type = catalog.matterTypes.find((t) => t.typeId === matter.typeId);
  if (!type)
    throw new ValidationError([
      fieldIssue('body.materials', 'unknownType', `the catalog no longer has the type ${matter.typeId}`, '事项目录中已无该事项类型，请联系编办'),
    ]);
  const issues = materialIssues(type, given);
  if (issues.length) throw new ValidationError(issues);
  return namedMaterials(type, given);
};

/**
 * The proposal a unit adds when it first submits a matter the office opened for it: its party
 * group's collective decision and the prior communication, dated as at intake.
 */
const openedProposal = (body: MatterResubmitInput) => {
  const issues: FieldIssue[] = [];
  if (!body.partyGroupDecision)
    issues.push(
      fieldIssue('body.partyGroupDecision', 'required', 'required when the unit first submits an opened matter', '首次报送须填写党组（党委）集体决策'),
    );
  if (!body.priorCommunication)
    issues.push(fieldIssue('body.priorCommunication', 'required', 'required when the unit first submits an opened matter', '首次报送须填写事前沟通情况'));
  const today = todayInShanghai();
  for (const [field, date] of [
    ['partyGroupDecision.date', body.partyGroupDecision?.date],
    ['priorCommunication.date', body.priorCommunication?.date],
  ] as const) {
    if (date && date > today) issues.push(fieldIssue(`body.${field}`, 'future', `${date} is after today (${today})`, `${date} 晚于今天（${today}）`));
  }
  if (issues.length) throw new ValidationError(issues);
  return { partyGroupDecision: body.partyGroupDecision!, priorCommunication: body.priorCommunication! };
};

/** Starts the matter's workflow; a start made already (a replayed request) is the same start. */
const startWorkflow = async (matter: Matter) => {
  try {
    await startMatterWorkflow(matter);
  } catch (e) {
    if (e instanceof ExecutionAlreadyExists) return;
    // The matter is recorded: the workflow sweep starts it if this start was lost.
    logger.error('matter workflow start failed', { matterId: matter.matterId, errorName: (e as Error).name });
  }
};

/** Every revision's execution with its history (undefined where Step Functions has none), oldest first. */
const executionsOf = (m: Matter) =>
  Promise.all(
    Array.from({ length: m.revision }, async (_, i) => {
      const name = matterExecutionName(m.matterId, i + 1);
      return { name, events: await executionHistory(matterExecutionArn({ executionName: name })) };
    }),
  );

/** Roles whose people can sit on a task force: the office's sections. */
const SECTION_ROLES = new Set(['sectionStaff', 'supervisionSection', 'registrationBureau', 'egovCenter']);

/** The task force's people as the office's records have them: each an enabled user of a section. */
const taskForceOf = async (userIds: string[] | undefined): Promise<{ members?: TaskForceMember[]; issues: FieldIssue[] }> => {
  if (!userIds) return { issues: [] };
  const users = await Promise.all(userIds.map((id) => usersRepo.get(id)));
  const issues: FieldIssue[] = [];
  const members = users.flatMap((u, i) => {
    if (!u?.enabled || !SECTION_ROLES.has(u.role) || !u.sectionId) {
      issues.push(fieldIssue(`body.taskForce[${i}]`, 'sectionUser', 'must be an active user of one of the office’s sections', '应为编办业务科室的在岗人员'));
      return [];
    }
    return [{ userId: u.userId, sectionId: u.sectionId }];
  });
  return { members, issues };
};

/** What a change that replaces the unit's functions, internal units or category replaces (matter-issue.ts checks it on issue). */
const basisOf = (kind: Matter['registryChange'], org: OrgRecord): Pick<Matter, 'basis'> => {
  const replaced = replacedFieldOf(kind);
  return replaced ? { basis: { [replaced.field]: org[replaced.field] ?? null } } : {};
};

/** Everything a submission is checked against, read at once: the unit, the catalog, the task force's people. */
type IntakeReads = {
  org: Awaited<ReturnType<typeof readOrg>>;
  catalog: MatterCatalog;
  taskForce: Awaited<ReturnType<typeof taskForceOf>>;
  /** Whatever holds the id a set-up asks for (nothing, if it is free). */
  newOrg: Awaited<ReturnType<typeof readOrg>>;
};

/** The matter as submitted, checked and routed (nothing written yet). */
const intakeOf = (body: MatterInput, user: User, { org, catalog, taskForce, newOrg }: IntakeReads): Matter => {
  // The unit must be one that can still change.
  if (org?.org.status !== 'active') throw new ValidationError([fieldIssue('body.orgId', 'exists', 'no active organization with this id', '没有该在用单位')]);
  const intake = checkIntake(catalog, body, {
    unit: {
      kind: org.org.kind,
      civilServiceManaged: org.org.civilServiceManaged ?? false,
      name: org.org.name,
      approved: org.counter.quota,
      functions: org.org.functions,
      internalUnits: org.org.internalUnits,
      institutionCategory: org.org.institutionCategory,
    },
    today: todayInShanghai(),
    byOffice: user.role !== 'department',
    taskForce: taskForce.members,
  });
  // A member who is not section staff is the issue; the task force then falling short of two sections only repeats it.
  const derived = (i: FieldIssue) => taskForce.issues.length > 0 && i.path.startsWith('body.taskForce');
  const issues = [...taskForce.issues, ...(intake.ok ? [] : intake.issues.filter((i) => !derived(i)))];
  if (newOrg) issues.push(fieldIssue('body.change.newOrgId', 'taken', 'an organization with this id is already registered', '该单位代码已被使用'));
  if (issues.length || !intake.ok) throw new ValidationError(issues);
  const { type, situation, materials, routing } = intake.value;
  const matterId = newMatterId();
  return {
    matterId,
    revision: 1,
    orgId: body.orgId,
    departmentId: org.org.departmentId,
    typeId: type.typeId,
    typeNameZh: type.nameZh,
    class: type.class,
    important: type.important,
    registryChange: type.registryChange,
    title: body.title,
    situation,
    partyGroupDecision: body.partyGroupDecision,
    priorCommunication: body.priorCommunication,
    materials,
    change: body.change,
    ...basisOf(type.registryChange, org.org),
    routing,
    status: 'submitted',
    round: 1,
    stageDue: type.stageDue,
    executionName: matterExecutionName(matterId, 1),
    catalogVersion: catalog.version,
    submittedBy: user.userId,
    submittedAt: nowIso(),
  };
};

/** A matter as the caller may read it: a department without the office's people (department-view.ts). */
const seenBy = (user: User, m: Matter): Matter => (user.role === 'department' ? matterForDepartment(m) : m);

export const handler = apiHandler(mattersRoutes, {
  'GET /matter-catalog': async () => ({ body: await matterCatalogRepo.get() }),

  'PUT /matter-catalog': async (req) => {
    const issues = catalogIssues(req.body);
    // Kept as one item (a DynamoDB item holds 400 KB): refused here, with the reason, rather than by the table.
    const bytes = Buffer.byteLength(JSON.stringify(req.body));
    if (bytes > MAX_CATALOG_BYTES) {
      issues.push(
        fieldIssue(
          'body',
          'tooLarge',
          `the catalog is ${Math.ceil(bytes / 1024)} KB; it may be at most ${MAX_CATALOG_BYTES / 1024} KB`,
          `事项目录过大（${Math.ceil(bytes / 1024)} KB），不能超过 ${MAX_CATALOG_BYTES / 1024} KB`,
        ),
      );
    }
    if (issues.length) throw new ValidationError(issues);
    return { body: await matterCatalogRepo.put(req.body, actorOf(req)) };
  },

  'POST /matters': async (req) => {
    const key = idempotencyKeyOf(req.headers);
    const requestHash = requestHashOf(req.body);
    // One round of reads: a department acts only on its own units (scope), and nothing read is shown before that passes.
    const [prior, , org, catalog, taskForce, newOrg] = await Promise.all([
      idempotentReply(IDEM_SCOPE, req.user.userId, key),
      enforceRouteScope(req.user, 'orgId', req.body.orgId),
      readOrg(req.body.orgId),
      matterCatalogRepo.get(),
      taskForceOf(req.body.taskForce),
      req.body.change.newOrgId ? readOrg(req.body.change.newOrgId) : undefined,
    ]);
    if (prior) {
      if (prior.requestHash !== requestHash) throw keyReused();
      const matter = await mattersRepo.require(prior.matterId!);
      await startWorkflow(matter);
      return { status: 201, body: seenBy(req.user, matter) };
    }
    const matter = intakeOf(req.body, req.user, { org, catalog, taskForce, newOrg });
    try {
      await mattersRepo.create(matter, { scope: IDEM_SCOPE, userId: req.user.userId, key, requestHash }, actorOf(req));
    } catch (e) {
      if (e instanceof ConflictError && e.code === 'IDEMPOTENCY_RACE') {
        const again = await idempotentReply(IDEM_SCOPE, req.user.userId, key);
        if (again && again.requestHash === requestHash) return { status: 201, body: seenBy(req.user, await mattersRepo.require(again.matterId!)) };
      }
      throw e;
    }
    await startWorkflow(matter);
    return { status: 201, body: seenBy(req.user, matter) };
  },

  'GET /matters/{matterId}': async (req) => ({ body: seenBy(req.user, matterOf(req.prefetched.matter as StoredItem | undefined, req.params.matterId)) }),

  'POST /matters/{matterId}/withdraw': async (req) => {
    const actor = actorOf(req);
    // The record first: a step that runs meanwhile finds the matter withdrawn and ends.
    const { matter: after, changed } = await mattersRepo.transition(
      req.params.matterId,
      OPEN_MATTER_STATUSES,
      () => ({ patch: { status: 'withdrawn' }, action: 'withdraw' }),
      actor,
      matterOf(req.prefetched.matter as StoredItem | undefined, req.params.matterId),
    );
    if (!changed) {
      throw new ConflictError(
        `A matter that is ${after.status} cannot be withdrawn`,
        after.status === 'withdrawn' ? '该事项已撤回' : '该事项已办结，不能撤回',
        'NOT_PENDING',
      );
    }
    for (const task of await closeMatterTasks(after, actor)) if (task.token) await failWithdrawn(task.token, task.taskId);
    return { body: seenBy(req.user, after) };
  },

  'POST /matters/{matterId}/resubmit': async (req) => {
    const matter = matterOf(req.prefetched.matter as StoredItem | undefined, req.params.matterId);
    if (matter.status !== 'returned' && matter.status !== 'failed' && matter.status !== 'opened') {
      throw new ConflictError(
        'Only a matter returned for correction (or stopped by an error, or opened by the office) can be (re)submitted',
        '只有被退回补正（或因出错中止、由编办立项待报送）的事项可以提交',
        'NOT_RETURNED',
      );
    }
    const opened = matter.status === 'opened';
    const proposal = opened ? openedProposal(req.body) : {};
    const materials = req.body.materials || opened ? resubmittedMaterials(matter, req.body.materials ?? [], await matterCatalogRepo.get()) : matter.materials;
    const { matter: after, changed } = await mattersRepo.transition(
      matter.matterId,
      ['returned', 'failed', 'opened'],
      (m) => {
        const revision = m.revision + 1;
        const { preReview: _p, proposalReview: _r, opinions: _o, assessment: _a, deliberation: _d, outcome: _x, due: _u, stage: _s, ...kept } = m;
        return {
          patch: {
            ...kept,
            ...proposal,
            revision,
            // An opened matter's first submission is its first round; a return's starts a new one.
            round: m.status === 'opened' ? m.round : m.round + 1,
            status: 'submitted',
            materials,
            correction: req.body.correction,
            revisedAt: nowIso(),
            executionName: `${m.matterId}-r${revision}`,
          },
          replace: true,
          action: 'resubmit',
          reason: req.body.correction,
        };
      },
      actorOf(req),
      matter,
    );
    if (!changed) throw new ConflictError('The matter changed meanwhile: read it again', '事项已变化，请刷新后重试', 'STALE_MATTER');
    await startWorkflow(after);
    return { body: seenBy(req.user, after) };
  },

  'GET /matters/{matterId}/implementation': async (req) => {
    const matter = matterOf(req.prefetched.matter as StoredItem | undefined, req.params.matterId);
    const items = await ledgerItems(matter.matterId);
    return { body: { matterId: matter.matterId, status: matter.status, items, closedAt: matter.implementation?.closedAt } };
  },

  'POST /matters/{matterId}/implementation/{item}': async (req) => {
    matterOf(req.prefetched.matter as StoredItem | undefined, req.params.matterId);
    const { matter, items } = await reportImplementation(req.params.matterId, req.params.item, req.body, actorOf(req));
    return { body: { matterId: matter.matterId, status: matter.status, items, closedAt: matter.implementation?.closedAt } };
  },

  'GET /matters/{matterId}/timeline': async (req) => {
    const m = matterOf(req.prefetched.matter, req.params.matterId);
    const [audit, executions] = await Promise.all([mattersRepo.auditTrail(m.matterId), executionsOf(m)]);
    const workflow = executions.flatMap((x) => (x.events ? workflowEntries(matterChart(), x.name, x.events) : []));
    return {
      body: {
        matterId: m.matterId,
        items: mergeTimeline(
          audit.map((e) => auditEntry(e, req.user.role === 'department' ? 'department' : 'office')),
          workflow,
        ),
        executions: executions.map((x) => ({ name: x.name, history: x.events !== undefined })),
      },
    };
  },

  'GET /matters/{matterId}/flow-chart': async (req) => {
    const m = matterOf(req.prefetched.matter, req.params.matterId);
    const executions = await executionsOf(m);
    const chart = matterChart();
    const marks = marksOf(
      chart,
      executions.map((x) => x.events ?? []),
    );
    const svg = renderFlowChart(chart, marks, {
      title: `业务办理流程图 · ${m.typeNameZh}`,
      subtitle: `${m.title}（${labelIn(MATTER_STATUS_LABELS, m.status, m.status)}）`,
    });
    return {
      raw: svg,
      headers: {
        'content-type': 'image/svg+xml; charset=utf-8',
        // Where the matter stands changes with every step: never served from a cache.
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        // Opened on its own, the picture may run nothing and fetch nothing.
        'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      },
    };
  },

  'GET /organizations/{orgId}/matters': async (req) => ({ body: { items: (await mattersRepo.listByOrg(req.params.orgId)).map((m) => seenBy(req.user, m)) } }),
});
