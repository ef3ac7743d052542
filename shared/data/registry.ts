/**
 * Registry data: organizations (with history for "as at" reads), their establishment counters,
 * and the real-name roster. Every write goes through writeAudited on the organization's chain.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import type { ChainHead } from '../domain/audit-chain.ts';
import { POST_GRADE_LABELS, POST_TRACK_LABELS, QUOTA_TYPE_LABELS } from '../domain/labels.ts';
import {
  type Establishment,
  emptyEstablishment,
  establishmentOf,
  overPostQuota,
  overQuotaTypes,
  type PostGrade,
  type PostTrack,
  quotaChange,
  releasePost,
  zeroPostCounts,
} from '../domain/registry/establishment.ts';
import { QUOTA_TYPES, type QuotaType } from '../domain/registry/rules.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { keyedHash } from '../keyring.ts';
import type { Organization, OrganizationInput, Person, QuotaInput } from '../schemas/registry.ts';
import { ddb } from './ddb.ts';
import { keys, orgChain, recordOf } from './keys.ts';
import { type OrgRecord, type OrgWithCounter, readOrg } from './org-read.ts';
import { decodePageToken, encodePageToken } from './page-token.ts';
import { queryAll } from './query-all.ts';
import {
  type Actor,
  type ChainWrite,
  type ConditionFailure,
  freshAfterFirst,
  type HeadChange,
  type TransactItem,
  unchanged,
  type WritePlan,
  writeAudited,
} from './write.ts';

const table = () => config.tableName('registry');

export { type OrgRecord, type OrgWithCounter, orgOfItems } from './org-read.ts';

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

/**
 * The Put of a person's changed record (`after`, listed on the roster of `after.orgId`), only
 * while they are still on the roll of `fromOrgId`, and as `extra` adds (their post, say).
 */
export const onRollPersonPut = (
  after: Person & Record<string, unknown>,
  fromOrgId: string,
  extra?: { condition: string; values: Record<string, unknown> },
): TransactItem => ({
  Put: {
    TableName: table(),
    Item: { ...keys.person(after.personId), ...keys.rosterIndex(after.orgId, after.personId), ...after },
    ConditionExpression: `orgId = :bzFrom AND #bzSt = :bzOn${extra ? ` AND ${extra.condition}` : ''}`,
    ExpressionAttributeNames: { '#bzSt': 'status' },
    ExpressionAttributeValues: { ':bzFrom': fromOrgId, ':bzOn': 'onRoll', ...extra?.values },
  },
});

