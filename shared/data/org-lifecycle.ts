/**
 * Organization lifecycle after set-up: rename, a new principal head, legal-person registration,
 * abolition with a successor, merger into another organization, and clerical corrections (更正),
 * which are audited changes of their own, kept apart from business events.
 */

import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import type { REPLACED_FIELDS } from '../domain/matters/change.ts';
import {
  type Establishment,
  emptyEstablishment,
  establishmentOf,
  POST_GRADES,
  POST_TRACKS,
  zeroCounts,
  zeroPostCounts,
} from '../domain/registry/establishment.ts';
import { checkFundingForKind, checkQuotaTypeForKind, QUOTA_TYPES } from '../domain/registry/rules.ts';
import { checkUscc, checkUsccForKind } from '../domain/registry/uscc.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import type { CorrectionInput, OrgEventInput, Person } from '../schemas/registry.ts';
import { ddb } from './ddb.ts';
import { keys, orgChain } from './keys.ts';
import { notificationLetterFor } from './notification-letters.ts';
import {
  abolished as abolishedError,
  activeCheck,
  childCountChange,
  emptyCounterCondition,
  historyPut,
  NO_ACTIVE_CHILDREN,
  type OrgRecord,
  type OrgWithCounter,
  onRollPersonPut,
  reasonOf,
  registryRepo,
  updateOf,
} from './registry.ts';
import { type Actor, type ChainWrite, MAX_TRANSACTION_ITEMS, type TransactItem, type WritePlan, writeAudited } from './write.ts';

const table = () => config.tableName('registry');

/** The org record, written only if nobody changed it since it was read. */
const orgPut = (before: OrgRecord, after: OrgRecord): TransactItem => ({
  Put: {
    TableName: table(),
    Item: { ...keys.org(after.orgId), ...keys.orgIndex(after.path), ...after },
    ConditionExpression: 'version = :v AND #s = :active',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':v': before.version, ':active': 'active' },
  },
});

const refuse = (path: string, rule: string, message: string, messageZh: string) => new ValidationError([{ path, rule, message, messageZh }]);

const totals = (e: Establishment) => ({
  onRoll: QUOTA_TYPES.reduce((n, t) => n + e.onRoll[t], 0),
  reserved: QUOTA_TYPES.reduce((n, t) => n + e.reserved[t], 0),
});

const chainOrg = (c: ChainWrite) => {
  const ref = (Array.isArray(c.audit) ? c.audit[0]! : c.audit).chain;
  return ref.kind === 'org' ? ref.orgId : undefined;
};

/**
 * Counts a subordinate organization in (`+1`) or out (`-1`) of its parent: on the parent's
 * chain head change when this write moves the parent's chain anyway (a transaction touches an
 * item once), otherwise as an update of the parent's counter item of its own.
 */
const countChild = (parentId: string | undefined, delta: number, items: Record<string, TransactItem>, chains: ChainWrite[]) => {
  if (!parentId) return;
  const change = childCountChange(delta);
  const own = chains.find((c) => chainOrg(c) === parentId);
  if (own) {
    own.head = { ...own.head, set: [...(own.head?.set ?? []), ...change.set!], values: { ...own.head?.values, ...change.values } };
    return;
  }
  items[`parentCount:${parentId}`] = {
    Update: { TableName: table(), Key: keys.orgCounter(parentId), ...updateOf(change), ConditionExpression: 'attribute_exists(pk)' },
  };
};

/**
 * The USCC a registration gives a unit that has none yet (one set up by an approved matter): it
 * is required once the unit is registered, checked for the unit's kind; a unit that has a code
 * corrects it instead (更正), so a registration never replaces one silently.
 */
