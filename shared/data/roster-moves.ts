/**
 * People taking slots reserved by approved plans: on-establishment (上编) of a named person, and
 * transfer (调动) between units, which the receiving unit (or the office) asks and the sending
 * unit (or the office) releases, so no unit can take another's reserved slot, or another's
 * person, alone. Each move is one transaction on the organizations' chains.
 */
import { createHash, randomBytes } from 'node:crypto';
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import { releasePost } from '../domain/registry/establishment.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.ts';
import type { Plan, TransferRequest } from '../schemas/plans.ts';
import type { Person } from '../schemas/registry.ts';
import { ddb } from './ddb.ts';
import { keys, recordOf, type StoredItem } from './keys.ts';
import { notificationPut } from './notifications.ts';
import { planChain } from './plans.ts';
import {
  abolished,
  activeCheck,
  duplicatePerson,
  joiningPersonPut,
  type OrgWithCounter,
  onRollPersonPut,
  orgOfItems,
  personIdFor,
  registryRepo,
} from './registry.ts';
import { type Actor, freshAfterFirst, type TransactItem, writeAudited } from './write.ts';

const matters = () => config.tableName('matters');
const registry = () => config.tableName('registry');

export interface PlanWithOrg {
  plan: Plan;
  org: OrgWithCounter;
}

/** A plan of `orgId` with the organization and its counter, from their items (as a route prefetched them); undefined when any is missing or the plan is another unit's. */
export const planWithOrgOfItems = (items: { plan?: StoredItem; org?: StoredItem; counter?: StoredItem }, orgId: string): PlanWithOrg | undefined => {
  const org = orgOfItems(items.org, items.counter);
  if (!items.plan || items.plan.orgId !== orgId || !org) return undefined;
  return { plan: recordOf<Plan>(items.plan), org };
};

/** The plan, its organization and the organization's counter: one consistent round trip across both tables. */
export const planWithOrg = async (planId: string, orgId: string): Promise<PlanWithOrg | undefined> => {
  const out = await ddb().send(
    new BatchGetCommand({
      RequestItems: {
        [matters()]: { Keys: [keys.plan(planId)], ConsistentRead: true },
        [registry()]: { Keys: [keys.org(orgId), keys.orgCounter(orgId)], ConsistentRead: true },
      },
    }),
  );
  const items = out.Responses?.[registry()] ?? [];
  return planWithOrgOfItems(
    { plan: out.Responses?.[matters()]?.[0], org: items.find((i) => i.sk === 'ORG'), counter: items.find((i) => i.sk === 'COUNTER') },
    orgId,
  );
};

const noSlot = () =>
  new ConflictError(
    'No reserved slot of this plan is left (used up, lapsed or not approved)',
    '该用编计划已无可用的核准名额（已用完、已过期或未核准）',
    'NO_RESERVED_SLOT',
  );

/** Whether an approved plan still has a slot to give on `today`; throws the user's error otherwise. */
const requireSlot = (found: PlanWithOrg, today: string) => {
  const { plan, org } = found;
  if (org.org.status !== 'active') throw abolished(org.org.orgId);
  const n = plan.notice;
  if (plan.status !== 'approved' || !n || n.used >= n.reserved || n.validUntil < today || (org.counter.reserved[plan.quotaType] ?? 0) < 1) throw noSlot();
};

/** The plan's use of one more slot, only while one is left and the notice is valid. */
const slotTaken = (plan: Plan, today: string): TransactItem => ({
  Update: {
    TableName: matters(),
    Key: keys.plan(plan.planId),
    UpdateExpression: 'SET notice.used = notice.used + :one',
    ConditionExpression: '#s = :approved AND orgId = :org AND notice.used < notice.reserved AND notice.validUntil >= :today',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':one': 1, ':approved': 'approved', ':org': plan.orgId, ':today': today },
  },
});

/** The receiving counter's change: one reserved slot becomes one on the roll. */
const reservedToOnRoll = (plan: Plan) => ({
  set: ['reserved.#t = reserved.#t - :one', 'onRoll.#t = onRoll.#t + :one'],
  condition: 'reserved.#t >= :one',
  names: { '#t': plan.quotaType },
  values: { ':one': 1 },
});

/**
 * 上编: a named person takes one of the plan's reserved slots. The person's record, the plan's
 * use, the counters (reserved −1, on-roll +1) and the audit entry are one transaction, made
 * only while the organization is active.
 */