/** In the same transaction as a change that needs it: the organization is still active. */
export const activeCheck = (orgId: string): TransactItem => ({
  ConditionCheck: {
    TableName: table(),
    Key: keys.org(orgId),
    ConditionExpression: '#s = :active',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':active': 'active' },
  },
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

/** Every organization's counter condition for "holds nobody and nothing": no one on the roll, nothing reserved. */
export const emptyCounterCondition = () => {
  const names: Record<string, string> = {};
  const parts = QUOTA_TYPES.map((t, i) => {
    names[`#e${i}`] = t;
    return `onRoll.#e${i} = :bzZero AND reserved.#e${i} = :bzZero`;
  });
  return { condition: parts.join(' AND '), names, values: { ':bzZero': 0 } };
};

/**
 * The head change of a subordinate organization set up under (`+n`) or leaving (`-n`) a parent:
 * the parent's count of active children lives on its counter item, so abolishing the parent is
 * conditioned on it inside the transaction.
 */
export const childCountChange = (delta: number): HeadChange => ({
  set: ['activeChildren = if_not_exists(activeChildren, :bzNoChildren) + :bzChildDelta'],
  values: { ':bzNoChildren': 0, ':bzChildDelta': delta },
});
export const NO_ACTIVE_CHILDREN = 'attribute_not_exists(activeChildren) OR activeChildren <= :bzNoActive';

/** A person from their item (as a route prefetched it). */
export const personOfItem = (item: Record<string, any> | undefined): Person | undefined => (item ? recordOf<Person>(item) : undefined);

/** One organization to set up: its details, its parent (which must exist and be active) and, from an import or an approval, its first quota. */
export interface OrgSetUp {
  /** The USCC may still be to come: a unit set up by an approved matter is coded when it registers. */
  input: Omit<OrganizationInput, 'uscc'> & { uscc?: string };
  parent: OrgRecord | undefined;
  quota?: Establishment['quota'];
  /** 主要职责, 内设机构, 事业单位类别: an approved set-up matter may give the new unit these. */
  described?: Pick<OrgRecord, 'functions' | 'internalUnits' | 'institutionCategory'>;
  importId?: string;
}

/**
 * The write that sets up organizations: each record, counters (at zero, or a first quota), USCC
 * claim (when it has one) and first history entry, each on its own chain; each parent counts its
 * new children on its counter. An import batch writes it alone; an issued set-up matter within
 * its own transaction.
 */
export const orgSetUpWrite = (batch: OrgSetUp[], actor: Actor): { made: { org: OrgRecord; establishment: Establishment }[]; plan: WritePlan } => {
  const made = batch.map(({ input, parent, quota, described }) => {
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
      ...described,
      status: 'active',
      version: 1,
    };
    const establishment = emptyEstablishment();
    if (quota) {
      establishment.quota = { ...quota };
      establishment.vacancy = { ...quota };
    }
    return { org, establishment };
  });
  const items: Record<string, TransactItem> = {};
  const chains: ChainWrite[] = [];
  batch.forEach(({ input, quota, importId }, i) => {
    const { org, establishment } = made[i]!;
    items[`org:${org.orgId}`] = {
      Put: { TableName: table(), Item: { ...keys.org(org.orgId), ...keys.orgIndex(org.path), ...org }, ConditionExpression: 'attribute_not_exists(pk)' },
    };
    if (org.uscc) {
      items[`uscc:${org.orgId}`] = {
        Put: { TableName: table(), Item: { ...keys.usccClaim(org.uscc), orgId: org.orgId }, ConditionExpression: 'attribute_not_exists(pk)' },
      };
    }
    items[`history:${org.orgId}`] = historyPut(org.orgId, input, importId ? 'import' : 'setUp', { org, establishment });
    chains.push({
      // A new organization's chain starts empty: nothing to read first.
      headItem: {},
      head: {
        set: [
          'orgId = :orgId',
          'quota = :quota',
          'onRoll = :z',
          'reserved = :z',
          'vacancy = :quota',
          'postQuota = :pz',
          'postUsed = :pz',
          'postVacancy = :pz',
          'activeChildren = :none',
        ],
        condition: 'attribute_not_exists(pk)',
        values: { ':orgId': org.orgId, ':z': establishment.onRoll, ':quota': establishment.quota, ':pz': zeroPostCounts(), ':none': 0 },
      },
      audit: {
        chain: orgChain(org.orgId),
        actor,
        entityType: 'organization',
        entityId: org.orgId,
        action: importId ? 'import' : 'setUp',
        before: null,
        after: { ...org, ...(quota ? { quota } : {}) },
        reason: [reasonOf(input), importId && `import ${importId}`].filter(Boolean).join(' ') || undefined,
      },
    });
  });
  // One update per parent, counting all its new children (a transaction touches an item once).
  const children = new Map<string, number>();
  for (const { parent } of batch) if (parent) children.set(parent.orgId, (children.get(parent.orgId) ?? 0) + 1);
  for (const [parentId, n] of children) {
    items[`parent:${parentId}`] = activeCheck(parentId);
    items[`parentCount:${parentId}`] = {
      Update: { TableName: table(), Key: keys.orgCounter(parentId), ...updateOf(childCountChange(n)), ConditionExpression: 'attribute_exists(pk)' },
    };
  }
  return {
    made,
    plan: {
      items,
      chains,
      refuse: (f: ConditionFailure) => {
        if ('chain' in f) return orgExists(f.chain.slice('org#'.length));
        const [kind, orgId] = f.item.split(':') as [string, string];
        return kind === 'uscc'
          ? new ConflictError('This unified social credit code is already registered', '该统一社会信用代码已被登记', 'USCC_IN_USE')
          : kind === 'parent' || kind === 'parentCount'
            ? new ConflictError(`Parent ${orgId} is no longer active`, `上级单位 ${orgId} 已撤销`, 'PARENT_INACTIVE')
            : orgExists(orgId);
      },
    },
  };
};

