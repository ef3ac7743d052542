/**
 * Organization lifecycle after set-up: rename, a new principal head, legal-person registration,
 * abolition with a successor, merger into another organization, and clerical corrections (更正),
 * which are audited changes of their own, kept apart from business events.
 */
import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { nowIso } from '../clock.ts';
import { checkFundingForKind, checkQuotaTypeForKind, QUOTA_TYPES } from '../domain/registry/rules.ts';
import { checkUscc, checkUsccForKind } from '../domain/registry/uscc.ts';
import { emptyEstablishment, establishmentOf, POST_GRADES, POST_TRACKS, zeroCounts, zeroPostCounts, type Establishment } from '../domain/registry/establishment.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import type { CorrectionInput, OrgEventInput, Person } from '../schemas/registry.ts';
import { ddb } from './ddb.ts';
import { keys } from './keys.ts';
import { activeCheck, historyPut, reasonOf, registryRepo, type OrgRecord, type OrgWithCounter } from './registry.ts';
import { writeChains, writeWithAudit, MAX_TRANSACTION_ITEMS, type Actor, type TransactItem } from './write.ts';

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

const stale = () => new ConflictError('The organization changed meanwhile (or was abolished); read it again', '单位信息已变化（或已撤销），请刷新后重试', 'STALE_ORGANIZATION');

const refuse = (path: string, rule: string, message: string, messageZh: string) => new ValidationError([{ path, rule, message, messageZh }]);

const totals = (e: Establishment) => ({
  onRoll: QUOTA_TYPES.reduce((n, t) => n + e.onRoll[t], 0),
  reserved: QUOTA_TYPES.reduce((n, t) => n + e.reserved[t], 0),
});

const activeChildren = async (orgId: string, path: string) => {
  const out = await ddb().send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :path)',
      FilterExpression: '#s = :active',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':p': keys.orgsIndexPk, ':path': `${path}/`, ':active': 'active' },
    }),
  );
  return (out.Items ?? []).filter((o) => o.orgId !== orgId);
};

export const applyOrgEvent = async (current: OrgWithCounter, e: OrgEventInput, actor: Actor, principalHeadName?: string): Promise<OrgRecord> => {
  const before = current.org;
  const chain = { kind: 'org' as const, orgId: before.orgId };
  const simple = async (after: OrgRecord) => {
    await writeWithAudit({
      items: [orgPut(before, after), historyPut(before.orgId, e, e.event, { org: after, establishment: establishmentOf(current.counter) })],
      audit: { chain, actor, entityType: 'organization', entityId: before.orgId, action: e.event, before, after, reason: reasonOf(e) },
      headItem: current.counter,
      onConditionFailed: stale,
    });
    return after;
  };
  switch (e.event) {
    case 'rename':
      return simple({ ...before, name: e.name, version: before.version + 1 });
    case 'changeHead':
      return simple({ ...before, principalHead: { name: principalHeadName ?? e.principalHead.name, since: e.principalHead.since }, version: before.version + 1 });
    case 'legalPersonRegistration':
      return simple({ ...before, legalPersonStatus: e.legalPersonStatus, version: before.version + 1 });
    case 'abolish': {
      const t = totals(current.counter);
      if (t.onRoll || t.reserved) {
        throw refuse('body.event', 'notEmpty', `${t.onRoll} people on the roster and ${t.reserved} reserved slots must be moved or released first`, `须先处理在编 ${t.onRoll} 人、核准未入编 ${t.reserved} 名`);
      }
      if ((await activeChildren(before.orgId, before.path)).length) {
        throw refuse('body.event', 'hasChildren', 'its subordinate organizations must be abolished or moved first', '须先撤销或划转其所属单位');
      }
      if (e.successorId) {
        const successor = await registryRepo.getOrg(e.successorId);
        if (!successor || successor.org.status !== 'active' || e.successorId === before.orgId) {
          throw refuse('body.successorId', 'exists', 'no other active organization with this id', '没有该在用的承继单位');
        }
      }
      return simple({ ...before, status: 'abolished', successorId: e.successorId, version: before.version + 1 } as OrgRecord);
    }
    case 'merge':
      return merge(current, e, actor);
    case 'split':
      return split(current, e, actor);
  }
};