const firstCode = (org: OrgRecord, e: Extract<OrgEventInput, { event: 'legalPersonRegistration' }>): string | undefined => {
  if (e.uscc === undefined) {
    if (!org.uscc && e.legalPersonStatus === 'registered') {
      throw refuse(
        'body.uscc',
        'required',
        'the unit has no unified social credit code yet: give the one it registered with',
        '该单位尚无统一社会信用代码，登记时须填写',
      );
    }
    return undefined;
  }
  if (org.uscc) throw refuse('body.uscc', 'alreadyCoded', 'the unit already has a code: correct it instead', '该单位已有统一社会信用代码，如有错误请更正');
  const uscc = checkUscc(e.uscc, 'body.uscc');
  if (!uscc.ok) throw new ValidationError([uscc.issue]);
  const forKind = checkUsccForKind(uscc.value, org.kind, 'body.uscc');
  if (!forKind.ok) throw new ValidationError([forKind.issue]);
  return uscc.value.code;
};

/** The organization's own business events that change only its record (and its history); an issued matter's rename writes it too. */
/** An event of the register only an issued matter makes (matter-issue.ts): it has no route of its own. */
export interface MatterEvent {
  event: keyof typeof REPLACED_FIELDS;
  documentNumber: string;
  effectiveDate: string;
  reason?: string;
}

export const recordEvent = (current: OrgWithCounter, e: OrgEventInput | MatterEvent, actor: Actor, after: OrgRecord): WritePlan => ({
  items: {
    org: orgPut(current.org, after),
    history: historyPut(current.org.orgId, e, e.event, { org: after, establishment: establishmentOf(current.counter) }),
  },
  chains: [
    {
      headItem: current.counter,
      audit: {
        chain: orgChain(current.org.orgId),
        actor,
        entityType: 'organization',
        entityId: current.org.orgId,
        action: e.event,
        before: current.org,
        after,
        reason: reasonOf(e),
      },
    },
  ],
  // The record changed meanwhile: decide again on what it is now.
  refuse: () => 'retry',
});

export const applyOrgEvent = async (known: OrgWithCounter, e: OrgEventInput, actor: Actor, principalHeadName?: string): Promise<OrgRecord> => {
  if (e.event === 'merge') return merge(known, e, actor);
  if (e.event === 'split') return split(known, e, actor);
  let result: OrgRecord | undefined;
  await writeAudited(async (attempt) => {
    const current = await registryRepo.orgFor(attempt, known);
    const before = current.org;
    if (before.status !== 'active') throw abolishedError(before.orgId);
    const next = { ...before, version: before.version + 1 };
    switch (e.event) {
      case 'rename':
        result = { ...next, name: e.name };
        return recordEvent(current, e, actor, result);
      case 'changeHead': {
        result = { ...next, principalHead: { name: principalHeadName ?? e.principalHead.name, since: e.principalHead.since } };
        // 告知函 (R-SUP-2): a department's new head is owed the letter from this change on.
        const plan = recordEvent(current, e, actor, result);
        return { ...plan, items: { ...plan.items, ...notificationLetterFor(result, result.principalHead!) } };
      }
      case 'legalPersonRegistration': {
        const code = firstCode(before, e);
        result = { ...next, legalPersonStatus: e.legalPersonStatus, ...(code ? { uscc: code } : {}) };
        const plan = recordEvent(current, e, actor, result);
        if (!code) return plan;
        return {
          ...plan,
          items: {
            ...plan.items,
            uscc: { Put: { TableName: table(), Item: { ...keys.usccClaim(code), orgId: before.orgId }, ConditionExpression: 'attribute_not_exists(pk)' } },
          },
          refuse: (f) =>
            'item' in f && f.item === 'uscc'
              ? new ConflictError('This unified social credit code is already registered', '该统一社会信用代码已被登记', 'USCC_IN_USE')
              : 'retry',
        };
      }
      case 'abolish':
        result = { ...next, status: 'abolished', successorId: e.successorId } as OrgRecord;
        return abolishWrite(current, e, actor, result);
    }
  });
  return result!;
};

/**
 * Abolishes an organization that holds nobody and nothing and has no active subordinates. The
 * rule is checked on fresh reads and is also the condition of the transaction (its counters at
 * zero, its count of active children at zero), so an intake, a reservation or a set-up racing
 * the abolition either lands first (and the abolition is refused) or is refused itself.
 */