export const registryRepo = {
  /** The organization and its counter item in one consistent round trip. */
  getOrg(orgId: string): Promise<OrgWithCounter | undefined> {
    return readOrg(orgId);
  },

  async requireOrg(orgId: string): Promise<OrgWithCounter> {
    const found = await this.getOrg(orgId);
    if (!found) throw notFound(orgId);
    return found;
  },

  /** The organization as the caller read it on the first attempt of a write, afresh on the others. */
  orgFor(attempt: number, known: OrgWithCounter): Promise<OrgWithCounter> {
    return freshAfterFirst(attempt, known, () => this.requireOrg(known.org.orgId));
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
    for (const p of await this.rosterOf(orgId)) {
      const off = (p as Person & { offRollDate?: string }).offRollDate;
      if (p.onRollSince <= date && (p.status === 'onRoll' || (off !== undefined && off > date))) onRoll[p.quotaType]++;
    }
    const vacancy = Object.fromEntries(
      Object.keys(onRoll).map((t) => [
        t,
        snapshot.quota[t as keyof typeof onRoll] - onRoll[t as keyof typeof onRoll] - (snapshot.reserved[t as keyof typeof onRoll] ?? 0),
      ]),
    ) as Establishment['vacancy'];
    return present(h.snapshot.org, { ...snapshot, onRoll, vacancy });
  },

  /**
   * Organizations in hierarchy order; `underPath` limits the list to one organization and its
   * subtree. The index key is the path with a trailing separator, so `/edu/` never matches
   * `/edu-tech/`.
   */
  async listOrgs(opts: { underPath?: string; limit: number; nextToken?: string }) {
    const page = { table: table(), index: 'gsi1', partition: keys.orgsIndexPk, prefix: opts.underPath ? keys.orgIndex(opts.underPath).gsi1sk : undefined };
    const out = await ddb().send(
      new QueryCommand({
        TableName: page.table,
        IndexName: page.index,
        KeyConditionExpression: opts.underPath ? 'gsi1pk = :p AND begins_with(gsi1sk, :path)' : 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': page.partition, ...(page.prefix ? { ':path': page.prefix } : {}) },
        Limit: opts.limit,
        ExclusiveStartKey: decodePageToken(page, opts.nextToken, 'query.nextToken'),
      }),
    );
    return { items: (out.Items ?? []).map((i) => present(recordOf<OrgRecord>(i))), nextToken: encodePageToken(page, out.LastEvaluatedKey) };
  },

  /** Active organizations below `path` (not the organization itself). */
  async activeChildren(path: string): Promise<OrgRecord[]> {
    const self = keys.orgIndex(path).gsi1sk;
    const found: OrgRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await ddb().send(
        new QueryCommand({
          TableName: table(),
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p AND begins_with(gsi1sk, :path)',
          FilterExpression: '#s = :active',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':p': keys.orgsIndexPk, ':path': self, ':active': 'active' },
          ExclusiveStartKey: start,
        }),
      );
      found.push(...(out.Items ?? []).filter((i) => i.gsi1sk !== self).map((i) => recordOf<OrgRecord>(i)));
      start = out.LastEvaluatedKey;
    } while (start);
    return found;
  },

  async listPeople(orgId: string, limit: number, nextToken?: string) {
    const page = { table: table(), index: 'gsi2', partition: keys.rosterIndexPk(orgId) };
    const out = await ddb().send(
      new QueryCommand({
        TableName: page.table,
        IndexName: page.index,
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': page.partition },
        Limit: limit,
        ExclusiveStartKey: decodePageToken(page, nextToken, 'query.nextToken'),
      }),
    );
    return { items: (out.Items ?? []).map((i) => recordOf<Person>(i)), nextToken: encodePageToken(page, out.LastEvaluatedKey) };
  },

  /** Every person the roster index lists for a unit (on the roll and off it), all pages, no page tokens. */
  async rosterOf(orgId: string): Promise<Person[]> {
    const items = await queryAll({
      TableName: table(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': keys.rosterIndexPk(orgId) },
    });
    return items.map((i) => recordOf<Person>(i));
  },

  async getPerson(personId: string): Promise<Person | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: keys.person(personId), ConsistentRead: true }));
    return out.Item ? recordOf<Person>(out.Item) : undefined;
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
   * Sets up several organizations in one transaction (an import batch: ORGS_PER_BATCH), each on its
   * own chain; each parent (which must exist and be active) counts its new children on its
   * counter, in the same transaction.
   */
  async createOrgs(batch: OrgSetUp[], actor: Actor): Promise<{ organization: Organization; record: OrgRecord; head: ChainHead }[]> {
    const { made, plan } = orgSetUpWrite(batch, actor);
    const heads = await writeAudited(unchanged(plan));
    return made.map((m, i) => ({ organization: present(m.org, m.establishment), record: m.org, head: heads[i]! }));
  },

  /** True when no organization is registered yet (so no person can be either). */
  async isEmpty(): Promise<boolean> {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.orgsIndexPk },
        Limit: 1,
      }),
    );
    return (out.Items ?? []).length === 0;
  },

  /**
   * Sets the approved quota of one type, backed by an approval document. A cut below on-roll +
   * reserved is allowed and leaves the unit over quota (warned); intake then stays refused
   * until it is back within quota.
   */
  async setQuota(known: OrgWithCounter, type: QuotaType, input: QuotaInput, actor: Actor) {
    let result: { after: Establishment; change: ReturnType<typeof quotaChange> } | undefined;
    await writeAudited(async (attempt) => {
      const current = await this.orgFor(attempt, known);
      if (current.org.status !== 'active') throw abolished(current.org.orgId);
      const write = quotaSetWrite(current, type, input, actor);
      result = write;
      return {
        items: write.items,
        chains: [write.chain],
        refuse: (f) => ('item' in f && f.item === 'active' ? abolished(current.org.orgId) : 'retry'),
      };
    });
    return result!;
  },

  /** Sets the approved leadership posts of one grade (both tracks), backed by an approval document. */
  async setPostQuota(
    known: OrgWithCounter,
    grade: PostGrade,
    input: { leader: number; nonLeader: number; documentNumber: string; effectiveDate: string; reason?: string },
    actor: Actor,
  ) {
    let result: { establishment: Establishment; overBy: { leader: number; nonLeader: number } } | undefined;
    await writeAudited(async (attempt) => {
      const current = await this.orgFor(attempt, known);
      if (current.org.status !== 'active') throw abolished(current.org.orgId);
      const write = postQuotaSetWrite(current, grade, input, actor);
      result = write;
      return {
        items: write.items,
        chains: [write.chain],
        refuse: (f) => ('item' in f && f.item === 'active' ? abolished(current.org.orgId) : 'retry'),
      };
    });
    return result!;
  },

  /**
   * Appoints a person on the roster to a leadership post of their organization, within its
   * post quota; a post they held before is freed in the same transaction.
   */
  async appointPost(
    knownOrg: OrgWithCounter,
    knownPerson: Person,
    post: { grade: PostGrade; track: PostTrack; since: string; documentNumber: string },
    actor: Actor,
  ): Promise<Person> {
    let result: Person | undefined;
    await writeAudited(async (attempt) => {
      const person = attempt === 1 ? knownPerson : await this.getPerson(knownPerson.personId);
      if (person?.status !== 'onRoll' || person.orgId !== knownOrg.org.orgId) throw staleOrGone();
      const current = await this.orgFor(attempt, knownOrg);
      if (current.org.status !== 'active') throw abolished(current.org.orgId);
      const old = person.postGrade && person.postTrack ? { grade: person.postGrade as PostGrade, track: person.postTrack as PostTrack } : undefined;
      if (old && old.grade === post.grade && old.track === post.track) {
        throw new ConflictError('The person already holds this post', '此人已任该职务', 'SAME_POST');
      }
      const vacant = current.counter.postVacancy?.[post.grade]?.[post.track] ?? 0;
      if (vacant < 1) throw noPostVacancy(post, vacant);
      const after: Person = { ...person, postGrade: post.grade, postTrack: post.track, postSince: post.since };
      result = after;
      const set = ['postUsed.#g.#k = postUsed.#g.#k + :one', 'postVacancy.#g.#k = postVacancy.#g.#k - :one'];
      const names: Record<string, string> = { '#g': post.grade, '#k': post.track };
      if (old) {
        const freed = releasePost(old, 'o');
        set.push(...freed.set);
        Object.assign(names, freed.names);
      }
      return {
        items: {
          person: onRollPersonPut(
            after,
            person.orgId,
            old
              ? { condition: 'postGrade = :og AND postTrack = :ot', values: { ':og': old.grade, ':ot': old.track } }
              : { condition: 'attribute_not_exists(postGrade)', values: {} },
          ),
          active: activeCheck(current.org.orgId),
        },
        chains: [
          {
            headItem: current.counter,
            head: { set, condition: 'postVacancy.#g.#k >= :one', names, values: { ':one': 1 } },
            audit: {
              chain: orgChain(person.orgId),
              actor,
              entityType: 'post',
              entityId: person.personId,
              action: 'appoint',
              before: old ?? null,
              after: { grade: post.grade, track: post.track, since: post.since },
              reason: post.documentNumber,
            },
          },
        ],
        // Any failed condition means the person, the organization or its posts changed: decide again.
        refuse: () => 'retry',
      };
    });
    return result!;
  },

  /**
   * 下编: takes a person off the roster (retirement, transfer out, resignation, dismissal, death).
   * The person's record, the counters (on-roll −1, vacancy +1, and their post if they held one)
   * and the audit entry are one transaction.
   */
  async offboard(
    knownOrg: OrgWithCounter,
    knownPerson: Person,
    off: { reason: string; date: string; documentNumber?: string; note?: string },
    actor: Actor,
  ): Promise<Person> {
    let result: Person | undefined;
    await writeAudited(async (attempt) => {
      const person = attempt === 1 ? knownPerson : await this.getPerson(knownPerson.personId);
      if (person?.status !== 'onRoll' || person.orgId !== knownOrg.org.orgId) {
        throw new ConflictError('The person is no longer on this roster', '此人已不在本单位名册中', 'NOT_ON_ROLL');
      }
      const current = await this.orgFor(attempt, knownOrg);
      const after = {
        ...person,
        status: 'offRoll' as const,
        offRollDate: off.date,
        offRollReason: off.reason,
        postGrade: undefined,
        postTrack: undefined,
        postSince: undefined,
      };
      result = after as Person;
      const set = ['onRoll.#t = onRoll.#t - :one', 'vacancy.#t = vacancy.#t + :one'];
      const names: Record<string, string> = { '#t': person.quotaType };
      if (person.postGrade && person.postTrack) {
        const freed = releasePost({ grade: person.postGrade, track: person.postTrack }, 'p');
        set.push(...freed.set);
        Object.assign(names, freed.names);
      }
      return {
        items: {
          person: onRollPersonPut(after as Person, person.orgId),
        },
        chains: [
          {
            headItem: current.counter,
            head: { set, names, values: { ':one': 1 } },
            audit: {
              chain: orgChain(person.orgId),
              actor,
              entityType: 'person',
              entityId: person.personId,
              action: 'offboard',
              before: { status: 'onRoll', post: person.postGrade ?? null },
              after: { status: 'offRoll', ...off },
            },
          },
        ],
        refuse: () => 'retry',
      };
    });
    return result!;
  },

  /**
   * Writes one chunk of an imported roster for one organization: the people, their counters and
   * one audit entry listing them, in one transaction. An imported roster may leave a unit over quota
   * (recorded and warned), so no vacancy condition; each person must still be free city-wide.
   * Returns false when the chunk was already written by an earlier run of the same import.
   */
  async importPeopleChunk(
    orgId: string,
    people: Person[],
    importId: string,
    actor: Actor,
    knownHead?: ChainHead,
  ): Promise<{ written: boolean; head?: ChainHead }> {
    const byType = new Map<string, number>();
    for (const p of people) byType.set(p.quotaType, (byType.get(p.quotaType) ?? 0) + 1);
    const types = [...byType.keys()];
    const taken = new ConflictError(
      'Someone on this roster took an establishment slot while the import ran',
      '导入期间名册中有人已在本市入编',
      'DUPLICATE_PERSON',
    );
    let clash: number | undefined;
    try {
      const [head] = await writeAudited((attempt) => ({
        items: Object.fromEntries(people.map((p, i) => [`person:${i}`, joiningPersonPut({ ...p, orgId, importId })])),
        chains: [
          {
            // The head this import wrote last for the organization; if someone wrote since, it is read again.
            headItem: attempt === 1 && knownHead ? { auditHead: knownHead } : undefined,
            head: {
              set: types.flatMap((_t, i) => [`onRoll.#t${i} = onRoll.#t${i} + :n${i}`, `vacancy.#t${i} = vacancy.#t${i} - :n${i}`]),
              names: Object.fromEntries(types.map((t, i) => [`#t${i}`, t])),
              values: Object.fromEntries(types.map((t, i) => [`:n${i}`, byType.get(t)!])),
              condition: 'attribute_exists(pk)',
            },
            // One entry per chunk, listing every person it put on the roster: half the items of one
            // entry per person, which is what lets a 15,000-person city load in the start-up budget.
            audit: {
              chain: orgChain(orgId),
              actor,
              entityType: 'roster',
              entityId: orgId,
              action: 'import',
              before: null,
              after: { importId, people },
              reason: `import ${importId}`,
            },
          },
        ],
        refuse: (f) => {
          if ('item' in f) clash = Number(f.item.slice('person:'.length));
          return taken;
        },
      }));
      return { written: true, head };
    } catch (e) {
      if (e !== taken || clash === undefined) throw e;
      const existing = await ddb().send(new GetCommand({ TableName: table(), Key: keys.person(people[clash]!.personId), ConsistentRead: true }));
      // Chunks are atomic: if one of its people is there from this import, the whole chunk is.
      if (existing.Item?.importId === importId) return { written: false };
      throw e;
    }
  },

  /**
   * Puts a named person on the roster in one transaction: the person (their own city-wide
   * claim), the counters (on-roll +1, vacancy −1, only while vacancy ≥ 1, only while the
   * organization is active) and the audit entry.
   */
  async addPerson(known: OrgWithCounter, person: Omit<Person, 'personId' | 'orgId' | 'status'>, actor: Actor): Promise<Person> {
    const personId = personIdFor(person.nationalId);
    const record: Person = { personId, orgId: known.org.orgId, status: 'onRoll', ...person };
    await writeAudited(async (attempt) => {
      const current = await this.orgFor(attempt, known);
      if (current.org.status !== 'active') throw abolished(current.org.orgId);
      if ((current.counter.vacancy[record.quotaType] ?? 0) < 1) throw noVacancy(record.quotaType, current.counter.vacancy[record.quotaType]);
      return {
        items: { person: joiningPersonPut(record), active: activeCheck(record.orgId) },
        chains: [
          {
            headItem: current.counter,
            head: {
              set: ['onRoll.#t = onRoll.#t + :one', 'vacancy.#t = vacancy.#t - :one'],
              condition: 'vacancy.#t >= :one',
              names: { '#t': record.quotaType },
              values: { ':one': 1 },
            },
            audit: { chain: orgChain(record.orgId), actor, entityType: 'person', entityId: personId, action: 'onRoll', before: null, after: record },
          },
        ],
        refuse: (f) =>
          'item' in f && f.item === 'person'
            ? // Never say where: the other unit's roster is not this caller's to see.
              duplicatePerson()
            : 'retry',
      };
    });
    return record;
  },
};