/**
 * Splits a new organization off another in one transaction: it takes the given slots and
 * people; the original keeps the rest and must stay within its quota. Both chains record it.
 */
const split = async (from: OrgWithCounter, e: Extract<OrgEventInput, { event: 'split' }>, actor: Actor): Promise<OrgRecord> => {
  const parentId = e.newOrg.parentId ?? from.org.parentId;
  const parent = parentId ? await registryRepo.getOrg(parentId) : undefined;
  if (parentId && (!parent || parent.org.status !== 'active')) throw refuse('body.newOrg.parentId', 'exists', 'no active organization with this id', '没有该在用单位');
  const uscc = checkUscc(e.newOrg.uscc, 'body.newOrg.uscc');
  if (!uscc.ok) throw new ValidationError([uscc.issue]);
  const kindOk = checkUsccForKind(uscc.value, from.org.kind, 'body.newOrg.uscc');
  if (!kindOk.ok) throw new ValidationError([kindOk.issue]);
  const funding = checkFundingForKind(e.newOrg.fundingForm, from.org.kind, 'body.newOrg.fundingForm');
  if (!funding.ok) throw new ValidationError([funding.issue]);
  const q = { ...zeroCounts(), ...e.quota };
  const issues = QUOTA_TYPES.flatMap((t) => {
    if (q[t] === 0) return [];
    const allowed = checkQuotaTypeForKind(t, from.org.kind, from.org.civilServiceManaged, `body.quota.${t}`);
    if (!allowed.ok) return [allowed.issue];
    return q[t] > from.counter.quota[t] ? [{ path: `body.quota.${t}`, rule: 'tooMany', message: `only ${from.counter.quota[t]} approved`, messageZh: `原单位只有 ${from.counter.quota[t]} 名` }] : [];
  });
  if (issues.length) throw new ValidationError(issues);
  const people: Person[] = [];
  for (const [i, id] of [...new Set(e.people)].entries()) {
    const p = await registryRepo.getPerson(id);
    if (!p || p.orgId !== from.org.orgId || p.status !== 'onRoll') throw refuse(`body.people[${i}]`, 'notOnRoster', 'not on the roster of the organization being split', '不在被分设单位的名册中');
    if (p.postGrade) throw refuse(`body.people[${i}]`, 'holdsPost', 'holds a leadership post: appoint them anew after the split', '担任领导职务，须在分设后重新任职');
    people.push(p);
  }
  const moved = zeroCounts();
  for (const p of people) moved[p.quotaType]++;
  const over = QUOTA_TYPES.filter((t) => moved[t] > q[t]);
  if (over.length) throw refuse(`body.quota.${over[0]}`, 'belowPeople', `${moved[over[0]!]} people of this type move but only ${q[over[0]!]} slots`, `随迁 ${moved[over[0]!]} 人，但只划转 ${q[over[0]!]} 名编制`);

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
  const items: TransactItem[] = [
    { Put: { TableName: table(), Item: { ...keys.org(org.orgId), ...keys.orgIndex(org.path), ...org }, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName: table(), Item: { ...keys.usccClaim(org.uscc), orgId: org.orgId }, ConditionExpression: 'attribute_not_exists(pk)' } },
    historyPut(org.orgId, e, 'splitFrom', { org, establishment: newCounts }),
    historyPut(from.org.orgId, e, 'splitOff', { org: from.org, establishment: establishmentOf(from.counter) }),
    activeCheck(from.org.orgId),
    ...people.map((p) => ({
      Put: {
        TableName: table(),
        Item: { ...keys.person(p.personId), ...keys.rosterIndex(org.orgId, p.personId), ...p, orgId: org.orgId },
        ConditionExpression: 'orgId = :from AND #st = :on AND attribute_not_exists(postGrade)',
        ExpressionAttributeNames: { '#st': 'status' },
        ExpressionAttributeValues: { ':from': from.org.orgId, ':on': 'onRoll' },
      },
    })),
  ];
  await writeChains(
    items,
    [
      {
        headItem: from.counter,
        head: set.length ? { set, names, values, condition: conditions.join(' AND ') || undefined } : undefined,
        audit: [{ chain: { kind: 'org', orgId: from.org.orgId }, actor, entityType: 'organization', entityId: from.org.orgId, action: 'splitOff', before: { establishment: establishmentOf(from.counter) }, after: { newOrg: org.orgId, quota: q, movedPeople: people.map((p) => p.personId) }, reason }],
      },
      {
        headItem: {},
        head: {
          set: ['orgId = :orgId', 'quota = :quota', 'onRoll = :onRoll', 'reserved = :z', 'vacancy = :vacancy', 'postQuota = :pz', 'postUsed = :pz', 'postVacancy = :pz'],
          condition: 'attribute_not_exists(pk)',
          values: { ':orgId': org.orgId, ':quota': newCounts.quota, ':onRoll': newCounts.onRoll, ':z': zeroCounts(), ':vacancy': newCounts.vacancy, ':pz': zeroPostCounts() },
        },
        audit: [{ chain: { kind: 'org', orgId: org.orgId }, actor, entityType: 'organization', entityId: org.orgId, action: 'splitFrom', before: null, after: { org, establishment: newCounts, from: from.org.orgId, movedPeople: people.map((p) => p.personId) }, reason }],
      },
    ],
    (where, current) =>
      where === 0
        ? QUOTA_TYPES.some((t) => q[t] - moved[t] > 0 && (current.item?.vacancy?.[t] ?? 0) < q[t] - moved[t])
          ? new ConflictError('The original organization has too few vacant slots to hand over', '原单位空编不足，不能划转这么多编制', 'NO_VACANCY')
          : stale()
        : where === 'items' && current.index === 1
          ? new ConflictError('This unified social credit code is already registered', '该统一社会信用代码已被登记', 'USCC_IN_USE')
          : where === 'items' && current.index === 0
            ? new ConflictError(`Organization ${org.orgId} already exists`, `单位 ${org.orgId} 已存在`, 'ORG_EXISTS')
            : stale(),
  );
  return org;
};