export const abolishWrite = async (
  current: OrgWithCounter,
  e: Extract<OrgEventInput, { event: 'abolish' }>,
  actor: Actor,
  after: OrgRecord,
): Promise<WritePlan> => {
  const before = current.org;
  const t = totals(current.counter);
  if (t.onRoll || t.reserved) {
    throw refuse(
      'body.event',
      'notEmpty',
      `${t.onRoll} people on the roster and ${t.reserved} reserved slots must be moved or released first`,
      `须先处理在编 ${t.onRoll} 人、核准未入编 ${t.reserved} 名`,
    );
  }
  if (Number(current.counter.activeChildren ?? 0) > 0 || (await registryRepo.activeChildren(before.path)).length) {
    throw refuse('body.event', 'hasChildren', 'its subordinate organizations must be abolished or moved first', '须先撤销或划转其所属单位');
  }
  const items: Record<string, TransactItem> = {
    org: orgPut(before, after),
    history: historyPut(before.orgId, e, e.event, { org: after, establishment: establishmentOf(current.counter) }),
  };
  if (e.successorId) {
    const successor = await registryRepo.getOrg(e.successorId);
    if (successor?.org.status !== 'active' || e.successorId === before.orgId) {
      throw refuse('body.successorId', 'exists', 'no other active organization with this id', '没有该在用的承继单位');
    }
    items.successor = activeCheck(e.successorId);
  }
  const empty = emptyCounterCondition();
  const chains: ChainWrite[] = [
    {
      headItem: current.counter,
      head: { condition: `${empty.condition} AND (${NO_ACTIVE_CHILDREN})`, names: empty.names, values: { ...empty.values, ':bzNoActive': 0 } },
      audit: {
        chain: orgChain(before.orgId),
        actor,
        entityType: 'organization',
        entityId: before.orgId,
        action: 'abolish',
        before,
        after,
        reason: reasonOf(e),
      },
    },
  ];
  countChild(before.parentId, -1, items, chains);
  return {
    items,
    chains,
    refuse: (f) =>
      'item' in f && f.item === 'successor'
        ? refuse('body.successorId', 'exists', 'no other active organization with this id', '没有该在用的承继单位')
        : // Someone joined, was reserved or was set up below meanwhile: the fresh read says who.
          'retry',
  };
};

/**
 * Splits a new organization off another in one transaction: it takes the given slots and
 * people; the original keeps the rest and must stay within its quota. Both chains record it.
 */
