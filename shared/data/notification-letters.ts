/**
 * Notification letters (告知函, R-SUP-2) as records, kept with the unit in the registry table: a
 * letter is created in the same transaction as the change of head that calls for it, and
 * delivered (with the office's next number) by the supervision section. Pending letters are
 * listed by due date, which the daily sweep reads to warn of overdue ones.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import {
  type NotificationLetterStatus,
  needsNotificationLetter,
  notificationLetterBodyZh,
  notificationLetterDue,
} from '../domain/supervision/notification-letters.ts';
import { todayInShanghai } from '../domain/today.ts';
import { ConflictError, fieldIssue, NotFoundError, ValidationError } from '../errors.ts';
import type { NotificationLetter } from '../schemas/supervision.ts';
import { ddb } from './ddb.ts';
import { keys, recordOf, type StoredItem } from './keys.ts';
import { issueNumber } from './numbering.ts';
import { queryAll, queryPage } from './query-all.ts';
import type { Actor, TransactItem } from './write.ts';
import { writeAudited } from './write.ts';

const table = () => config.tableName('registry');

type Stored = Omit<NotificationLetter, 'overdue'>;

/** As a reader sees it: `overdue` as of today. */
const present = (item: StoredItem, today = todayInShanghai()): NotificationLetter => {
  const l = recordOf<Stored>(item);
  return { ...l, overdue: l.status === 'pending' && l.dueDate < today };
};

const letterItem = (l: Stored) => ({ ...keys.notificationLetter(l.orgId, l.noticeId), ...keys.notificationLetterIndex(l.status, l.dueDate, l.noticeId), ...l });

/**
 * The Put of the letter a change of head calls for, or none: only a municipal department's
 * head gets one (name it `notificationLetter` in the change's transaction).
 */
export const notificationLetterFor = (
  org: { orgId: string; name: string; parentId?: string; status?: string },
  head: { name: string; since: string },
): Record<string, TransactItem> => {
  if (!needsNotificationLetter(org)) return {};
  const letter: Stored = {
    noticeId: `nl-${randomBytes(6).toString('hex')}`,
    orgId: org.orgId,
    orgNameZh: org.name,
    headName: head.name,
    since: head.since,
    dueDate: notificationLetterDue(head.since),
    status: 'pending',
    bodyZh: notificationLetterBodyZh(org.name, head.name),
    createdAt: nowIso(),
  };
  return { notificationLetter: { Put: { TableName: table(), Item: letterItem(letter), ConditionExpression: 'attribute_not_exists(pk)' } } };
};

export const notificationLettersRepo = {
  /** One letter as stored (read consistently), or nothing. */
  async get(orgId: string, noticeId: string): Promise<Stored | undefined> {
    const out = await ddb().send(new GetCommand({ TableName: table(), Key: keys.notificationLetter(orgId, noticeId), ConsistentRead: true }));
    return out.Item ? recordOf<Stored>(out.Item) : undefined;
  },

  /** All of a unit's letters, newest first (one a change of head: a unit has few, and all are read to order them). */
  async listByOrg(orgId: string): Promise<NotificationLetter[]> {
    const items = await queryAll({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':pk': keys.org(orgId).pk, ':s': keys.notificationLetterPrefix },
    });
    return items.map((i) => present(i)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  },

  /** Letters in a status, soonest due first. */
  async listByStatus(status: NotificationLetterStatus, limit = 50, nextToken?: string) {
    return queryPage({ table: table(), index: 'gsi2', partition: keys.notificationLetterIndexPk(status) }, { limit, nextToken }, (i) => present(i));
  },

  /** Pending letters whose due date is before `today` (every page): what the daily sweep warns of. */
  async overdue(today: string): Promise<NotificationLetter[]> {
    const items = await queryAll({
      TableName: table(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p AND gsi2sk < :today',
      ExpressionAttributeValues: { ':p': keys.notificationLetterIndexPk('pending'), ':today': today },
    });
    return items.map((i) => present(i, today));
  },
};

/** Records the delivery: the letter takes the office's next number and leaves the pending list. */
export const deliverNotificationLetter = async (
  orgId: string,
  noticeId: string,
  delivery: { deliveredOn: string; method: 'inPerson' | 'post' | 'electronic'; recipient: string },
  actor: Actor,
): Promise<NotificationLetter> => {
  let after: Stored | undefined;
  await writeAudited(async () => {
    const before = await notificationLettersRepo.get(orgId, noticeId);
    if (!before) throw new NotFoundError(`No notification letter ${noticeId} of ${orgId}`, `该单位没有告知函 ${noticeId}`);
    if (before.status !== 'pending') throw new ConflictError(`Letter ${noticeId} was delivered already`, '该告知函已送达', 'ALREADY_DELIVERED');
    const today = todayInShanghai();
    if (delivery.deliveredOn > today || delivery.deliveredOn < before.since) {
      throw new ValidationError([
        fieldIssue(
          'body.deliveredOn',
          'range',
          `a delivery is recorded between the day the head took office (${before.since}) and today (${today})`,
          `送达日期应在任职之日（${before.since}）至今天（${today}）之间`,
        ),
      ]);
    }
    const number = await issueNumber('office', Number(todayInShanghai().slice(0, 4)), { kind: 'notificationLetter', id: noticeId });
    after = { ...before, status: 'delivered', number: number.number, delivery: { ...delivery, by: actor.userId, at: nowIso() } };
    return {
      items: {
        ...number.items,
        letter: {
          Put: {
            TableName: table(),
            Item: letterItem(after),
            ConditionExpression: '#s = :pending',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':pending': 'pending' },
          },
        },
      },
      chains: [
        {
          audit: {
            chain: { kind: 'org', orgId },
            actor,
            entityType: 'notificationLetter',
            entityId: noticeId,
            action: 'deliver',
            before: { status: 'pending' },
            after: { status: 'delivered', number: number.number, delivery: after.delivery },
          },
        },
      ],
      refuse: () => 'retry',
    };
  });
  return { ...after!, overdue: false };
};