/**
 * Merges an organization into another in one transaction: its quotas and leadership posts add
 * to the receiving organization's, its people move onto the receiving roster, and it is
 * abolished with the receiver as successor. Both organizations' chains record it.
 */
const merge = async (from: OrgWithCounter, e: Extract<OrgEventInput, { event: 'merge' }>, actor: Actor): Promise<OrgRecord> => {
  const into = await registryRepo.getOrg(e.intoId);
  if (!into || into.org.status !== 'active' || e.intoId === from.org.orgId) throw refuse('body.intoId', 'exists', 'no other active organization with this id', '没有该在用的并入单位');
  if (into.org.kind !== from.org.kind) throw refuse('body.intoId', 'kind', 'organizations of different kinds cannot merge', '不同类型的单位不能合并');
  if ((await activeChildren(from.org.orgId, from.org.path)).length) throw refuse('body.event', 'hasChildren', 'its subordinate organizations must be moved first', '须先划转其所属单位');
  if (totals(from.counter).reserved) throw refuse('body.event', 'reserved', 'its reserved slots must be used or released first', '须先使用或释放其核准未入编名额');
  const people: Person[] = [];
  let token: string | undefined;
  do {
    const page = await registryRepo.listPeople(from.org.orgId, 200, token);
    people.push(...page.items.filter((p) => p.status === 'onRoll'));
    token = page.nextToken;
  } while (token);
  const fixed = 2 /* org put + history */ + 2 /* audit entries */ + 2; /* heads */
  if (people.length + fixed > MAX_TRANSACTION_ITEMS) {
    throw refuse('body.event', 'tooLarge', `${people.length} people are more than one merger moves at once (${MAX_TRANSACTION_ITEMS - fixed}); transfer some first`, `在编 ${people.length} 人超过一次合并可划转的人数（${MAX_TRANSACTION_ITEMS - fixed}），请先分批调动`);
  }
  const abolished = { ...from.org, status: 'abolished' as const, successorId: into.org.orgId, version: from.org.version + 1 };
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
      set.push(`postQuota.#g${i}.${k} = postQuota.#g${i}.${k} + :pq${i}${k}`, `postUsed.#g${i}.${k} = postUsed.#g${i}.${k} + :pu${i}${k}`, `postVacancy.#g${i}.${k} = postVacancy.#g${i}.${k} + :pv${i}${k}`);
    });
  });
  const emptied = emptyEstablishment();
  const reason = reasonOf(e);
  await writeChains(
    [
      orgPut(from.org, abolished),
      historyPut(from.org.orgId, e, 'mergedInto', { org: abolished, establishment: emptied }),
      ...moved.map((p) => ({
        Put: {
          TableName: table(),
          Item: { ...keys.person(p.personId), ...keys.rosterIndex(p.orgId, p.personId), ...p },
          ConditionExpression: 'orgId = :from AND #st = :on',
          ExpressionAttributeNames: { '#st': 'status' },
          ExpressionAttributeValues: { ':from': from.org.orgId, ':on': 'onRoll' },
        },
      })),
    ],
    [
      {
        headItem: from.counter,
        head: { set: ['quota = :z', 'onRoll = :z', 'vacancy = :z', 'postQuota = :pz', 'postUsed = :pz', 'postVacancy = :pz'], values: { ':z': zeroCounts(), ':pz': zeroPostCounts() } },
        audit: [{ chain: { kind: 'org', orgId: from.org.orgId }, actor, entityType: 'organization', entityId: from.org.orgId, action: 'mergedInto', before: { org: from.org, establishment: establishmentOf(from.counter) }, after: { org: abolished, movedPeople: moved.map((p) => p.personId) }, reason }],
      },
      {
        headItem: into.counter,
        head: { set, names, values },
        audit: [{ chain: { kind: 'org', orgId: into.org.orgId }, actor, entityType: 'organization', entityId: into.org.orgId, action: 'merged', before: { establishment: establishmentOf(into.counter) }, after: { mergedFrom: from.org.orgId, addedQuota: from.counter.quota, movedPeople: moved.map((p) => p.personId) }, reason }],
      },
    ],
    () => stale(),
  );
  return abolished;
};