const split = async (known: OrgWithCounter, e: Extract<OrgEventInput, { event: 'split' }>, actor: Actor): Promise<OrgRecord> => {
  const uscc = checkUscc(e.newOrg.uscc, 'body.newOrg.uscc');
  if (!uscc.ok) throw new ValidationError([uscc.issue]);
  const kindOk = checkUsccForKind(uscc.value, known.org.kind, 'body.newOrg.uscc');
  if (!kindOk.ok) throw new ValidationError([kindOk.issue]);
  const funding = checkFundingForKind(e.newOrg.fundingForm, known.org.kind, 'body.newOrg.fundingForm');
  if (!funding.ok) throw new ValidationError([funding.issue]);
  const q = { ...zeroCounts(), ...e.quota };
  let result: OrgRecord | undefined;
  await writeAudited(async (attempt) => {
    const from = await registryRepo.orgFor(attempt, known);
    if (from.org.status !== 'active') throw abolishedError(from.org.orgId);
    const parentId = e.newOrg.parentId ?? from.org.parentId;
    const parent = parentId === from.org.orgId ? from : parentId ? await registryRepo.getOrg(parentId) : undefined;
    if (parentId && parent?.org.status !== 'active') throw refuse('body.newOrg.parentId', 'exists', 'no active organization with this id', '没有该在用单位');
    const issues = QUOTA_TYPES.flatMap((t) => {
      if (q[t] === 0) return [];
      const allowed = checkQuotaTypeForKind(t, from.org.kind, from.org.civilServiceManaged, `body.quota.${t}`);
      if (!allowed.ok) return [allowed.issue];
      return q[t] > from.counter.quota[t]
        ? [{ path: `body.quota.${t}`, rule: 'tooMany', message: `only ${from.counter.quota[t]} approved`, messageZh: `原单位只有 ${from.counter.quota[t]} 名` }]
        : [];
    });
    if (issues.length) throw new ValidationError(issues);
    const people: Person[] = [];
    for (const [i, id] of [...new Set(e.people)].entries()) {
      const p = await registryRepo.getPerson(id);
      if (!p || p.orgId !== from.org.orgId || p.status !== 'onRoll')
        throw refuse(`body.people[${i}]`, 'notOnRoster', 'not on the roster of the organization being split', '不在被分设单位的名册中');
      if (p.postGrade)
        throw refuse(`body.people[${i}]`, 'holdsPost', 'holds a leadership post: appoint them anew after the split', '担任领导职务，须在分设后重新任职');
      people.push(p);
    }
    const moved = zeroCounts();
    for (const p of people) moved[p.quotaType]++;
    const over = QUOTA_TYPES.filter((t) => moved[t] > q[t]);
    if (over.length)
      throw refuse(
        `body.quota.${over[0]}`,
        'belowPeople',
        `${moved[over[0]!]} people of this type move but only ${q[over[0]!]} slots`,
        `随迁 ${moved[over[0]!]} 人，但只划转 ${q[over[0]!]} 名编制`,
      );
    if (QUOTA_TYPES.some((t) => q[t] - moved[t] > 0 && from.counter.vacancy[t] < q[t] - moved[t])) {
      throw new ConflictError('The original organization has too few vacant slots to hand over', '原单位空编不足，不能划转这么多编制', 'NO_VACANCY');
    }

    const org: OrgRecord = {
      orgId: e.newOrg.orgId,
      name: e.newOrg.name,
      kind: from.org.kind,
      parentId: parent?.org.orgId,
      departmentId: parent?.org.departmentId ?? e.newOrg.orgId,
      path: `${parent?.org.path ?? ''}/${e.newOrg.orgId}`,
      fundingForm: e.newOrg.fundingForm,
      civilServiceManaged: from.org.civilServiceManaged,
      uscc: uscc.value.code,
      legalPersonStatus: e.newOrg.legalPersonStatus,
      status: 'active',
      version: 1,
    };
    result = org;
    const newCounts: Establishment = {
      quota: q,
      onRoll: moved,
      reserved: zeroCounts(),
      vacancy: Object.fromEntries(QUOTA_TYPES.map((t) => [t, q[t] - moved[t]])) as Establishment['quota'],
      postQuota: zeroPostCounts(),
      postUsed: zeroPostCounts(),
      postVacancy: zeroPostCounts(),
    };
    const set: string[] = [];
    const conditions: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    QUOTA_TYPES.forEach((t, i) => {
      if (!q[t] && !moved[t]) return;
      names[`#q${i}`] = t;
      values[`:q${i}`] = q[t];
      values[`:r${i}`] = moved[t];
      values[`:v${i}`] = q[t] - moved[t];
      set.push(`quota.#q${i} = quota.#q${i} - :q${i}`, `onRoll.#q${i} = onRoll.#q${i} - :r${i}`, `vacancy.#q${i} = vacancy.#q${i} - :v${i}`);
      // The original must keep enough vacancy to give away the empty slots it hands over.
      if (q[t] - moved[t] > 0) conditions.push(`vacancy.#q${i} >= :v${i}`);
    });
    const reason = reasonOf(e);
    const items: Record<string, TransactItem> = {
      newOrg: {
        Put: { TableName: table(), Item: { ...keys.org(org.orgId), ...keys.orgIndex(org.path), ...org }, ConditionExpression: 'attribute_not_exists(pk)' },
      },
      uscc: { Put: { TableName: table(), Item: { ...keys.usccClaim(uscc.value.code), orgId: org.orgId }, ConditionExpression: 'attribute_not_exists(pk)' } },
      newHistory: historyPut(org.orgId, e, 'splitFrom', { org, establishment: newCounts }),
      history: historyPut(from.org.orgId, e, 'splitOff', { org: from.org, establishment: establishmentOf(from.counter) }),
      active: activeCheck(from.org.orgId),
      ...Object.fromEntries(
        people.map((p) => [
          `person:${p.personId}`,
          onRollPersonPut({ ...p, orgId: org.orgId }, from.org.orgId, { condition: 'attribute_not_exists(postGrade)', values: {} }),
        ]),
      ),
    };
    if (parent && parent.org.orgId !== from.org.orgId) items.parent = activeCheck(parent.org.orgId);
    const chains: ChainWrite[] = [
      {
        headItem: from.counter,
        head: set.length ? { set, names, values, condition: conditions.join(' AND ') || undefined } : undefined,
        audit: {
          chain: orgChain(from.org.orgId),
          actor,
          entityType: 'organization',
          entityId: from.org.orgId,
          action: 'splitOff',
          before: { establishment: establishmentOf(from.counter) },
          after: { newOrg: org.orgId, quota: q, movedPeople: people.map((p) => p.personId) },
          reason,
        },
      },
      {
        headItem: {},
        head: {
          set: [
            'orgId = :orgId',
            'quota = :quota',
            'onRoll = :onRoll',
            'reserved = :z',
            'vacancy = :vacancy',
            'postQuota = :pz',
            'postUsed = :pz',
            'postVacancy = :pz',
            'activeChildren = :none',
          ],
          condition: 'attribute_not_exists(pk)',
          values: {
            ':orgId': org.orgId,
            ':quota': newCounts.quota,
            ':onRoll': newCounts.onRoll,
            ':z': zeroCounts(),
            ':vacancy': newCounts.vacancy,
            ':pz': zeroPostCounts(),
            ':none': 0,
          },
        },
        audit: {
          chain: orgChain(org.orgId),
          actor,
          entityType: 'organization',
          entityId: org.orgId,
          action: 'splitFrom',
          before: null,
          after: { org, establishment: newCounts, from: from.org.orgId, movedPeople: people.map((p) => p.personId) },
          reason,
        },
      },
    ];
    countChild(parent?.org.orgId, 1, items, chains);
    return {
      items,
      chains,
      refuse: (f) =>
        'item' in f && f.item === 'uscc'
          ? new ConflictError('This unified social credit code is already registered', '该统一社会信用代码已被登记', 'USCC_IN_USE')
          : ('item' in f && f.item === 'newOrg') || ('chain' in f && f.chain === `org#${org.orgId}`)
            ? new ConflictError(`Organization ${org.orgId} already exists`, `单位 ${org.orgId} 已存在`, 'ORG_EXISTS')
            : 'retry',
    };
  });
  return result!;
};

