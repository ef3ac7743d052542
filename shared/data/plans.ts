/**
 * Staffing plans (用编计划): the plan record, its audit chain and its status transitions. A plan
 * whose status is open (pre-review, pending approval) is listed in the open-plans index, which
 * the workflow sweep reads to find a plan whose workflow is not running.
 */
import { randomBytes } from 'node:crypto';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { OPEN_PLAN_STATUSES, type Plan } from '../schemas/plans.ts';
import { ddb } from './ddb.ts';
import { type IdempotencyRef, idempotencyPut } from './idempotency.ts';
import { keys, recordOf } from './keys.ts';
import { executionArn, sfn } from './sfn.ts';
import { type Actor, freshAfterFirst, type TransactItem, writeAudited } from './write.ts';

const table = () => config.tableName('matters');

export const newPlanId = () => `plan-${randomBytes(8).toString('hex')}`;
export const planChain = (planId: string) => ({ kind: 'plan' as const, id: planId });
export const isOpen = (status: Plan['status']) => (OPEN_PLAN_STATUSES as readonly string[]).includes(status);

/** The plan's item: listed under its unit, and among the open plans while its workflow should run. */
export const planItem = (plan: Plan) => ({
  ...keys.plan(plan.planId),
  ...keys.planIndex(plan.orgId, plan.submittedAt),
  ...(isOpen(plan.status) ? keys.openPlanIndex(plan.revisedAt ?? plan.submittedAt, plan.planId) : {}),
  ...plan,
});

/**
 * The plan's Put, only if its status is still the one it was read with (and, for an approved
 * plan, its notice's use: on-establishment changes that without a status change).
 */
export const planPut = (plan: Plan, from: Pick<Plan, 'status' | 'notice'>): TransactItem => ({
  Put: {
    TableName: table(),
    Item: planItem(plan),
    ConditionExpression: from.notice ? '#s = :s AND notice.used = :used' : '#s = :s',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':s': from.status, ...(from.notice ? { ':used': from.notice.used } : {}) },
  },
});

/** The execution of a plan's current revision, by its ASCII business name. */
export const executionArnOf = (plan: Pick<Plan, 'executionName'>) => executionArn(config.stateMachineArn('staffing-plan'), plan.executionName);

/** Starts the plan's execution by its name (an ASCII business key): a no-op answer when that start was made. */
export const startPlanWorkflow = async (plan: Pick<Plan, 'planId' | 'executionName'>): Promise<void> => {
  await sfn().send(
    new StartExecutionCommand({
      stateMachineArn: config.stateMachineArn('staffing-plan'),
      name: plan.executionName,
      input: JSON.stringify({ planId: plan.planId }),
    }),
  );
};

export const plansRepo = {
  async get(planId: string): Promise<Plan | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: keys.plan(planId), ConsistentRead: true }));
    return out.Item ? recordOf<Plan>(out.Item) : undefined;
  },

  async require(planId: string): Promise<Plan> {
    const p = await this.get(planId);
    if (!p) throw new NotFoundError(`No plan ${planId}`, `没有用编计划 ${planId}`);
    return p;
  },

  async listByOrg(orgId: string, limit = 50): Promise<Plan[]> {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.planIndexPk(orgId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => recordOf<Plan>(i));
  },

  /** Open plans (re)started before `before` (an ISO time), oldest first, one page at a time. */
  async openPlans(before: string, start?: Record<string, unknown>) {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p AND gsi2sk < :before',
        ExpressionAttributeValues: { ':p': keys.openPlansPk, ':before': before },
        ExclusiveStartKey: start,
        Limit: 100,
      }),
    );
    return { items: (out.Items ?? []).map((i) => recordOf<Plan>(i)), next: out.LastEvaluatedKey };
  },

  /**
   * Records a submitted plan and the reply to its Idempotency-Key in one transaction: a second
   * submission with the same key finds the first plan, never makes a second.
   */
  async create(plan: Plan, idem: IdempotencyRef, actor: Actor): Promise<Plan> {
    await writeAudited(() => ({
      items: {
        plan: { Put: { TableName: table(), Item: planItem(plan), ConditionExpression: 'attribute_not_exists(pk)' } },
        idempotency: idempotencyPut(idem, { planId: plan.planId }),
      },
      chains: [
        {
          headItem: {},
          audit: { chain: planChain(plan.planId), actor, entityType: 'plan', entityId: plan.planId, action: 'submit', before: null, after: plan },
        },
      ],
      refuse: () => new ConflictError('This Idempotency-Key was used a moment ago', '该幂等键刚刚已被使用', 'IDEMPOTENCY_RACE'),
    }));
    return plan;
  },

  /**
   * A change of the plan, recorded on its chain, made only from the statuses given and decided
   * on the plan as it is now. `change` returns the patch (or undefined: nothing to do, e.g. a
   * step delivered again) and may add items to the same transaction (a message to the unit).
   * Returns the plan after the change (or as it is), and whether this call changed it. `known`
   * is the plan as the caller read it (a route's prefetch), used on the first attempt only.
   */
  async transition(
    planId: string,
    from: readonly Plan['status'][],
    change: (plan: Plan) => { patch: Partial<Plan>; action: string; items?: Record<string, TransactItem>; reason?: string } | undefined,
    actor: Actor,
    known?: Plan,
  ): Promise<{ plan: Plan; changed: boolean }> {
    let result: { plan: Plan; changed: boolean } | undefined;
    await writeAudited(async (attempt) => {
      const before = await freshAfterFirst(attempt, known, () => this.require(planId));
      result = { plan: before, changed: false };
      if (!from.includes(before.status)) return undefined;
      const c = change(before);
      if (!c) return undefined;
      const after = { ...before, ...c.patch };
      result = { plan: after, changed: true };
      return {
        items: { plan: planPut(after, before), ...c.items },
        chains: [
          {
            audit: {
              chain: planChain(planId),
              actor,
              entityType: 'plan',
              entityId: planId,
              action: c.action,
              before: { status: before.status },
              after: c.patch,
              reason: c.reason,
            },
          },
        ],
        refuse: () => 'retry',
      };
    });
    return result!;
  },
};
