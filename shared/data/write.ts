/**
 * The one write path. Every change is one TransactWriteItems that carries its audit entries and
 * moves their chains' heads, so a record never changes without its trail and a multi-item change
 * is never half-written.
 *
 * The rule it follows: a write is a function from fresh reads to items (`decide`), and nothing
 * is ever committed on a stale read.
 * - `decide` reads what it needs, checks the business rules on what it read (throwing the
 *   user's error when one fails) and returns named items and the chain entries to append.
 * - Every rule that must hold under concurrency is also a condition inside the transaction
 *   (counters, statuses, versions), and every change to an organization's counters moves its
 *   chain head, whose sequence number is itself a condition: the head is an optimistic lock.
 * - When the transaction is cancelled because a chain head moved (someone wrote on the same
 *   chain meanwhile), DynamoDB reports a conflict, or `refuse` asks for it, `decide` runs again
 *   on fresh reads. Items built from an earlier read are never sent again.
 * - Retries stop at 50 attempts, or sooner when the invocation has less than RETRY_RESERVE_MS
 *   left: the caller then gets 409 BUSY (try again) instead of the function being stopped
 *   mid-flight and the gateway answering 500.
 * - Items carry names, and a failed condition is reported by name, never by position.
 * - Each TransactWriteItems carries a ClientRequestToken, so the SDK's own retry after a lost
 *   reply is answered by DynamoDB as the success it was, not as a failed condition.
 *
 * Chains: one per organization (its head on the organization's counter item, so the chain adds
 * no queueing beyond the counter), one per matter or plan, one for office configuration and
 * users; never one global chain.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import { type AuditEntryBody, type ChainHead, entrySortKey, GENESIS_HASH, sealEntry } from '../domain/audit-chain.ts';
import { type AppError, ConflictError } from '../errors.ts';
import { remainingMs } from '../invocation.ts';
import { ddb } from './ddb.ts';
import { type ChainRef, chainName, keys } from './keys.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface Actor {
  userId: string;
  role: string;
  requestId: string;
}

export { type ChainRef, chainName } from './keys.ts';

/** Where a chain's head lives: an organization's counter item, or a head item in the audit table. */
export const chainHeadLocation = (c: ChainRef): { table: string; key: { pk: string; sk: string } } =>
  c.kind === 'org'
    ? { table: config.tableName('registry'), key: keys.orgCounter(c.orgId) }
    : { table: config.tableName('audit'), key: keys.chainHead(chainName(c)) };

/** What a change says about itself; the write path adds chain position, time and hashes. */
export type AuditInput = Pick<AuditEntryBody, 'entityType' | 'entityId' | 'action' | 'before' | 'after' | 'reason'> & { chain: ChainRef; actor: Actor };

