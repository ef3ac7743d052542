/**
 * The one write path. Every change is one TransactWriteItems that carries its audit entry and
 * moves its chain's head, so a record never changes without its trail and a multi-item change
 * is never half-written. Round trips: one consistent read of the chain head, one transaction.
 *
 * Chains: one per organization (its head on the organization's counter item, so the chain adds
 * no queueing beyond the counter), one per matter or plan, one for office configuration and
 * users; never one global chain. A conflict on the head is retried here, never shown to a user.
 */
import { randomInt } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { config } from '../config.ts';
import { nowIso } from '../clock.ts';
import { entrySortKey, GENESIS_HASH, sealEntry, type AuditEntryBody, type ChainHead } from '../domain/audit-chain.ts';
import type { AppError } from '../errors.ts';
import { ddb } from './ddb.ts';
import { keys } from './keys.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface Actor {
  userId: string;
  role: string;
  requestId: string;
}

export type ChainRef = { kind: 'office' } | { kind: 'org'; orgId: string } | { kind: 'matter' | 'plan'; id: string };

export const chainName = (c: ChainRef): string => (c.kind === 'office' ? 'office' : c.kind === 'org' ? `org#${c.orgId}` : `${c.kind}#${c.id}`);

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

export interface AuditedWrite {
  items: TransactItem[];
  /** One entry, or several chained in order on the same chain. */
  audit: AuditInput | AuditInput[];
  head?: HeadChange;
  /**
   * The error a user sees when a condition fails: on `items[index]`, or on the head change
   * (`'head'`, with the head item as it was, e.g. to tell which counter ran out).
   */
  onConditionFailed: (where: number | 'head', current?: Record<string, any>) => AppError;
  /** The head item as the caller knows it (consistently read, or just written), to save a read. */
  headItem?: Record<string, any>;
}

/** One chain's part of a write that moves several chains at once (an import batch). */
export interface ChainPart {
  audit: AuditInput[];
  head?: HeadChange;
  headItem?: Record<string, any>;
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

const MAX_ATTEMPTS = 50;

export const writeWithAudit = async (w: AuditedWrite): Promise<ChainHead> => {
  const audits = Array.isArray(w.audit) ? w.audit : [w.audit];
  const [head] = await writeChains(w.items, [{ audit: audits, head: w.head, headItem: w.headItem }], (where, current) =>
    w.onConditionFailed(where === 'items' ? current.index : 'head', current.item),
  );
  return head!;
};

/**
 * Moves several chains in one transaction: each part's entries are sealed onto its own chain
 * and its head item updated (with the part's own changes). Heads that moved meanwhile are read
 * again and the whole transaction retried.
 */
export const writeChains = async (
  items: TransactItem[],
  parts: ChainPart[],
  onConditionFailed: (where: 'items' | number, current: any) => AppError,
): Promise<ChainHead[]> => {
  const prepared = parts.map((p) => {
    if (p.audit.length === 0) throw new Error('every chain part needs at least one audit entry');
    const chain = chainName(p.audit[0]!.chain);
    if (p.audit.some((a) => chainName(a.chain) !== chain)) throw new Error('all entries of one part join one chain');
    return { ...p, chain, location: chainHeadLocation(p.audit[0]!.chain) };
  });
  const known: (Record<string, any> | undefined)[] = prepared.map((p) => p.headItem);
  for (let attempt = 1; ; attempt++) {
    const currents = await Promise.all(
      prepared.map(async (p, i) => known[i] ?? (await ddb().send(new GetCommand({ TableName: p.location.table, Key: p.location.key, ConsistentRead: true }))).Item),
    );
    const at = nowIso();
    const heads: ChainHead[] = [];
    const prevs: ChainHead[] = [];
    const auditPuts: TransactItem[] = [];
    const headUpdates: TransactItem[] = [];
    prepared.forEach((p, i) => {
      const prev: ChainHead = currents[i]?.auditHead ?? { seq: 0, hash: GENESIS_HASH };
      prevs.push(prev);
      let link = prev;
      for (const a of p.audit) {
        const entry = sealEntry({
          chain: p.chain,
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
          Put: { TableName: config.tableName('audit'), Item: { pk: keys.auditChainPk(p.chain), sk: entrySortKey(entry.seq), ...entry }, ConditionExpression: 'attribute_not_exists(pk)' },
        });
      }
      heads.push(link);
      const sets = ['auditHead = :bzHead', 'gsi1pk = :bzHeads', 'gsi1sk = :bzChain', ...(p.head?.set ?? [])];
      const headCondition = prev.seq === 0 ? 'attribute_not_exists(auditHead)' : 'auditHead.seq = :bzPrevSeq';
      headUpdates.push({
        Update: {
          TableName: p.location.table,
          Key: p.location.key,
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: p.head?.condition ? `(${headCondition}) AND (${p.head.condition})` : headCondition,
          ExpressionAttributeNames: p.head?.names,
          ExpressionAttributeValues: {
            ':bzHead': link,
            ':bzHeads': keys.chainHeadsIndexPk,
            ':bzChain': p.chain,
            ...(prev.seq === 0 ? {} : { ':bzPrevSeq': prev.seq }),
            ...p.head?.values,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      });
    });
    try {
      await ddb().send(new TransactWriteCommand({ TransactItems: [...items, ...auditPuts, ...headUpdates] }));
      return heads;
    } catch (err) {
      const reasons = classifyCancellation(err);
      if (!reasons) throw err;
      const failedItem = reasons.slice(0, items.length).findIndex((r) => r === 'ConditionalCheckFailed');
      if (failedItem >= 0) throw onConditionFailed('items', { index: failedItem });
      const headReasons = (err as TransactionCanceledException).CancellationReasons?.slice(items.length + auditPuts.length) ?? [];
      let retry = false;
      for (const [i, r] of headReasons.entries()) {
        if (r.Code !== 'ConditionalCheckFailed') continue;
        const now = r.Item ? (unmarshall(r.Item) as Record<string, any>) : undefined;
        // Another write moved the chain meanwhile: not the user's business, read it again.
        if ((now?.auditHead?.seq ?? 0) !== prevs[i]!.seq) {
          known[i] = undefined;
          retry = true;
        } else throw onConditionFailed(i, { index: i, item: now });
      }
      if (!retry && !reasons.some((r) => r === 'TransactionConflict' || r === 'ThrottlingError')) throw err;
      if (!retry) known.fill(undefined);
      if (attempt >= MAX_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, Math.min(200, 5 * attempt) + randomInt(10)));
    }
  }
};

/** DynamoDB's limit of items in one transaction. */
export const MAX_TRANSACTION_ITEMS = 100;
