/**
 * Staffing plans (用编计划) and their approval tasks. A plan has its own audit chain; reserving
 * its slots also moves the organization's chain, in the same transaction.
 */
import { createHash, randomBytes } from 'node:crypto';
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { nowIso } from '../clock.ts';
import { noticeNumber, noticeValidUntil } from '../domain/plans/rules.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { ApprovalTask, Plan } from '../schemas/plans.ts';
import type { Person } from '../schemas/registry.ts';
import { ddb } from './ddb.ts';
import { keys } from './keys.ts';
import { activeCheck, joiningPersonPut, personIdFor, registryRepo, type OrgWithCounter } from './registry.ts';
import { releasePost } from '../domain/registry/establishment.ts';
import { writeChains, writeWithAudit, type Actor, type TransactItem } from './write.ts';

const matters = () => config.tableName('matters');
const registry = () => config.tableName('registry');

const strip = <T>(item: Record<string, any>): T => {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, token: _t, ...rest } = item;
  return rest as T;
};

export const newPlanId = () => `plan-${randomBytes(8).toString('hex')}`;
/** One task per plan revision, section and position: a redelivered step finds its task again. */
export const taskIdFor = (planId: string, revision: number, index: number) => `task-${planId.slice(5)}r${revision}i${index}`;

const planChain = (planId: string) => ({ kind: 'plan' as const, id: planId });

