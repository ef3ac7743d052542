/** Matters (机构编制事项): the matter record, its audit chain, and a unit's list of them. */
import { randomBytes } from 'node:crypto';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import type { AuditRecord } from '../domain/matters/timeline.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { type Matter, OPEN_MATTER_STATUSES } from '../schemas/matters.ts';
import { ddb } from './ddb.ts';
import { type IdempotencyRef, idempotencyPut } from './idempotency.ts';
import { chainName, keys, recordOf } from './keys.ts';
import { executionArn, sfn } from './sfn.ts';
import { type Actor, freshAfterFirst, type TransactItem, writeAudited } from './write.ts';

const table = () => config.tableName('matters');

export const newMatterId = () => `matter-${randomBytes(8).toString('hex')}`;
export const matterChain = (matterId: string) => ({ kind: 'matter' as const, id: matterId });

/** The matter's item: listed under its unit, and among the open matters while its workflow should run. */
const matterItem = (m: Matter) => ({
  ...keys.matter(m.matterId),
  ...keys.matterIndex(m.orgId, m.submittedAt),
  ...((OPEN_MATTER_STATUSES as readonly string[]).includes(m.status) ? keys.openMatterIndex(m.revisedAt ?? m.submittedAt, m.matterId) : {}),
  ...m,
});

/** A new matter's Put: written once. */
export const matterCreatePut = (matter: Matter): TransactItem => ({
  Put: { TableName: table(), Item: matterItem(matter), ConditionExpression: 'attribute_not_exists(pk)' },
});

/** The execution of a matter's current revision, by its ASCII business name. */
export const matterExecutionArn = (m: Pick<Matter, 'executionName'>) => executionArn(config.stateMachineArn('matter-approval'), m.executionName);

/** The matter's Put, only if its status and round are still those it was read with. */
export const matterPut = (matter: Matter, from: Pick<Matter, 'status' | 'round'>): TransactItem => ({
  Put: {
    TableName: table(),
    Item: matterItem(matter),
    ConditionExpression: '#s = :s AND #r = :r',
    ExpressionAttributeNames: { '#s': 'status', '#r': 'round' },
    ExpressionAttributeValues: { ':s': from.status, ':r': from.round },
  },
});

/** The receipt of a copy, on the issued document's list of copies, in the transaction that records the acknowledgement. */
export const copyReceiptUpdate = (matterId: string, taskId: string, by: string, at: string): TransactItem => {
  const index = Number(/k(\d+)$/.exec(taskId)?.[1] ?? Number.NaN);
  return {
    Update: {
      TableName: table(),
      Key: keys.matter(matterId),
      UpdateExpression: `SET #d.copies[${index}].receivedAt = :at, #d.copies[${index}].receivedBy = :by`,
      ConditionExpression: `#d.copies[${index}].taskId = :task`,
      ExpressionAttributeNames: { '#d': 'document' },
      ExpressionAttributeValues: { ':at': at, ':by': by, ':task': taskId },
    },
  };
};

/** The name of the execution of one revision of a matter (an ASCII business key, as the matter records it). */
export const matterExecutionName = (matterId: string, revision: number) => `${matterId}-r${revision}`;

/** Starts the matter's execution by its name (an ASCII business key): a no-op answer when that start was made. */
export const startMatterWorkflow = async (matter: Pick<Matter, 'matterId' | 'executionName'>): Promise<void> => {
  await sfn().send(
    new StartExecutionCommand({
      stateMachineArn: config.stateMachineArn('matter-approval'),
      name: matter.executionName,
      input: JSON.stringify({ matterId: matter.matterId }),
    }),
  );
};

