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
import { entrySortKey, GENESIS_HASH, sealEntry, type ChainHead } from '../domain/audit-chain.ts';
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

export interface AuditInput {
  chain: ChainRef;
  actor: Actor;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  reason?: string;
}

/** Changes to the head item itself, made in the same update that moves the head (counters). */
export interface HeadChange {
  set?: string[];
  add?: string[];
  condition?: string;
  names?: Record<string, string>;
  values?: Record<string, unknown>;
}

export interface AuditedWrite {
  items: TransactItem[];
  audit: AuditInput;
  head?: HeadChange;
  /**
   * The error a user sees when a condition fails: on `items[index]`, or on the head change
   * (`'head'`, with the head item as it was, e.g. to tell which counter ran out).
   */
  onConditionFailed: (where: number | 'head', current?: Record<string, any>) => AppError;
  /** The head item as the caller just read it (consistently), to save the first read. */
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
  const chain = chainName(w.audit.chain);
  const { table: headTable, key: headKey } = chainHeadLocation(w.audit.chain);
  for (let attempt = 1; ; attempt++) {
    const current =
      attempt === 1 && w.headItem ? w.headItem : (await ddb().send(new GetCommand({ TableName: headTable, Key: headKey, ConsistentRead: true }))).Item;
    const prev: ChainHead = current?.auditHead ?? { seq: 0, hash: GENESIS_HASH };
    const entry = sealEntry({
      chain,
      seq: prev.seq + 1,
      prevHash: prev.hash,
      at: nowIso(),
      actor: w.audit.actor.userId,
      role: w.audit.actor.role,
      requestId: w.audit.actor.requestId,
      entityType: w.audit.entityType,
      entityId: w.audit.entityId,
      action: w.audit.action,
      before: w.audit.before ?? null,
      after: w.audit.after ?? null,
      reason: w.audit.reason,
    });
    const head: ChainHead = { seq: entry.seq, hash: entry.hash };
    const sets = ['auditHead = :bzHead', 'gsi1pk = :bzHeads', 'gsi1sk = :bzChain', ...(w.head?.set ?? [])];
    const headCondition = prev.seq === 0 ? 'attribute_not_exists(auditHead)' : 'auditHead.seq = :bzPrevSeq';
    const headUpdate: TransactItem = {
      Update: {
        TableName: headTable,
        Key: headKey,
        UpdateExpression: `SET ${sets.join(', ')}${w.head?.add?.length ? ` ADD ${w.head.add.join(', ')}` : ''}`,
        ConditionExpression: w.head?.condition ? `(${headCondition}) AND (${w.head.condition})` : headCondition,
        ExpressionAttributeNames: w.head?.names,
        ExpressionAttributeValues: {
          ':bzHead': head,
          ':bzHeads': keys.chainHeadsIndexPk,
          ':bzChain': chain,
          ...(prev.seq === 0 ? {} : { ':bzPrevSeq': prev.seq }),
          ...w.head?.values,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
    const auditPut: TransactItem = {
      Put: {
        TableName: config.tableName('audit'),
        Item: { pk: keys.auditChainPk(chain), sk: entrySortKey(entry.seq), ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    try {
      await ddb().send(new TransactWriteCommand({ TransactItems: [...w.items, auditPut, headUpdate] }));
      return head;
    } catch (err) {
      const reasons = classifyCancellation(err);
      if (!reasons) throw err;
      const failedItem = reasons.slice(0, w.items.length).findIndex((r) => r === 'ConditionalCheckFailed');
      if (failedItem >= 0) throw w.onConditionFailed(failedItem);
      const headReason = (err as TransactionCanceledException).CancellationReasons?.[w.items.length + 1];
      if (headReason?.Code === 'ConditionalCheckFailed') {
        const now = headReason.Item ? (unmarshall(headReason.Item) as Record<string, any>) : undefined;
        const moved = (now?.auditHead?.seq ?? 0) !== prev.seq;
        // Another write moved the chain meanwhile: not the user's business, try again.
        if (!moved) throw w.onConditionFailed('head', now);
      }
      if (attempt >= MAX_ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, Math.min(200, 5 * attempt) + randomInt(10)));
    }
  }
};
