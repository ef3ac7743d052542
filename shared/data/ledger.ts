/**
 * The supervision ledger of an issued matter (监管台账, R-MAT-6): one item per implementation
 * item, open with its deadline until the department reports it done with its evidence. The
 * implementation report comes last; with it the loop closes, in the same transaction, and only
 * if every other item is still done as read (each a condition of the transaction).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import { IMPLEMENTATION_ITEM_LABELS, type ImplementationItem } from '../domain/matters/implementation.ts';
import { ConflictError, fieldIssue, NotFoundError, ValidationError } from '../errors.ts';
import type { LedgerItem, Matter } from '../schemas/matters.ts';
import { ddb } from './ddb.ts';
import { keys, recordOf } from './keys.ts';
import { matterChain, matterPut, mattersRepo } from './matters.ts';
import { notificationPut } from './notifications.ts';
import { type Actor, type TransactItem, writeAudited } from './write.ts';

const table = () => config.tableName('matters');

export const ledgerItems = async (matterId: string): Promise<LedgerItem[]> => {
  const out = await ddb().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.ledgerPk(matterId) },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => recordOf<LedgerItem>(i));
};

export const reportImplementation = async (
  matterId: string,
  item: ImplementationItem,
  report: { note: string; evidence: string[] },
  actor: Actor,
): Promise<{ matter: Matter; items: LedgerItem[] }> => {
  let result: { matter: Matter; items: LedgerItem[] } | undefined;
  await writeAudited(async () => {
    const matter = await mattersRepo.require(matterId);
    if (matter.status !== 'issued' && matter.status !== 'closed') {
      throw new ConflictError(
        `Matter ${matterId} is ${matter.status}: implementation starts when its document is issued`,
        '事项尚未批复发文，还没有落实事项',
        'NOT_ISSUED',
      );
    }
    const items = await ledgerItems(matterId);
    const current = items.find((i) => i.item === item);
    if (!current) throw new NotFoundError(`Matter ${matterId} has no implementation item ${item}`, `该事项没有“${IMPLEMENTATION_ITEM_LABELS[item]}”落实事项`);
    if (current.status === 'done') {
      throw new ConflictError(`${item} was reported done already`, `“${current.itemZh}”已报告办结`, 'ALREADY_REPORTED');
    }
    const others = items.filter((i) => i.item !== item);
    if (item === 'implementationReport') {
      const open = others.filter((i) => i.status !== 'done');
      if (open.length) {
        throw new ValidationError([
          fieldIssue(
            'params.item',
            'reportLast',
            `the implementation report comes after ${open.map((i) => i.item).join(', ')}`,
            `请先报告${open.map((i) => `“${i.itemZh}”`).join('、')}办结，再报送落实情况报告`,
          ),
        ]);
      }
    }
    const done: LedgerItem = { ...current, status: 'done', report: { ...report, by: actor.userId, at: nowIso() } };
    const closes = item === 'implementationReport';
    const after: Matter = closes ? { ...matter, status: 'closed', implementation: { ...matter.implementation!, closedAt: done.report!.at } } : matter;
    result = { matter: after, items: items.map((i) => (i.item === item ? done : i)) };
    const extra: Record<string, TransactItem> = closes
      ? {
          matter: matterPut(after, matter),
          ...Object.fromEntries(
            others.map((o) => [
              `done-${o.item}`,
              {
                ConditionCheck: {
                  TableName: table(),
                  Key: keys.ledgerItem(matterId, o.item),
                  ConditionExpression: '#s = :done',
                  ExpressionAttributeNames: { '#s': 'status' },
                  ExpressionAttributeValues: { ':done': 'done' },
                },
              },
            ]),
          ),
          message: notificationPut(matter.orgId, {
            kind: 'matterClosed',
            matterId,
            message: `Matter ${matterId} is implemented: the loop is closed`,
            messageZh: `机构编制事项「${matter.title}」已落实，闭环办结`,
          }),
        }
      : {};
    return {
      items: {
        item: {
          Put: {
            TableName: table(),
            // Done: out of the deadline index the jobs watch.
            Item: { ...keys.ledgerItem(matterId, item), ...done },
            // As read: a supervision letter that wrote the item up meanwhile is kept (decided again).
            ConditionExpression: current.letterId ? '#s = :open AND letterId = :l' : '#s = :open AND attribute_not_exists(letterId)',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':open': 'open', ...(current.letterId ? { ':l': current.letterId } : {}) },
          },
        },
        ...extra,
      },
      chains: [
        {
          audit: {
            chain: matterChain(matterId),
            actor,
            entityType: 'ledgerItem',
            entityId: `${matterId}/${item}`,
            action: closes ? 'close' : 'report',
            before: { status: 'open' },
            after: { status: 'done', report: done.report, ...(closes ? { matterStatus: 'closed' } : {}) },
          },
        },
      ],
      refuse: () => 'retry',
    };
  });
  return result!;
};
