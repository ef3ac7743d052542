/**
 * Registry data: organizations (with history for "as at" reads), their establishment counters,
 * and the real-name roster. Every write goes through writeWithAudit on the organization's chain.
 */
import { randomBytes } from 'node:crypto';
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { nowIso } from '../clock.ts';
import { emptyEstablishment, overQuotaTypes, quotaChange, type Establishment } from '../domain/registry/establishment.ts';
import type { QuotaType } from '../domain/registry/rules.ts';
import { ConflictError, fieldIssue, NotFoundError, ValidationError } from '../errors.ts';
import type { Organization, OrganizationInput, Person, QuotaInput } from '../schemas/registry.ts';
import { ddb } from './ddb.ts';
import { keys } from './keys.ts';
import { writeWithAudit, type Actor } from './write.ts';

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
        },
      }
    : {}),
});

const encodeToken = (k?: Record<string, unknown>) => (k ? Buffer.from(JSON.stringify(k)).toString('base64url') : undefined);
const decodeToken = (t: string | undefined, path: string) => {
  if (!t) return undefined;
  try {
    return JSON.parse(Buffer.from(t, 'base64url').toString()) as Record<string, unknown>;
  } catch {
    throw new ValidationError([fieldIssue(path, 'invalid', 'not a page token from this list', '不是本列表返回的分页标记')]);
  }
};

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

  /** The organization as recorded on `date` (its latest change effective on or before it). */
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
    return h ? present(h.snapshot.org, h.snapshot.establishment) : undefined;
  },

  async listOrgs(opts: { underPath?: string; limit: number; nextToken?: string }) {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi1',
        KeyConditionExpression: opts.underPath ? 'gsi1pk = :p AND begins_with(gsi1sk, :path)' : 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.orgsIndexPk, ...(opts.underPath ? { ':path': opts.underPath } : {}) },
        Limit: opts.limit,
        ExclusiveStartKey: decodeToken(opts.nextToken, 'query.nextToken'),
      }),
    );
    return { items: (out.Items ?? []).map((i) => present(strip<OrgRecord>(i))), nextToken: encodeToken(out.LastEvaluatedKey) };
  },

  async listPeople(orgId: string, limit: number, nextToken?: string) {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        ExpressionAttributeValues: { ':p': keys.rosterIndexPk(orgId) },
        Limit: limit,
        ExclusiveStartKey: decodeToken(nextToken, 'query.nextToken'),
      }),
    );
    return { items: (out.Items ?? []).map((i) => strip<Person>(i)), nextToken: encodeToken(out.LastEvaluatedKey) };
  },

  async getPerson(personId: string): Promise<Person | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: keys.person(personId), ConsistentRead: true }));
    return out.Item ? strip<Person>(out.Item) : undefined;
  },

  /** Sets up an organization: its record, counters at zero, its USCC claim and first history entry. */
  async createOrg(input: OrganizationInput & { uscc: string }, parent: OrgRecord | undefined, actor: Actor): Promise<Organization> {
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
    await writeWithAudit({
      items: [
        { Put: { TableName: table(), Item: { ...keys.org(org.orgId), ...keys.orgIndex(org.path), ...org }, ConditionExpression: 'attribute_not_exists(pk)' } },
        { Put: { TableName: table(), Item: { ...keys.usccClaim(org.uscc), orgId: org.orgId }, ConditionExpression: 'attribute_not_exists(pk)' } },
        historyPut(org.orgId, input, 'setUp', { org, establishment }),
        ...(parent
          ? [{ ConditionCheck: { TableName: table(), Key: keys.org(parent.orgId), ConditionExpression: '#s = :active', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':active': 'active' } } }]
          : []),
      ],
      head: {
        set: ['orgId = :orgId', 'quota = :z', 'onRoll = :z', 'reserved = :z', 'vacancy = :z'],
        condition: 'attribute_not_exists(pk)',
        values: { ':orgId': org.orgId, ':z': establishment.quota },
      },
      audit: { chain: { kind: 'org', orgId: org.orgId }, actor, entityType: 'organization', entityId: org.orgId, action: 'setUp', before: null, after: org, reason: reasonOf(input) },
      onConditionFailed: (where) =>
        where === 1
          ? new ConflictError('This unified social credit code is already registered', '该统一社会信用代码已被登记', 'USCC_IN_USE')
          : where === 3
            ? new ConflictError(`Parent ${parent?.orgId} is no longer active`, `上级单位 ${parent?.orgId} 已撤销`, 'PARENT_INACTIVE')
            : new ConflictError(`Organization ${org.orgId} already exists`, `单位 ${org.orgId} 已存在`, 'ORG_EXISTS'),
    });
    return present(org, establishment);
  },

  /**
   * Sets the approved quota of one type, backed by an approval document. A cut below on-roll +
   * reserved is allowed and leaves the unit over quota (warned); intake then stays refused
   * until it is back within quota.
   */
  async setQuota(current: OrgWithCounter, type: QuotaType, input: QuotaInput, actor: Actor) {
    const change = quotaChange(current.counter, type, input.approved);
    const after: Establishment = {
      quota: { ...current.counter.quota, [type]: input.approved },
      onRoll: current.counter.onRoll,
      reserved: current.counter.reserved,
      vacancy: { ...current.counter.vacancy, [type]: change.vacancyAfter },
    };
    await writeWithAudit({
      items: [historyPut(current.org.orgId, input, 'quota', { org: current.org, establishment: after })],
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
      onConditionFailed: () =>
        new ConflictError('The quota was changed meanwhile; read it again', '编制数已被他人修改，请刷新后重试', 'STALE_QUOTA'),
    });
    return { after, change };
  },

  /**
   * Puts a named person on the roster in one transaction: the person, the city-wide claim on
   * their national ID, the counters (on-roll +1, vacancy −1, only while vacancy ≥ 1) and the
   * audit entry.
   */
  async addPerson(current: OrgWithCounter, person: Omit<Person, 'personId' | 'orgId'>, actor: Actor): Promise<Person> {
    const personId = `p-${randomBytes(8).toString('hex')}`;
    const record: Person = { personId, orgId: current.org.orgId, ...person };
    await writeWithAudit({
      items: [
        { Put: { TableName: table(), Item: { ...keys.person(personId), ...keys.rosterIndex(record.orgId, personId), ...record, createdAt: nowIso() } } },
        { Put: { TableName: table(), Item: { ...keys.nationalIdClaim(record.nationalId), personId }, ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
      head: {
        set: ['onRoll.#t = onRoll.#t + :one', 'vacancy.#t = vacancy.#t - :one'],
        condition: 'vacancy.#t >= :one',
        names: { '#t': record.quotaType },
        values: { ':one': 1 },
      },
      headItem: current.counter,
      audit: { chain: { kind: 'org', orgId: record.orgId }, actor, entityType: 'person', entityId: personId, action: 'onRoll', before: null, after: record },
      onConditionFailed: (where, now) =>
        where === 1
          ? // Never say where: the other unit's roster is not this caller's to see.
            new ConflictError('This person already holds an establishment slot in the city', '此人已在本市占用编制，不能重复入编', 'DUPLICATE_PERSON')
          : new ConflictError(
              `No vacancy of type ${record.quotaType} (vacancy ${now?.vacancy?.[record.quotaType] ?? 0})`,
              `${record.quotaType} 无空编（空编数 ${now?.vacancy?.[record.quotaType] ?? 0}）`,
              'NO_VACANCY',
            ),
    });
    return record;
  },
};

const reasonOf = (b: { documentNumber?: string; reason?: string }) => [b.documentNumber, b.reason].filter(Boolean).join(' ') || undefined;

const historyPut = (
  orgId: string,
  backing: { documentNumber: string; effectiveDate: string; reason?: string },
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