export const duplicatePerson = () =>
  new ConflictError('This person already holds an establishment slot in the city', '此人已在本市占用编制，不能重复入编', 'DUPLICATE_PERSON');
export const noVacancy = (quotaType: QuotaType, vacancy: number | undefined) =>
  new ConflictError(
    `No vacancy of type ${quotaType} (vacancy ${vacancy ?? 0})`,
    `${QUOTA_TYPE_LABELS[quotaType]}无空编（空编数 ${vacancy ?? 0}）`,
    'NO_VACANCY',
  );
const noPostVacancy = (post: { grade: PostGrade; track: PostTrack }, vacant: number) =>
  new ConflictError(
    `No vacant ${post.track} post of grade ${post.grade} (vacancy ${vacant})`,
    `${POST_GRADE_LABELS[post.grade]}${POST_TRACK_LABELS[post.track]}无空缺职数（空缺 ${vacant}）`,
    'NO_POST_VACANCY',
  );
const staleOrGone = () => new ConflictError('The person changed meanwhile; read them again', '人员信息已变化，请刷新后重试', 'STALE_PERSON');
const orgExists = (orgId: string) => new ConflictError(`Organization ${orgId} already exists`, `单位 ${orgId} 已存在`, 'ORG_EXISTS');

export { abolished };

