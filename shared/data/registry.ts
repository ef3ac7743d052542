/**
 * Registry data: organizations (with history for "as at" reads), their establishment counters,
 * and the real-name roster. Every write goes through writeWithAudit on the organization's chain.
 */
import { randomBytes } from 'node:crypto';
import { keyedHash } from '../keyring.ts';
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { nowIso } from '../clock.ts';
import {
  emptyEstablishment,
  establishmentOf,
  releasePost,
  overPostQuota,
  overQuotaTypes,
  quotaChange,
  zeroPostCounts,
  type Establishment,
  type PostCounts,
  type PostGrade,
  type PostTrack,
} from '../domain/registry/establishment.ts';
import type { QuotaType } from '../domain/registry/rules.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { POST_GRADE_LABELS, POST_TRACK_LABELS, QUOTA_TYPE_LABELS } from '../domain/labels.ts';
import { decodePageToken, encodePageToken } from './page-token.ts';
import type { Organization, OrganizationInput, Person, QuotaInput } from '../schemas/registry.ts';
import { ddb } from './ddb.ts';
import { keys } from './keys.ts';
import { writeChains, writeWithAudit, type Actor, type ChainPart, type TransactItem } from './write.ts';
import type { ChainHead } from '../domain/audit-chain.ts';

const table = () => config.tableName('registry');

export interface OrgRecord extends Omit<Organization, 'establishment'> {}
export interface OrgWithCounter {
  org: OrgRecord;
  counter: Record<string, any> & Establishment;
}

const strip = <T>(item: Record<string, any>): T => {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, gsi2pk: _e, gsi2sk: _f, ...rest } = item;
  return rest as T;
};

export const present = (org: OrgRecord, counter?: Establishment): Organization => ({
  ...org,
  ...(counter
    ? {
        establishment: {
          quota: counter.quota,
          onRoll: counter.onRoll,
          reserved: counter.reserved,
          vacancy: counter.vacancy,
          overQuota: overQuotaTypes(counter),
          posts: { quota: counter.postQuota ?? zeroPostCounts(), used: counter.postUsed ?? zeroPostCounts(), vacancy: counter.postVacancy ?? zeroPostCounts() },
          overPostQuota: overPostQuota(counter.postVacancy),
        },
      }
    : {}),
});


/**
 * A person's record id follows from their national ID, so the record itself is the city-wide
 * claim (one person, at most one slot) and an import rerun finds what it already wrote. The id
 * is a keyed hash (shared/keyring.ts), so keys and URLs carry no ID number and none can be
 * found again by hashing guesses.
 */
export const personIdFor = (nationalId: string): string => `p-${keyedHash('personId', nationalId).slice(0, 24)}`;

/** A person may take a slot if they have no record, or their record is off the roster. */
export const FREE_PERSON_CONDITION = 'attribute_not_exists(pk) OR #personStatus = :offRoll';
export const FREE_PERSON_NAMES = { '#personStatus': 'status' };
export const FREE_PERSON_VALUES = { ':offRoll': 'offRoll' };

/** In the same transaction as a change that needs it: the organization is still active. */
export const activeCheck = (orgId: string): TransactItem => ({
  ConditionCheck: { TableName: table(), Key: keys.org(orgId), ConditionExpression: '#s = :active', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':active': 'active' } },
});
const abolished = (orgId: string) => new ConflictError(`Organization ${orgId} has been abolished`, `单位 ${orgId} 已撤销`, 'ORGANIZATION_ABOLISHED');

/** The Put of a person joining a roster: only if they hold no slot anywhere in the city. */
export const joiningPersonPut = (record: Person & Record<string, unknown>): TransactItem => ({
  Put: {
    TableName: table(),
    Item: { ...keys.person(record.personId), ...keys.rosterIndex(record.orgId, record.personId), ...record, createdAt: nowIso() },
    ConditionExpression: FREE_PERSON_CONDITION,
    ExpressionAttributeNames: FREE_PERSON_NAMES,
    ExpressionAttributeValues: FREE_PERSON_VALUES,
  },
});

