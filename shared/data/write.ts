/**
 * The one write path: every change is one TransactWriteItems that carries its audit entry, so a
 * record never changes without its trail and a multi-item change is never half-written.
 * (Hash chaining of the entries comes with the registry issue; the entry shape is already final.)
 */
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { nowIso } from '../clock.ts';
import type { AppError } from '../errors.ts';
import { ddb } from './ddb.ts';
import { keys } from './keys.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface Actor {
  userId: string;
  role: string;
  requestId: string;
}

export interface AuditInput {
  /** Which chain the entry joins: `office`, `org#<id>`, `matter#<id>`, `plan#<id>`. */
  chain: string;
  actor: Actor;
  entityType: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  reason?: string;
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

export interface WriteOptions {
  /** Maps a failed condition on item `index` to the error the user sees (a 409 usually). */
  onConditionFailed: (index: number) => AppError;
}

const MAX_CONFLICT_RETRIES = 5;

export const writeWithAudit = async (items: TransactItem[], audit: AuditInput, options: WriteOptions): Promise<void> => {
  const at = nowIso();
  const entry: TransactItem = {
    Put: {
      TableName: config.tableName('audit'),
      Item: {
        ...keys.auditEntry(audit.chain, at, randomUUID()),
        at,
        actor: audit.actor.userId,
        role: audit.actor.role,
        requestId: audit.actor.requestId,
        entityType: audit.entityType,
        entityId: audit.entityId,
        action: audit.action,
        before: audit.before ?? null,
        after: audit.after ?? null,
        reason: audit.reason,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await ddb().send(new TransactWriteCommand({ TransactItems: [...items, entry] }));
      return;
    } catch (err) {
      const reasons = classifyCancellation(err);
      if (!reasons) throw err;
      const failed = reasons.findIndex((r) => r === 'ConditionalCheckFailed');
      if (failed >= 0 && failed < items.length) throw options.onConditionFailed(failed);
      // A conflict with another transaction is not the user's fault: try again, briefly.
      if (attempt < MAX_CONFLICT_RETRIES && reasons.some((r) => r === 'TransactionConflict' || r === 'ThrottlingError')) {
        await new Promise((r) => setTimeout(r, 20 * 2 ** attempt + Math.random() * 20));
        continue;
      }
      throw err;
    }
  }
};
