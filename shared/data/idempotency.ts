/**
 * Replies kept for an Idempotency-Key: the record is written in the same transaction as the
 * change it answers for, so a repeated request finds the first result and never makes a second.
 * Keys are scoped per function and user (all functions share one process on the embedded host)
 * and expire after a week (TTL).
 */
import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { clock } from '../clock.ts';
import { config } from '../config.ts';
import { canonicalJson } from '../domain/canonical-json.ts';
import { ddb } from './ddb.ts';
import { keys } from './keys.ts';
import type { TransactItem } from './write.ts';

const table = () => config.tableName('config');
const KEEP_SECONDS = 7 * 86_400;

export interface IdempotencyRef {
  scope: string;
  userId: string;
  key: string;
  requestHash: string;
}

export const requestHashOf = (body: unknown): string => createHash('sha256').update(canonicalJson(body)).digest('hex');

/** The record of a reply, to put in the transaction of the change; `result` names what was made. */
export const idempotencyPut = (ref: IdempotencyRef, result: Record<string, string>): TransactItem => ({
  Put: {
    TableName: table(),
    Item: {
      ...keys.idempotency(ref.scope, ref.userId, ref.key),
      requestHash: ref.requestHash,
      ...result,
      expiresAt: Math.floor(clock().now().getTime() / 1000) + KEEP_SECONDS,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

export const idempotentReply = async (scope: string, userId: string, key: string) => {
  const out = await ddb().send(new GetCommand({ TableName: table(), Key: keys.idempotency(scope, userId, key), ConsistentRead: true }));
  return out.Item as ({ requestHash: string } & Record<string, string>) | undefined;
};