/** Changes to the head item itself, made in the same update that moves the head (counters). */
export interface HeadChange {
  set?: string[];
  condition?: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

/** One chain's part of a write: its entries (in order, all on one chain) and its head's own changes. */
export interface ChainWrite {
  audit: AuditInput | AuditInput[];
  head?: HeadChange;
  /**
   * The head item as `decide` just read it (consistently), or `{}` for a chain that starts
   * with this write; omitted, the write path reads it.
   */
  headItem?: Record<string, any>;
}

/** Which condition failed: a named item's, or the business condition of a chain's head change. */
export type ConditionFailure = { item: string } | { chain: string; current: Record<string, any> | undefined };

export interface WritePlan {
  items?: Record<string, TransactItem>;
  chains: ChainWrite[];
  /**
   * The error a user sees when a condition fails, or `'retry'` to run `decide` again on fresh
   * reads (a race that fresh reads settle, such as the next document number).
   */
  refuse: (failed: ConditionFailure) => AppError | 'retry';
}

export type CancellationReason = 'ConditionalCheckFailed' | 'TransactionConflict' | 'ThrottlingError' | 'Other';

/** Classifies why DynamoDB cancelled a transaction, per item (pure; unit-tested). */
export const classifyCancellation = (err: unknown): CancellationReason[] | undefined => {
  if (!(err instanceof TransactionCanceledException) && (err as { name?: string })?.name !== 'TransactionCanceledException') {
    return undefined;
  }
  const reasons = (err as TransactionCanceledException).CancellationReasons ?? [];
  return reasons.map((r) => {
    switch (r.Code) {
      case 'ConditionalCheckFailed':
        return 'ConditionalCheckFailed';
      case 'TransactionConflict':
        return 'TransactionConflict';
      case 'ThrottlingError':
      case 'ProvisionedThroughputExceeded':
        return 'ThrottlingError';
      default:
        return 'Other';
    }
  });
};

/** DynamoDB's limit of items in one transaction. */
export const MAX_TRANSACTION_ITEMS = 100;
const MAX_ATTEMPTS = 50;
/**
 * No new attempt with less than this left of the invocation: room for one more read and
 * transaction against a busy table, and the reply.
 */
export const RETRY_RESERVE_MS = 2_000;

/**
 * Exponential backoff with full jitter (a random pause up to a doubling cap): writers that lost
 * the same race spread out instead of colliding again together, so a hot item (the last slots
 * of a plan, a unit's chain head) serves its queue with the fewest wasted transactions.
 */
const RETRY_PAUSE_CAP_MS = 200;
export const retryPause = (attempt: number): number => randomInt(1 + Math.min(RETRY_PAUSE_CAP_MS, 10 * 2 ** Math.min(attempt, 10)));

interface PreparedChain {
  chain: string;
  prev: ChainHead;
  head: ChainHead;
}

/** Seals each chain's entries after its current head and builds the puts and the head update. */
const sealChains = async (chains: ChainWrite[]): Promise<{ prepared: PreparedChain[]; auditPuts: TransactItem[]; headUpdates: TransactItem[] }> => {
  const at = nowIso();
  const prepared: PreparedChain[] = [];
  const auditPuts: TransactItem[] = [];
  const headUpdates: TransactItem[] = [];
  const current = await Promise.all(
    chains.map(async (c) => {
      const audits = Array.isArray(c.audit) ? c.audit : [c.audit];
      if (audits.length === 0) throw new Error('every chain write needs at least one audit entry');
      const chain = chainName(audits[0]!.chain);
      if (audits.some((a) => chainName(a.chain) !== chain)) throw new Error('all entries of one chain write join one chain');
      const location = chainHeadLocation(audits[0]!.chain);
      const item = c.headItem ?? (await ddb().send(new GetCommand({ TableName: location.table, Key: location.key, ConsistentRead: true }))).Item;
      return { c, audits, chain, location, item };
    }),
  );
  if (new Set(current.map((c) => c.chain)).size !== current.length) throw new Error('a write moves each chain once');
  for (const { c, audits, chain, location, item } of current) {
    const prev: ChainHead = item?.auditHead ?? { seq: 0, hash: GENESIS_HASH };
    let link = prev;
    for (const a of audits) {
      const entry = sealEntry({
        chain,
        seq: link.seq + 1,
        prevHash: link.hash,
        at,
        actor: a.actor.userId,
        role: a.actor.role,
        requestId: a.actor.requestId,
        entityType: a.entityType,
        entityId: a.entityId,
        action: a.action,
        before: a.before ?? null,
        after: a.after ?? null,
        reason: a.reason,
      });
      link = { seq: entry.seq, hash: entry.hash };
      auditPuts.push({
        Put: {
          TableName: config.tableName('audit'),
          Item: { pk: keys.auditChainPk(chain), sk: entrySortKey(entry.seq), ...entry },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    prepared.push({ chain, prev, head: link });
    const sets = ['auditHead = :bzHead', 'gsi1pk = :bzHeads', 'gsi1sk = :bzChain', ...(c.head?.set ?? [])];
    const headCondition = prev.seq === 0 ? 'attribute_not_exists(auditHead)' : 'auditHead.seq = :bzPrevSeq';
    headUpdates.push({
      Update: {
        TableName: location.table,
        Key: location.key,
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: c.head?.condition ? `(${headCondition}) AND (${c.head.condition})` : headCondition,
        ExpressionAttributeNames: c.head?.names,
        ExpressionAttributeValues: {
          ':bzHead': link,
          ':bzHeads': keys.chainHeadsIndexPk,
          ':bzChain': chain,
          ...(prev.seq === 0 ? {} : { ':bzPrevSeq': prev.seq }),
          ...c.head?.values,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    });
  }
  return { prepared, auditPuts, headUpdates };
};

/**
 * Runs `decide` on fresh reads and commits what it returns in one transaction with its audit
 * entries; see the header for the rule. Returns each chain's new head, in the order given; an
 * empty list when `decide` found nothing to do (a step delivered again, say).
 */
export const writeAudited = async (decide: (attempt: number) => WritePlan | undefined | Promise<WritePlan | undefined>): Promise<ChainHead[]> => {
  for (let attempt = 1; ; attempt++) {
    const plan = await decide(attempt);
    if (!plan) return [];
    const named = Object.entries(plan.items ?? {});
    const { prepared, auditPuts, headUpdates } = await sealChains(plan.chains);
    const transactItems = [...named.map(([, item]) => item), ...auditPuts, ...headUpdates];
    if (transactItems.length > MAX_TRANSACTION_ITEMS) throw new Error(`a write of ${transactItems.length} items is more than one transaction holds`);
    try {
      await ddb().send(new TransactWriteCommand({ TransactItems: transactItems, ClientRequestToken: randomUUID() }));
      return prepared.map((p) => p.head);
    } catch (err) {
      const reasons = classifyCancellation(err);
      if (!reasons) throw err;
      const cancellation = (err as TransactionCanceledException).CancellationReasons ?? [];
      const headReasons = cancellation.slice(named.length + auditPuts.length);
      const failures: ConditionFailure[] = [];
      let moved = reasons.some((r) => r === 'TransactionConflict' || r === 'ThrottlingError');
      headReasons.forEach((r, i) => {
        if (r.Code !== 'ConditionalCheckFailed') return;
        const now = r.Item ? (unmarshall(r.Item) as Record<string, any>) : undefined;
        // Another write moved the chain meanwhile: not the user's business, decide again.
        if ((now?.auditHead?.seq ?? 0) !== prepared[i]!.prev.seq) moved = true;
        else failures.push({ chain: prepared[i]!.chain, current: now });
      });
      reasons.slice(0, named.length).forEach((r, i) => {
        if (r === 'ConditionalCheckFailed') failures.unshift({ item: named[i]![0] });
      });
      if (!moved) {
        if (failures.length === 0) throw err;
        const refusal = plan.refuse(failures[0]!);
        if (refusal !== 'retry') throw refusal;
      }
      const pause = retryPause(attempt);
      if (attempt >= MAX_ATTEMPTS || remainingMs() - pause < RETRY_RESERVE_MS) {
        throw new ConflictError('Too many changes at once; try again in a moment', '同时办理的业务过多，请稍后重试', 'BUSY');
      }
      await new Promise((r) => setTimeout(r, pause));
    }
  }
};

/** `decide` for a change that needs no fresh read of its own: the same plan on every attempt. */
export const unchanged = (plan: WritePlan) => () => plan;

/** What `decide` reads: on the first attempt what the caller already read, afterwards afresh. */
export const freshAfterFirst = <T>(attempt: number, known: T | undefined, read: () => Promise<T>): Promise<T> =>
  attempt === 1 && known !== undefined ? Promise.resolve(known) : read();