/**
 * Every on-roll person of an organization, agreeing with its counter. The roster index is
 * eventually consistent, so a person who joined a moment ago may be missing from it: it is
 * read again until it agrees with the counter (read consistently), or the write is refused.
 */
const onRollAgreeingWith = async (org: OrgWithCounter): Promise<Person[]> => {
  const want = totals(org.counter).onRoll;
  for (let tries = 0; ; tries++) {
    const people = (await registryRepo.rosterOf(org.org.orgId)).filter((p) => p.status === 'onRoll');
    if (people.length === want) return people;
    if (tries >= 10) {
      throw new ConflictError(
        `The roster lists ${people.length} people but the counters ${want}; reconcile them before the merger`,
        `实名制名册 ${people.length} 人与编制台账在编 ${want} 人不一致，请先核对后再合并`,
        'ROSTER_MISMATCH',
      );
    }
    await sleep(50 * (tries + 1));
  }
};

/**
 * Merges an organization into another in one transaction: its quotas and leadership posts add
 * to the receiving organization's, its people move onto the receiving roster, and it is
 * abolished with the receiver as successor. Both organizations' chains record it. Every count
 * moved is what a fresh read shows, and the merged organization's chain head (which every
 * change of its counters moves) is the transaction's condition that nothing changed since.
 */