/** A head change's clauses as the parts of an UpdateItem on an item that is not a chain head. */
export const updateOf = (h: HeadChange) => ({
  UpdateExpression: `SET ${(h.set ?? []).join(', ')}`,
  ExpressionAttributeNames: h.names,
  ExpressionAttributeValues: h.values,
});

/**
 * What sets the leadership posts of one grade (both tracks) of a unit, backed by its approval
 * document: history, active check, and the counter's move conditioned on the posts it was read
 * with. PUT post-quota and an issued post-quota matter both write it.
 */
export const postQuotaSetWrite = (
  current: OrgWithCounter,
  grade: PostGrade,
  input: { leader: number; nonLeader: number; documentNumber: string; effectiveDate: string; reason?: string },
  actor: Actor,
) => {
  const before = (current.counter.postQuota ?? zeroPostCounts())[grade];
  const vacancy = (current.counter.postVacancy ?? zeroPostCounts())[grade];
  const after = { leader: input.leader, nonLeader: input.nonLeader };
  const vacancyAfter = { leader: vacancy.leader + after.leader - before.leader, nonLeader: vacancy.nonLeader + after.nonLeader - before.nonLeader };
  const establishment: Establishment = {
    ...establishmentOf(current.counter),
    postQuota: { ...(current.counter.postQuota ?? zeroPostCounts()), [grade]: after },
    postVacancy: { ...(current.counter.postVacancy ?? zeroPostCounts()), [grade]: vacancyAfter },
  };
  return {
    establishment,
    overBy: { leader: Math.max(0, -vacancyAfter.leader), nonLeader: Math.max(0, -vacancyAfter.nonLeader) },
    items: { history: historyPut(current.org.orgId, input, 'postQuota', { org: current.org, establishment }), active: activeCheck(current.org.orgId) },
    chain: {
      headItem: current.counter,
      head: {
        set: ['postQuota.#g = :after', 'postVacancy.#g.leader = postVacancy.#g.leader + :dl', 'postVacancy.#g.nonLeader = postVacancy.#g.nonLeader + :dn'],
        condition: 'postQuota.#g.leader = :bl AND postQuota.#g.nonLeader = :bn',
        names: { '#g': grade },
        values: {
          ':after': after,
          ':dl': after.leader - before.leader,
          ':dn': after.nonLeader - before.nonLeader,
          ':bl': before.leader,
          ':bn': before.nonLeader,
        },
      },
      audit: {
        chain: orgChain(current.org.orgId),
        actor,
        entityType: 'postQuota',
        entityId: `${current.org.orgId}/${grade}`,
        action: 'set',
        before,
        after: { ...after, documentNumber: input.documentNumber, effectiveDate: input.effectiveDate },
        reason: reasonOf(input),
      },
    },
  };
};