/** A clerical correction: fixes what was recorded wrongly, with a reason, apart from business history. */
export const correctOrg = async (current: OrgWithCounter, c: CorrectionInput & { value: unknown }, actor: Actor): Promise<OrgRecord> => {
  const before = current.org;
  const after = { ...before, [c.field]: c.value, version: before.version + 1 } as OrgRecord;
  const items: TransactItem[] = [
    orgPut(before, after),
    {
      Put: {
        TableName: table(),
        Item: { ...keys.orgCorrection(before.orgId, nowIso(), randomBytes(3).toString('hex')), field: c.field, before: (before as Record<string, unknown>)[c.field] ?? null, after: c.value, reason: c.reason, actor: actor.userId, recordedAt: nowIso() },
      },
    },
  ];
  if (c.field === 'uscc') {
    items.push(
      { Delete: { TableName: table(), Key: keys.usccClaim(before.uscc) } },
      { Put: { TableName: table(), Item: { ...keys.usccClaim(String(c.value)), orgId: before.orgId }, ConditionExpression: 'attribute_not_exists(pk)' } },
    );
  }
  await writeWithAudit({
    items,
    audit: { chain: { kind: 'org', orgId: before.orgId }, actor, entityType: 'organization', entityId: before.orgId, action: 'correct', before: { [c.field]: (before as Record<string, unknown>)[c.field] ?? null }, after: { [c.field]: c.value }, reason: c.reason },
    headItem: current.counter,
    onConditionFailed: (where) =>
      where === 3 ? new ConflictError('This unified social credit code is already registered', '该统一社会信用代码已被登记', 'USCC_IN_USE') : stale(),
  });
  return after;
};

export const orgHistory = async (orgId: string) => {
  const out = await ddb().send(
    new QueryCommand({ TableName: table(), KeyConditionExpression: 'pk = :pk AND sk BETWEEN :a AND :b', ExpressionAttributeValues: { ':pk': keys.org(orgId).pk, ':a': keys.orgCorrectionPrefix, ':b': `${keys.orgHistoryPrefix}~` } }),
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