const merge = async (known: OrgWithCounter, e: Extract<OrgEventInput, { event: 'merge' }>, actor: Actor): Promise<OrgRecord> => {
  let result: OrgRecord | undefined;
  await writeAudited(async (attempt) => {
    const from = await registryRepo.orgFor(attempt, known);
    if (from.org.status !== 'active') throw abolishedError(from.org.orgId);
    const into = await registryRepo.getOrg(e.intoId);
    if (into?.org.status !== 'active' || e.intoId === from.org.orgId)
      throw refuse('body.intoId', 'exists', 'no other active organization with this id', '没有该在用的并入单位');
    if (into.org.kind !== from.org.kind) throw refuse('body.intoId', 'kind', 'organizations of different kinds cannot merge', '不同类型的单位不能合并');
    if (Number(from.counter.activeChildren ?? 0) > 0 || (await registryRepo.activeChildren(from.org.path)).length) {
      throw refuse('body.event', 'hasChildren', 'its subordinate organizations must be moved first', '须先划转其所属单位');
    }
    if (totals(from.counter).reserved)
      throw refuse('body.event', 'reserved', 'its reserved slots must be used or released first', '须先使用或释放其核准未入编名额');
    const people = await onRollAgreeingWith(from);
    const fixed = 3 /* org put, history, receiver active */ + 2 /* audit entries */ + 2 /* heads */ + (from.org.parentId ? 1 : 0);
    if (people.length + fixed > MAX_TRANSACTION_ITEMS) {
      throw refuse(
        'body.event',
        'tooLarge',
        `${people.length} people are more than one merger moves at once (${MAX_TRANSACTION_ITEMS - fixed}); transfer some first`,
        `在编 ${people.length} 人超过一次合并可划转的人数（${MAX_TRANSACTION_ITEMS - fixed}），请先分批调动`,
      );
    }
    const abolished = { ...from.org, status: 'abolished' as const, successorId: into.org.orgId, version: from.org.version + 1 };
    result = abolished;
    const moved = people.map((p) => ({ ...p, orgId: into.org.orgId }));
    const set: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    QUOTA_TYPES.forEach((t, i) => {
      names[`#q${i}`] = t;
      values[`:q${i}`] = from.counter.quota[t];
      values[`:r${i}`] = from.counter.onRoll[t];
      // One operator per assignment in an update expression: the net change is computed here.
      values[`:v${i}`] = from.counter.quota[t] - from.counter.onRoll[t];
      set.push(`quota.#q${i} = quota.#q${i} + :q${i}`, `onRoll.#q${i} = onRoll.#q${i} + :r${i}`, `vacancy.#q${i} = vacancy.#q${i} + :v${i}`);
    });
    const fromPosts = from.counter.postQuota ?? zeroPostCounts();
    const fromUsed = from.counter.postUsed ?? zeroPostCounts();
    POST_GRADES.forEach((g, i) => {
      names[`#g${i}`] = g;
      POST_TRACKS.forEach((k) => {
        values[`:pq${i}${k}`] = fromPosts[g][k];
        values[`:pu${i}${k}`] = fromUsed[g][k];
        values[`:pv${i}${k}`] = fromPosts[g][k] - fromUsed[g][k];
        set.push(
          `postQuota.#g${i}.${k} = postQuota.#g${i}.${k} + :pq${i}${k}`,
          `postUsed.#g${i}.${k} = postUsed.#g${i}.${k} + :pu${i}${k}`,
          `postVacancy.#g${i}.${k} = postVacancy.#g${i}.${k} + :pv${i}${k}`,
        );
      });
    });
    const reason = reasonOf(e);
    const items: Record<string, TransactItem> = {
      org: orgPut(from.org, abolished),
      history: historyPut(from.org.orgId, e, 'mergedInto', { org: abolished, establishment: emptyEstablishment() }),
      receiver: activeCheck(into.org.orgId),
      ...Object.fromEntries(moved.map((p) => [`person:${p.personId}`, onRollPersonPut(p, from.org.orgId)])),
    };
    const chains: ChainWrite[] = [
      {
        headItem: from.counter,
        head: {
          set: ['quota = :z', 'onRoll = :z', 'vacancy = :z', 'postQuota = :pz', 'postUsed = :pz', 'postVacancy = :pz'],
          values: { ':z': zeroCounts(), ':pz': zeroPostCounts() },
        },
        audit: {
          chain: orgChain(from.org.orgId),
          actor,
          entityType: 'organization',
          entityId: from.org.orgId,
          action: 'mergedInto',
          before: { org: from.org, establishment: establishmentOf(from.counter) },
          after: { org: abolished, movedPeople: moved.map((p) => p.personId) },
          reason,
        },
      },
      {
        headItem: into.counter,
        head: { set, names, values },
        audit: {
          chain: orgChain(into.org.orgId),
          actor,
          entityType: 'organization',
          entityId: into.org.orgId,
          action: 'merged',
          before: { establishment: establishmentOf(into.counter) },
          after: { mergedFrom: from.org.orgId, addedQuota: from.counter.quota, movedPeople: moved.map((p) => p.personId) },
          reason,
        },
      },
    ];
    countChild(from.org.parentId, -1, items, chains);
    return { items, chains, refuse: () => 'retry' };
  });
  return result!;
};