export const mattersRepo = {
  async get(matterId: string): Promise<Matter | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: keys.matter(matterId), ConsistentRead: true }));
    return out.Item ? recordOf<Matter>(out.Item) : undefined;
  },

  async require(matterId: string): Promise<Matter> {
    const m = await this.get(matterId);
    if (!m) throw new NotFoundError(`No matter ${matterId}`, `没有机构编制事项 ${matterId}`);
    return m;
  },

  async listByOrg(orgId: string, limit = 50): Promise<Matter[]> {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.matterIndexPk(orgId) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => recordOf<Matter>(i));
  },

  /** Open matters (re)started before `before` (an ISO time), oldest first, one page at a time. */
  async openMatters(before: string, start?: Record<string, unknown>) {
    const out = await ddb().send(
      new QueryCommand({
        TableName: table(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p AND gsi2sk < :before',
        ExpressionAttributeValues: { ':p': keys.openMattersPk, ':before': before },
        ExclusiveStartKey: start,
        Limit: 100,
      }),
    );
    return { items: (out.Items ?? []).map((i) => recordOf<Matter>(i)), next: out.LastEvaluatedKey };
  },

  /**
   * The entries of the matter's audit chain, oldest first: a Query on the chain's partition,
   * read consistently (an entry just written is there), without the hashes and the full
   * before-and-after images a timeline does not show.
   */
  async auditTrail(matterId: string): Promise<AuditRecord[]> {
    const items: AuditRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await ddb().send(
        new QueryCommand({
          TableName: config.tableName('audit'),
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': keys.auditChainPk(chainName(matterChain(matterId))) },
          ProjectionExpression: '#at, #actor, #role, #type, #id, #action, #after',
          ExpressionAttributeNames: {
            '#at': 'at',
            '#actor': 'actor',
            '#role': 'role',
            '#type': 'entityType',
            '#id': 'entityId',
            '#action': 'action',
            '#after': 'after',
          },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...((out.Items ?? []) as AuditRecord[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  },

  /** Records a submitted matter and the reply to its Idempotency-Key in one transaction, the submission first on its chain. */
  async create(matter: Matter, idem: IdempotencyRef, actor: Actor): Promise<Matter> {
    await writeAudited(() => ({
      items: {
        matter: matterCreatePut(matter),
        idempotency: idempotencyPut(idem, { matterId: matter.matterId }),
      },
      chains: [
        {
          headItem: {},
          audit: { chain: matterChain(matter.matterId), actor, entityType: 'matter', entityId: matter.matterId, action: 'submit', before: null, after: matter },
        },
      ],
      refuse: () => new ConflictError('This Idempotency-Key was used a moment ago', '该幂等键刚刚已被使用', 'IDEMPOTENCY_RACE'),
    }));
    return matter;
  },

  /**
   * A change of the matter, recorded on its chain, made only from the statuses given and decided
   * on the matter as it is now. `change` returns the patch (or undefined: nothing to do, e.g. a
   * step delivered again) and may add items to the same transaction (a registry change, a message).
   */
  async transition(
    matterId: string,
    from: readonly Matter['status'][],
    change: (
      m: Matter,
    ) => { patch: Partial<Matter>; replace?: boolean; action: string; items?: Record<string, TransactItem>; reason?: string; audit?: unknown } | undefined,
    actor: Actor,
    known?: Matter,
  ): Promise<{ matter: Matter; changed: boolean }> {
    let result: { matter: Matter; changed: boolean } | undefined;
    await writeAudited(async (attempt) => {
      const before = await freshAfterFirst(attempt, known, () => this.require(matterId));
      result = { matter: before, changed: false };
      if (!from.includes(before.status)) return undefined;
      const c = change(before);
      if (!c) return undefined;
      // `replace`: the patch is the whole record (a resubmission drops the last revision's records).
      const after = (c.replace ? c.patch : { ...before, ...c.patch }) as Matter;
      result = { matter: after, changed: true };
      return {
        items: { matter: matterPut(after, before), ...c.items },
        chains: [
          {
            audit: {
              chain: matterChain(matterId),
              actor,
              entityType: 'matter',
              entityId: matterId,
              action: c.action,
              before: { status: before.status, stage: before.stage ?? null },
              after: (c.audit ?? c.patch) as Record<string, unknown>,
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