export const onboard = async (
  known: PlanWithOrg,
  person: Omit<Person, 'personId' | 'orgId' | 'status'>,
  actor: Actor,
  today: string,
): Promise<Person & { cardNumber: string }> => {
  const personId = personIdFor(person.nationalId);
  const plan0 = known.plan;
  const cardNumber = `BZK-${plan0.orgId}-${createHash('sha256').update(`${plan0.planId}:${personId}`).digest('hex').slice(0, 10).toUpperCase()}`;
  const record = { personId, orgId: plan0.orgId, status: 'onRoll' as const, ...person, planId: plan0.planId, cardNumber };
  await writeAudited(async (attempt) => {
    const found = attempt === 1 ? known : await planWithOrg(plan0.planId, plan0.orgId);
    if (!found) throw noSlot();
    requireSlot(found, today);
    return {
      items: { person: joiningPersonPut(record), slot: slotTaken(found.plan, today), active: activeCheck(plan0.orgId) },
      chains: [
        {
          headItem: found.org.counter,
          head: reservedToOnRoll(found.plan),
          audit: {
            chain: { kind: 'org', orgId: plan0.orgId },
            actor,
            entityType: 'person',
            entityId: personId,
            action: 'onboard',
            before: null,
            after: { ...record, notice: found.plan.notice?.number },
          },
        },
      ],
      refuse: (f) => ('item' in f && f.item === 'person' ? duplicatePerson() : 'retry'),
    };
  });
  return record;
};

// ---------- transfers ----------

const transferItem = (t: TransferRequest) => ({
  ...keys.transfer(t.transferId),
  ...keys.transferInIndex(t.toOrgId, t.requestedAt),
  ...keys.transferOutIndex(t.fromOrgId, t.requestedAt),
  ...t,
});

/** Writes a transfer's last state, only if it is still open: a release and a cancel cannot both land. */
const closingPut = (done: TransferRequest): TransactItem => ({
  Put: {
    TableName: matters(),
    Item: transferItem(done),
    ConditionExpression: '#s = :requested',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':requested': 'requested' },
  },
});

export const getTransfer = async (transferId: string): Promise<TransferRequest | undefined> => {
  const out = await ddb().send(new GetCommand({ TableName: matters(), Key: keys.transfer(transferId), ConsistentRead: true }));
  return out.Item ? recordOf<TransferRequest>(out.Item) : undefined;
};

/** A transfer from its item (as a route prefetched it), or 404. */
export const transferOfItem = (item: StoredItem | undefined): TransferRequest => {
  if (!item) throw new NotFoundError('No such transfer', '没有该调动申请');
  return recordOf<TransferRequest>(item);
};

export const requireTransfer = async (transferId: string): Promise<TransferRequest> => transferOfItem(await getTransfer(transferId));

/** The transfer as the caller read it on the first attempt of a write (afresh on the others), refused once it is closed. */
const openTransfer = async (attempt: number, known: TransferRequest): Promise<TransferRequest> => {
  const t = await freshAfterFirst(attempt, known, () => requireTransfer(known.transferId));
  if (t.status !== 'requested')
    throw new ConflictError(`This transfer is ${t.status}`, t.status === 'completed' ? '该调动已办结' : '该调动申请已取消', 'TRANSFER_CLOSED');
  return t;
};