const notFound = (orgId: string) => new NotFoundError(`No organization ${orgId}`, `单位 ${orgId} 不存在`);

export const registryRepo = {
  /** The organization and its counter item in one consistent round trip. */
  async getOrg(orgId: string): Promise<OrgWithCounter | undefined> {
    const out = await ddb().send(
      new BatchGetCommand({ RequestItems: { [table()]: { Keys: [keys.org(orgId), keys.orgCounter(orgId)], ConsistentRead: true } } }),
    );
    const items = out.Responses?.[table()] ?? [];
    const org = items.find((i) => i.sk === 'ORG');
    const counter = items.find((i) => i.sk === 'COUNTER');
    if (!org || !counter) return undefined;
    return { org: strip<OrgRecord>(org), counter: counter as OrgWithCounter['counter'] };
  },

  async requireOrg(orgId: string): Promise<OrgWithCounter> {
    const found = await this.getOrg(orgId);
    if (!found) throw notFound(orgId);
    return found;
  },

  /**
   * The organization as recorded on `date`: its record and quotas from the latest change
   * effective on or before it, and on-roll counted from the roster by each person's dates (so
   * year-end headcounts are exact however many intakes came between changes).
   */
  async orgAsAt(orgId: string, date: string): Promise<Organization | undefined> {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.org(orgId).pk, ':from': keys.orgHistoryPrefix, ':to': `${keys.orgHistoryPrefix}${date}#~` },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const h = out.Items?.[0];
    if (!h) return undefined;
    const snapshot = h.snapshot.establishment as Establishment;
    const onRoll = Object.fromEntries(Object.keys(snapshot.onRoll).map((t) => [t, 0])) as Establishment['onRoll'];
    let token: string | undefined;
    do {
      const page = await this.listPeople(orgId, 200, token);
      for (const p of page.items) {
        const off = (p as Person & { offRollDate?: string }).offRollDate;
        if (p.onRollSince <= date && (p.status === 'onRoll' || (off !== undefined && off > date))) onRoll[p.quotaType]++;
      }
      token = page.nextToken;
    } while (token);
    const vacancy = Object.fromEntries(Object.keys(onRoll).map((t) => [t, snapshot.quota[t as keyof typeof onRoll] - onRoll[t as keyof typeof onRoll] - (snapshot.reserved[t as keyof typeof onRoll] ?? 0)])) as Establishment['vacancy'];
    return present(h.snapshot.org, { ...snapshot, onRoll, vacancy });
  },

  async listOrgs(opts: { underPath?: string; limit: number; nextToken?: string }) {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi1',
        KeyConditionExpression: opts.underPath ? 'gsi1pk = :p AND begins_with(gsi1sk, :path)' : 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.orgsIndexPk, ...(opts.underPath ? { ':path': opts.underPath } : {}) },
        Limit: opts.limit,
        ExclusiveStartKey: decodePageToken(opts.nextToken, 'query.nextToken'),
      }),
    );
    return { items: (out.Items ?? []).map((i) => present(strip<OrgRecord>(i))), nextToken: encodePageToken(out.LastEvaluatedKey) };
  },

  async listPeople(orgId: string, limit: number, nextToken?: string) {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': keys.rosterIndexPk(orgId) },
        Limit: limit,
        ExclusiveStartKey: decodePageToken(nextToken, 'query.nextToken'),
      }),
    );
    return { items: (out.Items ?? []).map((i) => strip<Person>(i)), nextToken: encodePageToken(out.LastEvaluatedKey) };
  },

  async getPerson(personId: string): Promise<Person | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: keys.person(personId), ConsistentRead: true }));
    return out.Item ? strip<Person>(out.Item) : undefined;
  },

  /** Sets up an organization: its record, counters (at zero, or an imported quota), its USCC claim and first history entry. */
  async createOrg(
    input: OrganizationInput & { uscc: string },
    parent: OrgRecord | undefined,
    actor: Actor,
    opts: { quota?: Establishment['quota']; importId?: string } = {},
  ): Promise<{ organization: Organization; record: OrgRecord; head: ChainHead }> {
    const [made] = await this.createOrgs([{ input, parent, ...opts }], actor);
    return made!;
  },

  /**
   * Sets up several organizations in one transaction (an import batch: up to 16), each on its
   * own chain. Parents must already exist.
   */
  async createOrgs(
    batch: { input: OrganizationInput & { uscc: string }; parent: OrgRecord | undefined; quota?: Establishment['quota']; importId?: string }[],
    actor: Actor,
  ): Promise<{ organization: Organization; record: OrgRecord; head: ChainHead }[]> {
    const items: TransactItem[] = [];
    const owners: { orgId: string; kind: 'org' | 'uscc' | 'history' | 'parent' }[] = [];
    const parts: ChainPart[] = [];
    const made: { org: OrgRecord; establishment: Establishment }[] = [];
    const checkedParents = new Set<string>();
    for (const { input, parent, quota, importId } of batch) {
      const org: OrgRecord = {
        orgId: input.orgId,
        name: input.name,
        kind: input.kind,
        parentId: parent?.orgId,
        departmentId: parent?.departmentId ?? input.orgId,
        path: `${parent?.path ?? ''}/${input.orgId}`,
        fundingForm: input.fundingForm,
        civilServiceManaged: input.civilServiceManaged,
        uscc: input.uscc,
        legalPersonStatus: input.legalPersonStatus,
        principalHead: input.principalHead,
        status: 'active',
        version: 1,
      };
      const establishment = emptyEstablishment();
      if (quota) {
        establishment.quota = { ...quota };
        establishment.vacancy = { ...quota };
      }
      made.push({ org, establishment });
      items.push({ Put: { TableName: table(), Item: { ...keys.org(org.orgId), ...keys.orgIndex(org.path), ...org }, ConditionExpression: 'attribute_not_exists(pk)' } });
      owners.push({ orgId: org.orgId, kind: 'org' });
      items.push({ Put: { TableName: table(), Item: { ...keys.usccClaim(org.uscc), orgId: org.orgId }, ConditionExpression: 'attribute_not_exists(pk)' } });
      owners.push({ orgId: org.orgId, kind: 'uscc' });
      items.push(historyPut(org.orgId, input, importId ? 'import' : 'setUp', { org, establishment }));
      owners.push({ orgId: org.orgId, kind: 'history' });
      // One check per parent: a transaction may touch an item only once.
      if (parent && !checkedParents.has(parent.orgId)) {
        checkedParents.add(parent.orgId);
        items.push(activeCheck(parent.orgId));
        owners.push({ orgId: parent.orgId, kind: 'parent' });
      }
      parts.push({
        // A new organization's chain starts empty: nothing to read first.
        headItem: {},
        head: {
          set: ['orgId = :orgId', 'quota = :quota', 'onRoll = :z', 'reserved = :z', 'vacancy = :quota', 'postQuota = :pz', 'postUsed = :pz', 'postVacancy = :pz'],
          condition: 'attribute_not_exists(pk)',
          values: { ':orgId': org.orgId, ':z': establishment.onRoll, ':quota': establishment.quota, ':pz': zeroPostCounts() },
        },
        audit: [
          {
            chain: { kind: 'org', orgId: org.orgId },
            actor,
            entityType: 'organization',
            entityId: org.orgId,
            action: importId ? 'import' : 'setUp',
            before: null,
            after: { ...org, ...(quota ? { quota } : {}) },
            reason: [reasonOf(input), importId && `import ${importId}`].filter(Boolean).join(' ') || undefined,
          },
        ],
      });
    }
    const heads = await writeChains(items, parts, (where, current) => {
      if (where !== 'items') return new ConflictError(`Organization ${made[where]?.org.orgId} already exists`, `单位 ${made[where]?.org.orgId} 已存在`, 'ORG_EXISTS');
      const owner = owners[current.index]!;
      return owner.kind === 'uscc'
        ? new ConflictError('This unified social credit code is already registered', '该统一社会信用代码已被登记', 'USCC_IN_USE')
        : owner.kind === 'parent'
          ? new ConflictError(`Parent ${owner.orgId} is no longer active`, `上级单位 ${owner.orgId} 已撤销`, 'PARENT_INACTIVE')
          : new ConflictError(`Organization ${owner.orgId} already exists`, `单位 ${owner.orgId} 已存在`, 'ORG_EXISTS');
    });
    return made.map((m, i) => ({ organization: present(m.org, m.establishment), record: m.org, head: heads[i]! }));
  },

  /** True when no organization is registered yet (so no person can be either). */
  async isEmpty(): Promise<boolean> {
    const out = await ddb().send(
      new QueryCommand({ TableName: table(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': keys.orgsIndexPk }, Limit: 1 }),
    );
    return (out.Items ?? []).length === 0;
  },

  /**
   * Sets the approved quota of one type, backed by an approval document. A cut below on-roll +
   * reserved is allowed and leaves the unit over quota (warned); intake then stays refused
   * until it is back within quota.
   */
  async setQuota(current: OrgWithCounter, type: QuotaType, input: QuotaInput, actor: Actor) {
    const change = quotaChange(current.counter, type, input.approved);
    const after: Establishment = {
      ...establishmentOf(current.counter),
      quota: { ...current.counter.quota, [type]: input.approved },
      vacancy: { ...current.counter.vacancy, [type]: change.vacancyAfter },
    };
    await writeWithAudit({
      items: [historyPut(current.org.orgId, input, 'quota', { org: current.org, establishment: after }), activeCheck(current.org.orgId)],
      head: {
        set: ['quota.#t = :approved', 'vacancy.#t = vacancy.#t + :delta'],
        condition: 'quota.#t = :before',
        names: { '#t': type },
        values: { ':approved': input.approved, ':delta': change.delta, ':before': current.counter.quota[type] },
      },
      headItem: current.counter,
      audit: {
        chain: { kind: 'org', orgId: current.org.orgId },
        actor,
        entityType: 'quota',
        entityId: `${current.org.orgId}/${type}`,
        action: 'set',
        before: { approved: current.counter.quota[type] },
        after: { approved: input.approved, documentNumber: input.documentNumber, effectiveDate: input.effectiveDate },
        reason: reasonOf(input),
      },
      onConditionFailed: (where) =>
        where === 1 ? abolished(current.org.orgId) : new ConflictError('The quota was changed meanwhile; read it again', '编制数已被他人修改，请刷新后重试', 'STALE_QUOTA'),
    });
    return { after, change };
  },

  /** Sets the approved leadership posts of one grade (both tracks), backed by an approval document. */
  async setPostQuota(current: OrgWithCounter, grade: PostGrade, input: { leader: number; nonLeader: number; documentNumber: string; effectiveDate: string; reason?: string }, actor: Actor) {
    const before = (current.counter.postQuota ?? zeroPostCounts())[grade];
    const vacancy = (current.counter.postVacancy ?? zeroPostCounts())[grade];
    const after = { leader: input.leader, nonLeader: input.nonLeader };
    const vacancyAfter = { leader: vacancy.leader + after.leader - before.leader, nonLeader: vacancy.nonLeader + after.nonLeader - before.nonLeader };
    const establishment: Establishment = {
      ...establishmentOf(current.counter),
      postQuota: { ...(current.counter.postQuota ?? zeroPostCounts()), [grade]: after },
      postVacancy: { ...(current.counter.postVacancy ?? zeroPostCounts()), [grade]: vacancyAfter },
    };
    await writeWithAudit({
      items: [historyPut(current.org.orgId, input, 'postQuota', { org: current.org, establishment }), activeCheck(current.org.orgId)],
      head: {
        set: ['postQuota.#g = :after', 'postVacancy.#g.leader = postVacancy.#g.leader + :dl', 'postVacancy.#g.nonLeader = postVacancy.#g.nonLeader + :dn'],
        condition: 'postQuota.#g.leader = :bl AND postQuota.#g.nonLeader = :bn',
        names: { '#g': grade },
        values: { ':after': after, ':dl': after.leader - before.leader, ':dn': after.nonLeader - before.nonLeader, ':bl': before.leader, ':bn': before.nonLeader },
      },
      headItem: current.counter,
      audit: {
        chain: { kind: 'org', orgId: current.org.orgId },
        actor,
        entityType: 'postQuota',
        entityId: `${current.org.orgId}/${grade}`,
        action: 'set',
        before,
        after: { ...after, documentNumber: input.documentNumber, effectiveDate: input.effectiveDate },
        reason: reasonOf(input),
      },
      onConditionFailed: (where) =>
        where === 1 ? abolished(current.org.orgId) : new ConflictError('The post quota was changed meanwhile; read it again', '领导职数已被他人修改，请刷新后重试', 'STALE_QUOTA'),
    });
    return { establishment, overBy: { leader: Math.max(0, -vacancyAfter.leader), nonLeader: Math.max(0, -vacancyAfter.nonLeader) } };
  },

  /**
   * Appoints a person on the roster to a leadership post of their organization, within its
   * post quota; a post they held before is freed in the same transaction.
   */
  async appointPost(current: OrgWithCounter, person: Person, post: { grade: PostGrade; track: PostTrack; since: string; documentNumber: string }, actor: Actor): Promise<Person> {
    const old = person.postGrade && person.postTrack ? { grade: person.postGrade as PostGrade, track: person.postTrack as PostTrack } : undefined;
    if (old && old.grade === post.grade && old.track === post.track) {
      throw new ConflictError('The person already holds this post', '此人已任该职务', 'SAME_POST');
    }
    const after: Person = { ...person, postGrade: post.grade, postTrack: post.track, postSince: post.since };
    const set = ['postUsed.#g.#k = postUsed.#g.#k + :one', 'postVacancy.#g.#k = postVacancy.#g.#k - :one'];
    const names: Record<string, string> = { '#g': post.grade, '#k': post.track };
    if (old) {
      const freed = releasePost(old, 'o');
      set.push(...freed.set);
      Object.assign(names, freed.names);
    }
    await writeWithAudit({
      items: [
        {
          Put: {
            TableName: table(),
            Item: { ...keys.person(person.personId), ...keys.rosterIndex(person.orgId, person.personId), ...after },
            ConditionExpression: '#st = :on AND orgId = :org AND ' + (old ? 'postGrade = :og AND postTrack = :ot' : 'attribute_not_exists(postGrade)'),
            ExpressionAttributeNames: { '#st': 'status' },
            ExpressionAttributeValues: { ':on': 'onRoll', ':org': person.orgId, ...(old ? { ':og': old.grade, ':ot': old.track } : {}) },
          },
        },
      ],
      head: { set, condition: 'postVacancy.#g.#k >= :one', names, values: { ':one': 1 } },
      headItem: current.counter,
      audit: {
        chain: { kind: 'org', orgId: person.orgId },
        actor,
        entityType: 'post',
        entityId: person.personId,
        action: 'appoint',
        before: old ?? null,
        after: { grade: post.grade, track: post.track, since: post.since },
        reason: post.documentNumber,
      },
      onConditionFailed: (where, now) =>
        where === 0
          ? new ConflictError('The person changed meanwhile; read them again', '人员信息已变化，请刷新后重试', 'STALE_PERSON')
          : new ConflictError(
              `No vacant ${post.track} post of grade ${post.grade} (vacancy ${now?.postVacancy?.[post.grade]?.[post.track] ?? 0})`,
              `${POST_GRADE_LABELS[post.grade]}${POST_TRACK_LABELS[post.track]}无空缺职数（空缺 ${now?.postVacancy?.[post.grade]?.[post.track] ?? 0}）`,
              'NO_POST_VACANCY',
            ),
    });
    return after;
  },

  /**
   * 下编: takes a person off the roster (retirement, transfer out, resignation, dismissal, death).
   * The person's record, the counters (on-roll −1, vacancy +1, and their post if they held one)
   * and the audit entry are one transaction.
   */
  async offboard(current: OrgWithCounter, person: Person, off: { reason: string; date: string; documentNumber?: string; note?: string }, actor: Actor): Promise<Person> {
    const after = { ...person, status: 'offRoll' as const, offRollDate: off.date, offRollReason: off.reason, postGrade: undefined, postTrack: undefined, postSince: undefined };
    const set = ['onRoll.#t = onRoll.#t - :one', 'vacancy.#t = vacancy.#t + :one'];
    const names: Record<string, string> = { '#t': person.quotaType };
    if (person.postGrade && person.postTrack) {
      const freed = releasePost({ grade: person.postGrade, track: person.postTrack }, 'p');
      set.push(...freed.set);
      Object.assign(names, freed.names);
    }
    await writeWithAudit({
      items: [
        {
          Put: {
            TableName: table(),
            Item: { ...keys.person(person.personId), ...keys.rosterIndex(person.orgId, person.personId), ...after },
            ConditionExpression: '#st = :on AND orgId = :org',
            ExpressionAttributeNames: { '#st': 'status' },
            ExpressionAttributeValues: { ':on': 'onRoll', ':org': person.orgId },
          },
        },
      ],
      head: { set, names, values: { ':one': 1 } },
      headItem: current.counter,
      audit: { chain: { kind: 'org', orgId: person.orgId }, actor, entityType: 'person', entityId: person.personId, action: 'offboard', before: { status: 'onRoll', post: person.postGrade ?? null }, after: { status: 'offRoll', ...off } },
      onConditionFailed: () => new ConflictError('The person is no longer on this roster', '此人已不在本单位名册中', 'NOT_ON_ROLL'),
    });
    return after as Person;
  },

  /**
   * Writes one chunk of an imported roster for one organization: the people, their counters and
   * one audit entry listing them, in one transaction. An imported roster may leave a unit over quota
   * (recorded and warned), so no vacancy condition; each person must still be free city-wide.
   * Returns false when the chunk was already written by an earlier run of the same import.
   */
  async importPeopleChunk(orgId: string, people: Person[], importId: string, actor: Actor, knownHead?: ChainHead): Promise<{ written: boolean; head?: ChainHead }> {
    const byType = new Map<string, number>();
    for (const p of people) byType.set(p.quotaType, (byType.get(p.quotaType) ?? 0) + 1);
    const types = [...byType.keys()];
    try {
      const head = await writeWithAudit({
        // The head this import wrote last for the organization; if someone wrote since, the write path reads again.
        headItem: knownHead ? { auditHead: knownHead } : undefined,
        items: people.map((p) => joiningPersonPut({ ...p, orgId, importId })),
        head: {
          set: types.flatMap((t, i) => [`onRoll.#t${i} = onRoll.#t${i} + :n${i}`, `vacancy.#t${i} = vacancy.#t${i} - :n${i}`]),
          names: Object.fromEntries(types.map((t, i) => [`#t${i}`, t])),
          values: Object.fromEntries(types.map((t, i) => [`:n${i}`, byType.get(t)!])),
          condition: 'attribute_exists(pk)',
        },
        // One entry per chunk, listing every person it put on the roster: half the items of one
        // entry per person, which is what lets a 15,000-person city load in the start-up budget.
        audit: [{ chain: { kind: 'org' as const, orgId }, actor, entityType: 'roster', entityId: orgId, action: 'import', before: null, after: { importId, people }, reason: `import ${importId}` }],
        onConditionFailed: (where) => new ConflictError(`import chunk conflict at ${String(where)}`, '导入冲突', `IMPORT_CONFLICT_${String(where)}`),
      });
      return { written: true, head };
    } catch (e) {
      if (!(e instanceof ConflictError) || !e.code.startsWith('IMPORT_CONFLICT_')) throw e;
      const at = Number(e.code.slice('IMPORT_CONFLICT_'.length));
      const existing = Number.isInteger(at) ? await ddb().send(new GetCommand({ TableName: table(), Key: keys.person(people[at]!.personId), ConsistentRead: true })) : undefined;
      // Chunks are atomic: if one of its people is there from this import, the whole chunk is.
      if (existing?.Item?.importId === importId) return { written: false };
      throw new ConflictError('Someone on this roster took an establishment slot while the import ran', '导入期间名册中有人已在本市入编', 'DUPLICATE_PERSON');
    }
  },

  /**
   * Puts a named person on the roster in one transaction: the person (their own city-wide
   * claim), the counters (on-roll +1, vacancy −1, only while vacancy ≥ 1) and the audit entry.
   */
  async addPerson(current: OrgWithCounter, person: Omit<Person, 'personId' | 'orgId' | 'status'>, actor: Actor): Promise<Person> {
    const personId = personIdFor(person.nationalId);
    const record: Person = { personId, orgId: current.org.orgId, status: 'onRoll', ...person };
    await writeWithAudit({
      items: [joiningPersonPut(record), activeCheck(current.org.orgId)],
      head: {
        set: ['onRoll.#t = onRoll.#t + :one', 'vacancy.#t = vacancy.#t - :one'],
        condition: 'vacancy.#t >= :one',
        names: { '#t': record.quotaType },
        values: { ':one': 1 },
      },
      headItem: current.counter,
      audit: { chain: { kind: 'org', orgId: record.orgId }, actor, entityType: 'person', entityId: personId, action: 'onRoll', before: null, after: record },
      onConditionFailed: (where, now) =>
        where === 0
          ? // Never say where: the other unit's roster is not this caller's to see.
            new ConflictError('This person already holds an establishment slot in the city', '此人已在本市占用编制，不能重复入编', 'DUPLICATE_PERSON')
          : where === 1
            ? abolished(current.org.orgId)
            : new ConflictError(
              `No vacancy of type ${record.quotaType} (vacancy ${now?.vacancy?.[record.quotaType] ?? 0})`,
              `${QUOTA_TYPE_LABELS[record.quotaType]}无空编（空编数 ${now?.vacancy?.[record.quotaType] ?? 0}）`,
              'NO_VACANCY',
            ),
    });
    return record;
  },
};

export const reasonOf = (b: { documentNumber?: string; reason?: string }) => [b.documentNumber, b.reason].filter(Boolean).join(' ') || undefined;

/** A business event in an organization's history, with the state after it (for "as at" reads). */
export const historyPut = (
  orgId: string,
  backing: { documentNumber?: string; effectiveDate: string; reason?: string },
  event: string,
  snapshot: { org: OrgRecord; establishment: Establishment },
) => ({
  Put: {
    TableName: table(),
    Item: {
      ...keys.orgHistory(orgId, backing.effectiveDate, `${nowIso()}#${randomBytes(3).toString('hex')}`),
      event,
      documentNumber: backing.documentNumber,
      effectiveDate: backing.effectiveDate,
      reason: backing.reason,
      snapshot,
      recordedAt: nowIso(),
    },
  },
});
