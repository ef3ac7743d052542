/**
 * A DynamoDB LastEvaluatedKey handed to the caller as an opaque page token, and back.
 *
 * A token is signed with the deployment's page-token key (shared/keyring.ts) over the query it
 * came from, so only a token this list issued is ever passed to DynamoDB as ExclusiveStartKey:
 * DynamoDB answers a start key of another table, index or partition with an error (a 500
 * here), and a made-up key of the right shape would let a caller page from anywhere in an
 * index, including outside the subtree a department may list.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { fieldIssue, ValidationError } from '../errors.ts';
import { deploymentKey } from '../keyring.ts';

/** What identifies one list: a Query on one table and index, for one partition (and sort-key prefix). */
export interface PageQuery {
  table: string;
  index?: string;
  partition: string;
  prefix?: string;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

const macOf = (query: PageQuery, payload: string): Buffer =>
  createHmac('sha256', deploymentKey('pageToken'))
    .update(JSON.stringify([query.table, query.index ?? null, query.partition, query.prefix ?? null]))
    .update('\n')
    .update(payload)
    .digest();

/** `<key as base64url JSON>.<HMAC as base64url>`: URL-safe as it is. */
export const encodePageToken = (query: PageQuery, key?: Record<string, unknown>): string | undefined => {
  if (!key) return undefined;
  const payload = Buffer.from(JSON.stringify(key)).toString('base64url');
  return `${payload}.${macOf(query, payload).toString('base64url')}`;
};

const refuse = (path: string) => new ValidationError([fieldIssue(path, 'pageToken', 'is not a page token of this list', '不是本列表返回的分页标记')]);

/** Undefined for no token; a 422 naming `path` for anything this list did not issue. */
export const decodePageToken = (query: PageQuery, token: string | undefined, path: string): Record<string, unknown> | undefined => {
  if (token === undefined || token === '') return undefined;
  const parts = token.split('.');
  if (parts.length !== 2 || !B64URL.test(parts[0]!) || !B64URL.test(parts[1]!)) throw refuse(path);
  const [payload, mac] = parts as [string, string];
  const given = Buffer.from(mac, 'base64url');
  const expected = macOf(query, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse(path);
  const key = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw refuse(path);
  return key as Record<string, unknown>;
};
