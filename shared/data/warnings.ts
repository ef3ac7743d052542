/**
 * Warnings (预警, R-SUP-4) as records beside the unit they are about, kept in step with its
 * counters: every change of a counter item reaches the warnings function through the registry
 * table's stream (in AWS an event source mapping, on the embedded host a poller of DynamoDB
 * Local's stream), which raises, updates or closes the unit's warnings at once. Each write is
 * conditioned on the counter's audit-chain sequence it was computed from, so a late or repeated
 * stream record never undoes a newer one; the nightly reconciliation syncs every unit again.
 */
import { QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import type { Establishment } from '../domain/registry/establishment.ts';
import { endedWarnings, type Warning, warningsOf } from '../domain/supervision/warnings.ts';
import { ddb, isConditionFailure } from './ddb.ts';
import { keys, recordOf } from './keys.ts';
import { notificationPut } from './notifications.ts';
import { queryPage } from './query-all.ts';

const table = () => config.tableName('registry');

export interface StoredWarning extends Warning {
  orgId: string;
  status: 'open' | 'closed';
  raisedAt: string;
  /** The counter's audit-chain sequence the warning was last computed from. */
  seq: number;
  closedAt?: string;
}

type ReadHook = (out: { ConsumedCapacity?: { CapacityUnits?: number } }) => void;

const query = async (orgId: string, prefix: string, forward = true, onRead?: ReadHook): Promise<StoredWarning[]> => {
  const out = await ddb().send(
    new QueryCommand({
      ...(onRead ? { ReturnConsumedCapacity: 'TOTAL' as const } : {}),
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':pk': keys.org(orgId).pk, ':s': prefix },
      ScanIndexForward: forward,
      ConsistentRead: true,
      Limit: 100,
    }),
  );
  onRead?.(out);
  return (out.Items ?? []).map((i) => recordOf<StoredWarning>(i));
};

export const warningsRepo = {
  /** The unit's warning items, open ones and the closed ones kept as markers of the sequence they were closed at. */
  all: (orgId: string, onRead?: ReadHook) => query(orgId, keys.warningPrefix, true, onRead),
  open: async (orgId: string) => (await query(orgId, keys.warningPrefix)).filter((w) => w.status === 'open'),
  closed: (orgId: string) => query(orgId, keys.closedWarningPrefix, false),

  /** Every open warning of every unit, oldest first. */
  async listOpen(limit = 50, nextToken?: string) {
    return queryPage({ table: table(), index: 'gsi2', partition: keys.warningIndexPk }, { limit, nextToken }, (i) => recordOf<StoredWarning>(i));
  },
};

/**
 * Brings a unit's warnings in line with its counters as of chain sequence `seq`: raises what they
 * show anew, updates what stays, closes what they no longer show. A closed warning keeps its
 * item (status closed, out of the office's list) with the sequence it was closed at, so a late
 * record of an older sequence can neither update nor raise it again; each episode is also kept
 * in the unit's history. A newly raised or closed warning is told to the unit.
 */
export const syncWarnings = async (orgId: string, counters: Establishment, seq: number, onRead?: ReadHook): Promise<{ raised: string[]; closed: string[] }> => {
  const at = nowIso();
  const items = await warningsRepo.all(orgId, onRead);
  const byCode = new Map(items.map((w) => [w.code, w]));
  const raise = warningsOf(counters);
  const close = endedWarnings(
    items.filter((w) => w.status === 'open'),
    raise,
  );
  const raised: string[] = [];
  const closed: string[] = [];
  const attempt = async (write: () => Promise<unknown>) => {
    try {
      await write();
      return true;
    } catch (e) {
      if (isConditionFailure(e)) return false;
      throw e;
    }
  };
  const figures = (w: Warning) => ({ ':a': w.approved, ':u': w.used, ':b': w.overBy, ':m': w.message, ':mz': w.messageZh, ':seq': seq });
  for (const w of raise) {
    const known = byCode.get(w.code);
    if (known?.status === 'open') {
      await attempt(() =>
        ddb().send(
          new UpdateCommand({
            TableName: table(),
            Key: keys.warning(orgId, w.code),
            UpdateExpression: 'SET approved = :a, used = :u, overBy = :b, message = :m, messageZh = :mz, seq = :seq',
            ConditionExpression: '#s = :open AND seq < :seq',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ...figures(w), ':open': 'open' },
          }),
        ),
      );
      continue;
    }
    const record: StoredWarning = { ...w, orgId, status: 'open', raisedAt: at, seq };
    const ok = await attempt(() =>
      ddb().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table(),
                Item: { ...keys.warning(orgId, w.code), ...keys.warningIndex(at, orgId, w.code), ...record },
                ConditionExpression: 'attribute_not_exists(pk) OR (#s = :closed AND seq < :seq)',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':closed': 'closed', ':seq': seq },
              },
            },
            notificationPut(orgId, { kind: 'warningRaised', code: w.code, message: `Warning: ${w.message}`, messageZh: `预警：${w.messageZh}` }),
          ],
        }),
      ),
    );
    if (ok) raised.push(w.code);
  }
  for (const code of close) {
    const open = byCode.get(code)!;
    const ok = await attempt(() =>
      ddb().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table(),
                Key: keys.warning(orgId, code),
                UpdateExpression: 'SET #s = :closed, closedAt = :at, seq = :seq REMOVE gsi2pk, gsi2sk',
                ConditionExpression: '#s = :open AND seq < :seq',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':closed': 'closed', ':open': 'open', ':at': at, ':seq': seq },
              },
            },
            {
              Put: {
                TableName: table(),
                Item: { ...keys.closedWarning(orgId, at, code), ...open, status: 'closed', closedAt: at, seq },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            notificationPut(orgId, { kind: 'warningClosed', code, message: `Warning closed: ${open.message}`, messageZh: `预警已解除：${open.messageZh}` }),
          ],
        }),
      ),
    );
    if (ok) closed.push(code);
  }
  return { raised, closed };
};
