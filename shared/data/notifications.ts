/**
 * Messages to a unit (its inbox): a reservation that lapsed, a plan that came back or failed, a
 * transfer asked of it. Each is written in the same transaction as the change it reports.
 */
import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import { ddb } from './ddb.ts';
import { keys } from './keys.ts';
import type { TransactItem } from './write.ts';

const table = () => config.tableName('matters');

export interface Notification {
  kind: string;
  message: string;
  messageZh: string;
  /** The record it is about, for the unit to open. */
  planId?: string;
  matterId?: string;
  transferId?: string;
  [detail: string]: unknown;
}

/** The Put of one message to a unit; `id` keeps two messages of the same instant apart. */
export const notificationPut = (orgId: string, n: Notification, id = randomBytes(4).toString('hex')): TransactItem => {
  const at = nowIso();
  return { Put: { TableName: table(), Item: { ...keys.notification(orgId, at, id), ...n, at } } };
};

export const listNotifications = async (orgId: string, limit = 100) => {
  const out = await ddb().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.notificationPk(orgId) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map(({ pk: _p, sk: _s, ...rest }) => rest);
};
