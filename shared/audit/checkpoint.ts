/**
 * The daily checkpoint: seals every chain head as of the scheduled time, chained to the
 * previous checkpoint. A tail removed from a chain (with its head rolled back) no longer
 * matches the checkpoint.
 *
 * Two deliveries of the same day's schedule may run at once (Scheduler delivers at least
 * once). Each writes its parts under its own run id, every write conditional on the item not
 * existing, and the day's summary (naming its run) is written last, also conditionally: one
 * run's summary wins, readers follow it to that run's parts, and the other run's parts are
 * never mixed in.
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { ddb } from '../data/ddb.ts';
import { keys } from '../data/keys.ts';
import { GENESIS_HASH, sha256 } from '../domain/audit-chain.ts';
import { canonicalJson } from '../domain/canonical-json.ts';
import { type Checkpoint, checkpointParts, listChainHeads, listCheckpoints } from './heads.ts';

export const checkpointHash = (c: Omit<Checkpoint, 'hash'>): string => sha256(canonicalJson({ day: c.day, prevHash: c.prevHash, heads: c.heads }));

export const writeCheckpoint = async (day: string): Promise<Checkpoint> => {
  const existing = (await listCheckpoints()).sort((a, b) => a.day.localeCompare(b.day));
  const same = existing.find((c) => c.day === day);
  if (same) return same;
  const prevHash = existing.at(-1)?.hash ?? GENESIS_HASH;
  const heads = Object.fromEntries([...(await listChainHeads())].sort(([a], [b]) => a.localeCompare(b)));
  const checkpoint: Checkpoint = { day, prevHash, heads, hash: '' };
  checkpoint.hash = checkpointHash(checkpoint);
  const table = config.tableName('audit');
  const parts = checkpointParts(heads);
  const runId = randomBytes(6).toString('hex');
  // Parts first, the summary last: a summary is only there once everything it covers is.
  for (const [i, part] of parts.entries()) {
    await ddb().send(
      new PutCommand({ TableName: table, Item: { ...keys.checkpointPart(day, runId, i), heads: part }, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }
  try {
    await ddb().send(
      new PutCommand({
        TableName: table,
        Item: { ...keys.checkpoint(day), prevHash, hash: checkpoint.hash, runId, partCount: parts.length, chainCount: Object.keys(heads).length },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (e) {
    if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
    // Another delivery sealed the day first: its checkpoint is the day's.
    const won = (await ddb().send(new GetCommand({ TableName: table, Key: keys.checkpoint(day), ConsistentRead: true }))).Item!;
    return (await listCheckpoints()).find((c) => c.day === day) ?? { day, prevHash: won.prevHash, hash: won.hash, heads: {} };
  }
  return checkpoint;
};