/** A clerical correction: fixes what was recorded wrongly, with a reason, apart from business history. */
export const correctOrg = async (known: OrgWithCounter, c: Omit<CorrectionInput, 'value'> & { value: unknown }, actor: Actor): Promise<OrgRecord> => {
  let result: OrgRecord | undefined;
  await writeAudited(async (attempt) => {
    const current = await registryRepo.orgFor(attempt, known);
    const before = current.org;
    if (before.status !== 'active') throw abolishedError(before.orgId);
    const after = { ...before, [c.field]: c.value, version: before.version + 1 } as OrgRecord;
    result = after;
    const items: Record<string, TransactItem> = {
      org: orgPut(before, after),
      correction: {
        Put: {
          TableName: table(),
          Item: {
            ...keys.orgCorrection(before.orgId, nowIso(), randomBytes(3).toString('hex')),
            field: c.field,
            before: (before as Record<string, unknown>)[c.field] ?? null,
            after: c.value,
            reason: c.reason,
            actor: actor.userId,
            recordedAt: nowIso(),
          },
        },
      },
    };
    if (c.field === 'uscc' && c.value !== before.uscc) {
      if (before.uscc) items.oldUscc = { Delete: { TableName: table(), Key: keys.usccClaim(before.uscc) } };
      items.newUscc = {
        Put: { TableName: table(), Item: { ...keys.usccClaim(String(c.value)), orgId: before.orgId }, ConditionExpression: 'attribute_not_exists(pk)' },
      };
    }
    return {
      items,
      chains: [
        {
          headItem: current.counter,
          audit: {
            chain: orgChain(before.orgId),
            actor,
            entityType: 'organization',
            entityId: before.orgId,
            action: 'correct',
            before: { [c.field]: (before as Record<string, unknown>)[c.field] ?? null },
            after: { [c.field]: c.value },
            reason: c.reason,
          },
        },
      ],
      refuse: (f) =>
        'item' in f && f.item === 'newUscc'
          ? new ConflictError('This unified social credit code is already registered', '该统一社会信用代码已被登记', 'USCC_IN_USE')
          : 'retry',
    };
  });
  return result!;
};

export const orgHistory = async (orgId: string) => {
  const out = await ddb().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':pk': keys.org(orgId).pk, ':a': keys.orgCorrectionPrefix, ':b': `${keys.orgHistoryPrefix}~` },
    }),
  );
  const items = out.Items ?? [];
  return {
    events: items
      .filter((i) => String(i.sk).startsWith(keys.orgHistoryPrefix))
      .map((i) => ({ event: i.event, documentNumber: i.documentNumber, effectiveDate: i.effectiveDate, recordedAt: i.recordedAt, reason: i.reason })),
    corrections: items
      .filter((i) => String(i.sk).startsWith(keys.orgCorrectionPrefix))
      .map((i) => ({ field: i.field, before: i.before, after: i.after, reason: i.reason, recordedAt: i.recordedAt, actor: i.actor })),
  };
};