/**
 * What sets one quota type of a unit, backed by its approval document: the history entry, the
 * unit's active check, and the move of its counter (conditioned on the quota it was read with)
 * with its audit entry. PUT quota and an issued matter (a quota increase or cut) both write it.
 */
export const quotaSetWrite = (
  current: OrgWithCounter,
  type: QuotaType,
  input: { approved: number; documentNumber: string; effectiveDate: string; reason?: string },
  actor: Actor,
) => {
  const change = quotaChange(current.counter, type, input.approved);
  const after: Establishment = {
    ...establishmentOf(current.counter),
    quota: { ...current.counter.quota, [type]: input.approved },
    vacancy: { ...current.counter.vacancy, [type]: change.vacancyAfter },
  };
  return {
    after,
    change,
    items: { history: historyPut(current.org.orgId, input, 'quota', { org: current.org, establishment: after }), active: activeCheck(current.org.orgId) },
    chain: {
      headItem: current.counter,
      head: {
        set: ['quota.#t = :approved', 'vacancy.#t = vacancy.#t + :delta'],
        condition: 'quota.#t = :before',
        names: { '#t': type },
        values: { ':approved': input.approved, ':delta': change.delta, ':before': current.counter.quota[type] },
      },
      audit: {
        chain: orgChain(current.org.orgId),
        actor,
        entityType: 'quota',
        entityId: `${current.org.orgId}/${type}`,
        action: 'set',
        before: { approved: current.counter.quota[type] },
        after: { approved: input.approved, documentNumber: input.documentNumber, effectiveDate: input.effectiveDate },
        reason: reasonOf(input),
      },
    },
  };
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