/** A unit's transfers: those it asked (incoming people) and those asked of it (outgoing), newest first. */
export const transfersOf = async (orgId: string): Promise<{ incoming: TransferRequest[]; outgoing: TransferRequest[] }> => {
  const [incoming, outgoing] = await Promise.all(
    [
      { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': keys.transferInPk(orgId) } },
      { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :p', ExpressionAttributeValues: { ':p': keys.transferOutPk(orgId) } },
    ].map((q) => ddb().send(new QueryCommand({ TableName: matters(), ScanIndexForward: false, Limit: 100, ...q }))),
  );
  return {
    incoming: (incoming!.Items ?? []).map((i) => recordOf<TransferRequest>(i)),
    outgoing: (outgoing!.Items ?? []).map((i) => recordOf<TransferRequest>(i)),
  };
};

const transferZh = (t: TransferRequest) => `调动申请 ${t.transferId}`;

/**
 * The receiving unit asks for a person on another roster to take one slot of its approved
 * plan. Nothing moves yet: the sending unit is told, and releases (or declines) the person.
 */
export const requestTransfer = async (
  req: { to: PlanWithOrg; person: Person; date: string; documentNumber?: string },
  actor: Actor,
  today: string,
): Promise<TransferRequest> => {
  const { to, person } = req;
  requireSlot(to, today);
  if (person.orgId === to.org.org.orgId) throw new ConflictError('The person is already on this roster', '此人已在本单位名册中', 'SAME_UNIT');
  const t: TransferRequest = {
    transferId: `tr-${randomBytes(8).toString('hex')}`,
    personId: person.personId,
    fromOrgId: person.orgId,
    toOrgId: to.org.org.orgId,
    planId: to.plan.planId,
    date: req.date,
    documentNumber: req.documentNumber,
    status: 'requested',
    requestedBy: actor.userId,
    requestedAt: nowIso(),
  };
  await writeAudited(() => ({
    items: {
      transfer: { Put: { TableName: matters(), Item: transferItem(t), ConditionExpression: 'attribute_not_exists(pk)' } },
      message: notificationPut(person.orgId, {
        kind: 'transferRequested',
        transferId: t.transferId,
        message: `${to.org.org.name} asks for one of your people to transfer (${t.transferId}); release or decline it`,
        messageZh: `${to.org.org.name} 申请调入本单位一名在编人员（${transferZh(t)}），请确认放行或不同意`,
      }),
    },
    chains: [{ audit: { chain: planChain(t.planId), actor, entityType: 'transfer', entityId: t.transferId, action: 'request', before: null, after: t } }],
    refuse: () => 'retry',
  }));
  return t;
};

/**
 * The sending unit releases the person: they leave its roster and take the slot of the
 * receiving plan, in one transaction on both organizations' chains (the person, both counters
 * with any post held freed, the plan's use and the request). Both organizations must be active.
 */
export const releaseTransfer = async (known: TransferRequest, actor: Actor, today: string): Promise<{ transfer: TransferRequest; person: Person }> => {
  const transferId = known.transferId;
  // Whoever asked cannot also release, even with both units in their scope (a department over
  // its institutions, the office): each side's consent is someone's.
  if (actor.userId === known.requestedBy)
    throw new ForbiddenError('The transfer must be released by the sending side, not by whoever asked for it', '调动须由调出方确认放行，申请人不能自行放行');
  let result: { transfer: TransferRequest; person: Person } | undefined;
  await writeAudited(async (attempt) => {
    const t = await openTransfer(attempt, known);
    const [person, from, to] = await Promise.all([registryRepo.getPerson(t.personId), registryRepo.requireOrg(t.fromOrgId), planWithOrg(t.planId, t.toOrgId)]);
    if (person?.status !== 'onRoll' || person.orgId !== t.fromOrgId) {
      throw new ConflictError('The person is no longer on the sending roster', '此人已不在调出单位名册中', 'NOT_ON_ROLL');
    }
    if (from.org.status !== 'active') throw abolished(from.org.orgId);
    if (!to) throw noSlot();
    requireSlot(to, today);
    const after = {
      ...person,
      orgId: t.toOrgId,
      quotaType: to.plan.quotaType,
      onRollSince: t.date,
      postGrade: undefined,
      postTrack: undefined,
      postSince: undefined,
      planId: t.planId,
    } as Person;
    const done: TransferRequest = { ...t, status: 'completed', releasedBy: actor.userId, closedAt: nowIso() };
    result = { transfer: done, person: after };
    const fromSet = ['onRoll.#t = onRoll.#t - :one', 'vacancy.#t = vacancy.#t + :one'];
    const fromNames: Record<string, string> = { '#t': person.quotaType };
    if (person.postGrade && person.postTrack) {
      const freed = releasePost({ grade: person.postGrade, track: person.postTrack }, 'p');
      fromSet.push(...freed.set);
      Object.assign(fromNames, freed.names);
    }
    return {
      items: {
        transfer: closingPut(done),
        person: onRollPersonPut(after, t.fromOrgId),
        slot: slotTaken(to.plan, today),
        fromActive: activeCheck(t.fromOrgId),
        toActive: activeCheck(t.toOrgId),
      },
      chains: [
        {
          headItem: from.counter,
          head: { set: fromSet, names: fromNames, values: { ':one': 1 } },
          audit: {
            chain: { kind: 'org', orgId: t.fromOrgId },
            actor,
            entityType: 'person',
            entityId: person.personId,
            action: 'transferOut',
            before: { orgId: t.fromOrgId, quotaType: person.quotaType },
            after: { orgId: t.toOrgId, date: t.date, transferId },
            reason: t.documentNumber,
          },
        },
        {
          headItem: to.org.counter,
          head: reservedToOnRoll(to.plan),
          audit: {
            chain: { kind: 'org', orgId: t.toOrgId },
            actor,
            entityType: 'person',
            entityId: person.personId,
            action: 'transferIn',
            before: { orgId: t.fromOrgId },
            after: { orgId: t.toOrgId, quotaType: to.plan.quotaType, notice: to.plan.notice?.number, date: t.date, transferId },
            reason: t.documentNumber,
          },
        },
      ],
      refuse: () => 'retry',
    };
  });
  return result!;
};

/** Either side closes a transfer that was not released: the receiving unit withdraws its ask, the sending unit declines. */
export const cancelTransfer = async (known: TransferRequest, reason: string, actor: Actor): Promise<TransferRequest> => {
  const transferId = known.transferId;
  let result: TransferRequest | undefined;
  await writeAudited(async (attempt) => {
    const t = await openTransfer(attempt, known);
    const done: TransferRequest = { ...t, status: 'cancelled', closedAt: nowIso(), reason };
    result = done;
    return {
      items: {
        transfer: closingPut(done),
        message: notificationPut(t.toOrgId, {
          kind: 'transferCancelled',
          transferId,
          message: `Transfer ${transferId} was cancelled: ${reason}`,
          messageZh: `${transferZh(t)}已取消：${reason}`,
        }),
      },
      chains: [
        {
          audit: {
            chain: planChain(t.planId),
            actor,
            entityType: 'transfer',
            entityId: transferId,
            action: 'cancel',
            before: { status: t.status },
            after: { status: 'cancelled' },
            reason,
          },
        },
      ],
      refuse: () => 'retry',
    };
  });
  return result!;
};
