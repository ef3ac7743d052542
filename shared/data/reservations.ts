/**
 * Reservations (核准未入编): an approved plan's slots are reserved with a numbered approval
 * notice (核准使用编制通知单), and what is unused when the notice expires is released. Each is
 * one transaction across the organization's chain and the plan's chain.
 */
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { QUOTA_TYPE_LABELS } from '../domain/labels.ts';
import { noticeValidUntil } from '../domain/plans/rules.ts';
import type { Plan } from '../schemas/plans.ts';
import { ddb } from './ddb.ts';
import { keys } from './keys.ts';
import { notificationPut } from './notifications.ts';
import { issueNumber } from './numbering.ts';
import { planChain, planPut, plansRepo } from './plans.ts';
import { activeCheck, registryRepo } from './registry.ts';
import { type Actor, writeAudited } from './write.ts';

const matters = () => config.tableName('matters');

export interface LapseEntry {
  planId: string;
  orgId: string;
  sk: string;
}

/**
 * Reserves an approved plan's slots and issues its approval notice, numbered gaplessly in the
 * year. Returns false, changing nothing, when the vacancy went meanwhile or the organization
 * was abolished; true when the plan is (or already was) approved.
 */
export const reserveSlots = async (planId: string, approvedOn: string, actor: Actor): Promise<{ reserved: boolean; plan: Plan }> => {
  const year = Number(approvedOn.slice(0, 4));
  let outcome: { reserved: boolean; plan: Plan } | undefined;
  await writeAudited(async () => {
    const plan = await plansRepo.require(planId);
    if (plan.status !== 'pendingApproval') {
      outcome = { reserved: plan.status === 'approved', plan };
      return undefined;
    }
    const org = await registryRepo.requireOrg(plan.orgId);
    if (org.org.status !== 'active' || org.counter.vacancy[plan.quotaType] < plan.count) {
      outcome = { reserved: false, plan };
      return undefined;
    }
    const number = await issueNumber('staffingNotice', year, { kind: 'plan', id: plan.planId });
    const notice = { number: number.number, validUntil: noticeValidUntil(approvedOn), reserved: plan.count, used: 0 };
    const after: Plan = { ...plan, status: 'approved', notice };
    outcome = { reserved: true, plan: after };
    return {
      items: {
        ...number.items,
        plan: planPut(after, plan),
        active: activeCheck(plan.orgId),
        // The daily job releases what is unused once the notice is no longer valid.
        lapseQueue: { Put: { TableName: matters(), Item: { ...keys.lapseQueue(notice.validUntil, plan.planId), planId: plan.planId, orgId: plan.orgId } } },
      },
      chains: [
        {
          headItem: org.counter,
          head: {
            set: ['reserved.#t = reserved.#t + :n', 'vacancy.#t = vacancy.#t - :n'],
            condition: 'vacancy.#t >= :n',
            names: { '#t': plan.quotaType },
            values: { ':n': plan.count },
          },
          audit: {
            chain: { kind: 'org', orgId: plan.orgId },
            actor,
            entityType: 'reservation',
            entityId: plan.planId,
            action: 'reserve',
            before: { vacancy: org.counter.vacancy[plan.quotaType] },
            after: { quotaType: plan.quotaType, reserved: plan.count, notice: notice.number },
          },
        },
        {
          audit: {
            chain: planChain(plan.planId),
            actor,
            entityType: 'plan',
            entityId: plan.planId,
            action: 'approve',
            before: { status: plan.status },
            after: { status: 'approved', notice },
          },
        },
      ],
      // Another notice took the number, the vacancy moved, the plan changed: decide again.
      refuse: () => 'retry',
    };
  });
  return outcome!;
};

/** Reservations whose notice expired before `asOf` (YYYY-MM-DD), oldest first, one page at a time. */
export const lapsingPage = async (asOf: string, start?: Record<string, unknown>) => {
  const out = await ddb().send(
    new QueryCommand({
      TableName: matters(),
      KeyConditionExpression: 'pk = :p AND sk < :until',
      ExpressionAttributeValues: { ':p': keys.lapseQueuePk, ':until': asOf },
      ExclusiveStartKey: start,
      Limit: 100,
    }),
  );
  return { items: (out.Items ?? []) as LapseEntry[], next: out.LastEvaluatedKey };
};

/**
 * Releases the unused slots of a plan whose notice expired: the counters (reserved −n,
 * vacancy +n), the plan, the queue entry and a message to the unit, in one transaction on the
 * organization's and the plan's chains. Safe to run twice.
 */
export const lapseReservation = async (entry: LapseEntry, actor: Actor): Promise<{ released: number }> => {
  let released = 0;
  await writeAudited(async () => {
    const plan = await plansRepo.require(entry.planId);
    const unused = plan.notice ? plan.notice.reserved - plan.notice.used : 0;
    if (plan.status !== 'approved' || unused <= 0) {
      // Nothing left to release (used up, or released by an earlier run): only the queue entry goes.
      await ddb().send(new DeleteCommand({ TableName: matters(), Key: { pk: keys.lapseQueuePk, sk: entry.sk } }));
      return undefined;
    }
    const org = await registryRepo.requireOrg(plan.orgId);
    released = unused;
    const notice = plan.notice!;
    const message = {
      kind: 'reservationLapsed',
      planId: plan.planId,
      notice: notice.number,
      released: unused,
      message: `Approval notice ${notice.number} expired on ${notice.validUntil}: ${unused} unused ${plan.quotaType} slots were released`,
      messageZh: `核准使用编制通知单 ${notice.number} 已于 ${notice.validUntil} 到期，未使用的 ${unused} 名${QUOTA_TYPE_LABELS[plan.quotaType]}已释放`,
    };
    return {
      items: {
        plan: planPut({ ...plan, status: 'lapsed', notice: { ...notice, released: unused } as Plan['notice'] }, plan),
        dequeue: { Delete: { TableName: matters(), Key: { pk: keys.lapseQueuePk, sk: entry.sk } } },
        message: notificationPut(plan.orgId, message, plan.planId),
      },
      chains: [
        {
          headItem: org.counter,
          head: {
            set: ['reserved.#t = reserved.#t - :n', 'vacancy.#t = vacancy.#t + :n'],
            condition: 'reserved.#t >= :n',
            names: { '#t': plan.quotaType },
            values: { ':n': unused },
          },
          audit: {
            chain: { kind: 'org', orgId: plan.orgId },
            actor,
            entityType: 'reservation',
            entityId: plan.planId,
            action: 'lapse',
            before: { reserved: unused },
            after: { reserved: 0 },
            reason: message.messageZh,
          },
        },
        {
          audit: {
            chain: planChain(plan.planId),
            actor,
            entityType: 'plan',
            entityId: plan.planId,
            action: 'lapse',
            before: { status: 'approved' },
            after: { status: 'lapsed', released: unused },
          },
        },
      ],
      // Someone took a slot of the plan meanwhile: decide again on what is left.
      refuse: () => 'retry',
    };
  });
  return { released };
};