export const plansRepo = {
  async get(planId: string): Promise<Plan | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: matters(), Key: keys.plan(planId), ConsistentRead: true }));
    return out.Item ? strip<Plan>(out.Item) : undefined;
  },

  async require(planId: string): Promise<Plan> {
    const p = await this.get(planId);
    if (!p) throw new NotFoundError(`No plan ${planId}`, `没有用编计划 ${planId}`);
    return p;
  },

  async listByOrg(orgId: string, limit = 50): Promise<Plan[]> {
    const out = await ddb().send(
      new QueryCommand({ TableName: matters(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': keys.planIndexPk(orgId) }, ScanIndexForward: false, Limit: limit }),
    );
    return (out.Items ?? []).map((i) => strip<Plan>(i));
  },

  /**
   * Records a submitted plan and the reply to its Idempotency-Key in one transaction: a second
   * submission with the same key finds the first plan, never makes a second.
   */
  async create(plan: Plan, idem: { scope: string; userId: string; key: string; requestHash: string }, actor: Actor): Promise<Plan> {
    await writeWithAudit({
      items: [
        { Put: { TableName: matters(), Item: { ...keys.plan(plan.planId), ...keys.planIndex(plan.orgId, plan.submittedAt), ...plan }, ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            TableName: config.tableName('config'),
            Item: { ...keys.idempotency(idem.scope, idem.userId, idem.key), requestHash: idem.requestHash, planId: plan.planId, expiresAt: Math.floor(Date.now() / 1000) + 7 * 86_400 },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      audit: { chain: planChain(plan.planId), actor, entityType: 'plan', entityId: plan.planId, action: 'submit', before: null, after: plan },
      onConditionFailed: () => new ConflictError('This Idempotency-Key was used a moment ago', '该幂等键刚刚已被使用', 'IDEMPOTENCY_RACE'),
    });
    return plan;
  },

  async idempotentReply(scope: string, userId: string, key: string) {
    const out = await ddb().send(new GetCommand({ TableName: config.tableName('config'), Key: keys.idempotency(scope, userId, key), ConsistentRead: true }));
    return out.Item as { requestHash: string; planId: string } | undefined;
  },

  /** A step's change to the plan, recorded on its chain, allowed only from the statuses given. */
  async update(planId: string, from: Plan['status'][], patch: Partial<Plan>, action: string, actor: Actor): Promise<Plan> {
    const before = await this.require(planId);
    if (!from.includes(before.status)) return before; // a redelivered step: already applied
    const after = { ...before, ...patch };
    await writeWithAudit({
      items: [
        {
          Put: {
            TableName: matters(),
            Item: { ...keys.plan(planId), ...keys.planIndex(after.orgId, after.submittedAt), ...after },
            ConditionExpression: '#s = :s',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':s': before.status },
          },
        },
      ],
      audit: { chain: planChain(planId), actor, entityType: 'plan', entityId: planId, action, before: { status: before.status }, after: patch },
      onConditionFailed: () => new ConflictError('The plan changed meanwhile', '用编计划已变化', 'STALE_PLAN'),
    });
    return after;
  },

  /** Blocking records of the unit and of its department (supervision letters, problems, suspensions). */
  async blocks(orgIds: string[]) {
    const out = await Promise.all(
      [...new Set(orgIds)].map((id) =>
        ddb().send(new QueryCommand({ TableName: registry(), KeyConditionExpression: 'pk = :pk AND begins_with(sk, :b)', ExpressionAttributeValues: { ':pk': keys.org(id).pk, ':b': keys.blockPrefix } })),
      ),
    );
    return out.flatMap((o) => o.Items ?? []) as { kind: string; reason: string; reasonZh?: string; orgId: string }[];
  },

  async rosterCount(orgId: string): Promise<number> {
    let n = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await ddb().send(
        new QueryCommand({
          TableName: registry(),
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :p',
          FilterExpression: '#s = :on',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':p': keys.rosterIndexPk(orgId), ':on': 'onRoll' },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      n += out.Count ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
    return n;
  },

  /**
   * Reserves an approved plan's slots (核准未入编) and issues its approval notice, in one
   * transaction across the organization's chain, the plan's chain and the notice counter.
   * Returns false, changing nothing, when the vacancy went meanwhile.
   */
  async reserve(plan: Plan, org: OrgWithCounter, approvedOn: string, actor: Actor): Promise<{ reserved: boolean; plan: Plan }> {
    const year = Number(approvedOn.slice(0, 4));
    for (let attempt = 0; attempt < 20; attempt++) {
      const counter = (await ddb().send(new GetCommand({ TableName: config.tableName('config'), Key: keys.noticeCounter(year), ConsistentRead: true }))).Item;
      const n = Number(counter?.value ?? 0) + 1;
      const notice = { number: noticeNumber(year, n), validUntil: noticeValidUntil(approvedOn), reserved: plan.count, used: 0 };
      const after: Plan = { ...plan, status: 'approved', notice };
      const items: TransactItem[] = [
        {
          Put: {
            TableName: config.tableName('config'),
            Item: { ...keys.noticeCounter(year), value: n },
            ConditionExpression: n === 1 ? 'attribute_not_exists(pk)' : '#v = :prev',
            ExpressionAttributeNames: n === 1 ? undefined : { '#v': 'value' },
            ExpressionAttributeValues: n === 1 ? undefined : { ':prev': n - 1 },
          },
        },
        {
          Put: {
            TableName: matters(),
            Item: { ...keys.plan(plan.planId), ...keys.planIndex(plan.orgId, plan.submittedAt), ...after },
            ConditionExpression: '#s = :pending',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':pending': 'pendingApproval' },
          },
        },
        activeCheck(plan.orgId),
        // The daily job releases what is unused once the notice is no longer valid.
        { Put: { TableName: matters(), Item: { ...keys.lapseQueue(notice.validUntil, plan.planId), planId: plan.planId, orgId: plan.orgId } } },
      ];
      try {
        await writeChains(
          items,
          [
            {
              headItem: org.counter,
              head: { set: ['reserved.#t = reserved.#t + :n', 'vacancy.#t = vacancy.#t - :n'], condition: 'vacancy.#t >= :n', names: { '#t': plan.quotaType }, values: { ':n': plan.count } },
              audit: [{ chain: { kind: 'org', orgId: plan.orgId }, actor, entityType: 'reservation', entityId: plan.planId, action: 'reserve', before: { vacancy: org.counter.vacancy[plan.quotaType] }, after: { quotaType: plan.quotaType, reserved: plan.count, notice: notice.number } }],
            },
            { audit: [{ chain: planChain(plan.planId), actor, entityType: 'plan', entityId: plan.planId, action: 'approve', before: { status: plan.status }, after: { status: 'approved', notice } }] },
          ],
          (where, current) => new ConflictError(String(where), String(current?.index ?? ''), where === 'items' ? `ITEM_${current.index}` : `HEAD_${where}`),
        );
        return { reserved: true, plan: after };
      } catch (e) {
        if (!(e instanceof ConflictError)) throw e;
        if (e.code === 'ITEM_0') continue; // another notice was numbered meanwhile: take the next number
        if (e.code === 'HEAD_0' || e.code === 'ITEM_2') return { reserved: false, plan };
        if (e.code === 'ITEM_1') {
          // No longer pending: reserved by an earlier delivery of this step, or withdrawn meanwhile.
          const now = (await this.get(plan.planId))!;
          return { reserved: now.status === 'approved', plan: now };
        }
        throw e;
      }
    }
    throw new ConflictError('Could not number the approval notice', '无法为通知单编号', 'NOTICE_NUMBER');
  },

  /** Plans whose approval notice expired before `asOf` (YYYY-MM-DD), oldest first. */
  async lapsing(asOf: string): Promise<{ planId: string; orgId: string; sk: string }[]> {
    const out = await ddb().send(
      new QueryCommand({ TableName: matters(), KeyConditionExpression: 'pk = :p AND sk < :until', ExpressionAttributeValues: { ':p': keys.lapseQueuePk, ':until': asOf } }),
    );
    return (out.Items ?? []) as { planId: string; orgId: string; sk: string }[];
  },

  /**
   * Releases the unused slots of a plan whose notice expired: the counters (reserved −n,
   * vacancy +n), the plan, the queue entry and a message to the unit, in one transaction on
   * the organization's and the plan's chains. Safe to run twice.
   */
  async lapse(entry: { planId: string; orgId: string; sk: string }, actor: Actor): Promise<{ released: number }> {
    const plan = await this.require(entry.planId);
    const dequeue: TransactItem = { Delete: { TableName: matters(), Key: { pk: keys.lapseQueuePk, sk: entry.sk } } };
    const unused = plan.notice ? plan.notice.reserved - plan.notice.used : 0;
    if (plan.status !== 'approved' || unused <= 0) {
      await ddb().send(new DeleteCommand({ TableName: matters(), Key: { pk: keys.lapseQueuePk, sk: entry.sk } }));
      return { released: 0 };
    }
    const org = await registryRepo.requireOrg(plan.orgId);
    const at = nowIso();
    const message = {
      kind: 'reservationLapsed',
      planId: plan.planId,
      notice: plan.notice!.number,
      released: unused,
      message: `Approval notice ${plan.notice!.number} expired on ${plan.notice!.validUntil}: ${unused} unused ${plan.quotaType} slots were released`,
      messageZh: `核准使用编制通知单 ${plan.notice!.number} 已于 ${plan.notice!.validUntil} 到期，未使用的 ${unused} 名编制已释放`,
      at,
    };
    await writeChains(
      [
        {
          Update: {
            TableName: matters(),
            Key: keys.plan(plan.planId),
            UpdateExpression: 'SET #s = :lapsed, notice.released = :n',
            ConditionExpression: '#s = :approved AND notice.used = :used',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':lapsed': 'lapsed', ':n': unused, ':approved': 'approved', ':used': plan.notice!.used },
          },
        },
        dequeue,
        { Put: { TableName: matters(), Item: { ...keys.notification(plan.orgId, at, plan.planId), ...message } } },
      ],
      [
        {
          headItem: org.counter,
          head: { set: ['reserved.#t = reserved.#t - :n', 'vacancy.#t = vacancy.#t + :n'], condition: 'reserved.#t >= :n', names: { '#t': plan.quotaType }, values: { ':n': unused } },
          audit: [{ chain: { kind: 'org', orgId: plan.orgId }, actor, entityType: 'reservation', entityId: plan.planId, action: 'lapse', before: { reserved: unused }, after: { reserved: 0 }, reason: message.messageZh }],
        },
        { audit: [{ chain: planChain(plan.planId), actor, entityType: 'plan', entityId: plan.planId, action: 'lapse', before: { status: 'approved' }, after: { status: 'lapsed', released: unused } }] },
      ],
      () => new ConflictError('The plan changed while its reservation lapsed; the next run will see it', '释放时用编计划已变化', 'STALE_PLAN'),
    );
    return { released: unused };
  },

  async notifications(orgId: string) {
    const out = await ddb().send(
      new QueryCommand({ TableName: matters(), KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': keys.notificationPk(orgId) }, ScanIndexForward: false, Limit: 100 }),
    );
    return (out.Items ?? []).map(({ pk: _p, sk: _s, ...rest }) => rest);
  },

  // ---------- approval tasks ----------

  async openTask(t: { taskId: string; planId: string; sectionId: string; token: string; dueAt: string; escalated?: boolean }): Promise<ApprovalTask> {
    const task = { taskId: t.taskId, planId: t.planId, sectionId: t.sectionId, status: t.escalated ? 'escalated' : 'pending', openedAt: nowIso(), dueAt: t.dueAt } as ApprovalTask;
    await ddb().send(
      new PutCommand({
        TableName: matters(),
        // The token lives in our record; a decision is recorded here before the callback.
        Item: { ...keys.task(t.taskId), ...keys.taskIndex(t.sectionId, t.dueAt, t.taskId), ...task, token: t.token },
        ConditionExpression: 'attribute_not_exists(pk) OR #s IN (:p, :e)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':p': 'pending', ':e': 'escalated' },
      }),
    ).catch((e: Error) => {
      if (e.name !== 'ConditionalCheckFailedException') throw e;
    });
    return task;
  },

  async getTask(taskId: string): Promise<(ApprovalTask & { token: string }) | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: matters(), Key: keys.task(taskId), ConsistentRead: true }));
    return out.Item ? ({ ...strip<ApprovalTask>(out.Item), token: out.Item.token } as ApprovalTask & { token: string }) : undefined;
  },

  async openTasks(sectionId: string): Promise<ApprovalTask[]> {
    const out = await ddb().send(
      new QueryCommand({
        TableName: matters(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        FilterExpression: '#s IN (:p1, :e)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':p': keys.taskIndexPk(sectionId), ':p1': 'pending', ':e': 'escalated' },
      }),
    );
    return (out.Items ?? []).map((i) => strip<ApprovalTask>(i));
  },

  /** Closes the open tasks of a plan revision (withdrawn): they leave the sections' lists. */
  async closeTasks(plan: Plan): Promise<void> {
    await Promise.all(
      plan.sections.map((_, i) =>
        ddb()
          .send(
            new UpdateCommand({
              TableName: matters(),
              Key: keys.task(taskIdFor(plan.planId, plan.revision, i)),
              UpdateExpression: 'SET #s = :w REMOVE gsi1pk, gsi1sk',
              ConditionExpression: '#s IN (:p, :e)',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':w': 'withdrawn', ':p': 'pending', ':e': 'escalated' },
            }),
          )
          .catch((e: Error) => {
            if (e.name !== 'ConditionalCheckFailedException') throw e;
          }),
      ),
    );
  },

  /** Records a decision once; a second click finds it recorded and is answered from our record. */
  async recordDecision(task: ApprovalTask, decision: { decision: string; opinion: string }, actor: Actor): Promise<void> {
    await writeWithAudit({
      items: [
        {
          Update: {
            TableName: matters(),
            Key: keys.task(task.taskId),
            UpdateExpression: 'SET #s = :d, decision = :dec, opinion = :op, decidedBy = :by, decidedAt = :at REMOVE gsi1pk, gsi1sk',
            ConditionExpression: '#s IN (:p, :e)',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':d': 'decided', ':dec': decision.decision, ':op': decision.opinion, ':by': actor.userId, ':at': nowIso(), ':p': 'pending', ':e': 'escalated' },
          },
        },
      ],
      audit: { chain: planChain(task.planId), actor, entityType: 'approvalTask', entityId: task.taskId, action: 'decide', before: { status: task.status }, after: { sectionId: task.sectionId, ...decision } },
      onConditionFailed: () => new ConflictError('This task was already decided', '该审批事项已办理', 'ALREADY_DECIDED'),
    });
  },

  /**
   * 调动: a person leaves one roster and takes a slot reserved by the receiving unit's approved
   * plan, in one transaction on both organizations' chains: the person, both counters (a post
   * held is freed), and the plan's use.
   */
  async transfer(person: Person, from: OrgWithCounter, to: OrgWithCounter, plan: Plan, date: string, actor: Actor, today: string): Promise<Person> {
    const after = { ...person, orgId: to.org.orgId, quotaType: plan.quotaType, onRollSince: date, postGrade: undefined, postTrack: undefined, postSince: undefined, planId: plan.planId };
    const fromSet = ['onRoll.#t = onRoll.#t - :one', 'vacancy.#t = vacancy.#t + :one'];
    const fromNames: Record<string, string> = { '#t': person.quotaType };
    if (person.postGrade && person.postTrack) {
      const freed = releasePost({ grade: person.postGrade, track: person.postTrack }, 'p');
      fromSet.push(...freed.set);
      Object.assign(fromNames, freed.names);
    }
    await writeChains(
      [
        {
          Put: {
            TableName: registry(),
            Item: { ...keys.person(person.personId), ...keys.rosterIndex(to.org.orgId, person.personId), ...after },
            ConditionExpression: 'orgId = :from AND #st = :on',
            ExpressionAttributeNames: { '#st': 'status' },
            ExpressionAttributeValues: { ':from': from.org.orgId, ':on': 'onRoll' },
          },
        },
        {
          Update: {
            TableName: matters(),
            Key: keys.plan(plan.planId),
            UpdateExpression: 'SET notice.used = notice.used + :one',
            ConditionExpression: '#s = :approved AND orgId = :to AND notice.used < notice.reserved AND notice.validUntil >= :today',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':one': 1, ':approved': 'approved', ':to': to.org.orgId, ':today': today },
          },
        },
      ],
      [
        {
          headItem: from.counter,
          head: { set: fromSet, names: fromNames, values: { ':one': 1 } },
          audit: [{ chain: { kind: 'org', orgId: from.org.orgId }, actor, entityType: 'person', entityId: person.personId, action: 'transferOut', before: { orgId: from.org.orgId, quotaType: person.quotaType }, after: { orgId: to.org.orgId, date } }],
        },
        {
          headItem: to.counter,
          head: { set: ['reserved.#t = reserved.#t - :one', 'onRoll.#t = onRoll.#t + :one'], condition: 'reserved.#t >= :one', names: { '#t': plan.quotaType }, values: { ':one': 1 } },
          audit: [{ chain: { kind: 'org', orgId: to.org.orgId }, actor, entityType: 'person', entityId: person.personId, action: 'transferIn', before: { orgId: from.org.orgId }, after: { orgId: to.org.orgId, quotaType: plan.quotaType, notice: plan.notice?.number, date } }],
        },
      ],
      (where) =>
        where === 'items'
          ? new ConflictError('No reserved slot of the receiving plan is left (used up, lapsed, or not the receiving unit’s), or the person moved meanwhile', '接收单位的用编计划已无可用名额（已用完、已过期或不属于接收单位），或人员已变动', 'NO_RESERVED_SLOT')
          : new ConflictError('No reserved slot is left at the receiving unit', '接收单位已无核准未入编名额', 'NO_RESERVED_SLOT'),
    );
    return after as Person;
  },

  // ---------- on-establishment ----------

  /** The plan, its organization and the organization's counter: one consistent round trip across both tables. */
  async planWithOrg(planId: string, orgId: string): Promise<{ plan: Plan; org: OrgWithCounter } | undefined> {
    const out = await ddb().send(
      new BatchGetCommand({
        RequestItems: {
          [matters()]: { Keys: [keys.plan(planId)], ConsistentRead: true },
          [registry()]: { Keys: [keys.org(orgId), keys.orgCounter(orgId)], ConsistentRead: true },
        },
      }),
    );
    const planItem = out.Responses?.[matters()]?.[0];
    const items = out.Responses?.[registry()] ?? [];
    const org = items.find((i) => i.sk === 'ORG');
    const counter = items.find((i) => i.sk === 'COUNTER');
    if (!planItem || planItem.orgId !== orgId || !org || !counter) return undefined;
    return { plan: strip<Plan>(planItem), org: { org: org as never, counter: counter as never } };
  },

  /**
   * 上编: a named person takes one of the plan's reserved slots. The person's record, the plan's
   * use, the counters (reserved −1, on-roll +1) and the audit entry are one transaction.
   */
  async onboard(plan: Plan, org: OrgWithCounter, person: Omit<Person, 'personId' | 'orgId' | 'status'>, actor: Actor, today: string): Promise<Person & { cardNumber: string }> {
    const personId = personIdFor(person.nationalId);
    const cardNumber = `BZK-${plan.orgId}-${createHash('sha256').update(`${plan.planId}:${personId}`).digest('hex').slice(0, 10).toUpperCase()}`;
    const record = { personId, orgId: plan.orgId, status: 'onRoll' as const, ...person, planId: plan.planId, cardNumber };
    await writeWithAudit({
      items: [
        joiningPersonPut(record),
        {
          Update: {
            TableName: matters(),
            Key: keys.plan(plan.planId),
            UpdateExpression: 'SET notice.used = notice.used + :one',
            ConditionExpression: '#s = :approved AND notice.used < notice.reserved AND notice.validUntil >= :today',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':one': 1, ':approved': 'approved', ':today': today },
          },
        },
      ],
      head: { set: ['reserved.#t = reserved.#t - :one', 'onRoll.#t = onRoll.#t + :one'], condition: 'reserved.#t >= :one', names: { '#t': plan.quotaType }, values: { ':one': 1 } },
      headItem: org.counter,
      audit: { chain: { kind: 'org', orgId: plan.orgId }, actor, entityType: 'person', entityId: personId, action: 'onboard', before: null, after: { ...record, notice: plan.notice?.number } },
      onConditionFailed: (where) =>
        where === 0
          ? new ConflictError('This person already holds an establishment slot in the city', '此人已在本市占用编制，不能重复入编', 'DUPLICATE_PERSON')
          : new ConflictError('No reserved slot of this plan is left (used up, lapsed or not approved)', '该用编计划已无可用的核准名额（已用完、已过期或未核准）', 'NO_RESERVED_SLOT'),
    });
    return record;
  },
};
