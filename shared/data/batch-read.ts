import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import type { PrefetchKey } from '../manifest-types.ts';
import { ddb } from './ddb.ts';
import type { StoredItem } from './keys.ts';

/**
 * Reads items of any tables in one BatchGetItem, consistently unless asked not to, by the names the caller gives
 * them (undefined where there is no such item). Keys are asked for once each; keys DynamoDB
 * leaves unprocessed (throttling) are asked for again.
 */
export const batchRead = async (wanted: Record<string, PrefetchKey>, opts: { consistent?: boolean } = {}): Promise<Record<string, StoredItem | undefined>> => {
  const consistent = opts.consistent ?? true;
  const byTable = new Map<string, Map<string, { pk: string; sk: string }>>();
  for (const { table, key } of Object.values(wanted)) {
    const name = config.tableName(table);
    if (!byTable.has(name)) byTable.set(name, new Map());
    byTable.get(name)!.set(`${key.pk}\u0000${key.sk}`, key);
  }
  const found = new Map<string, StoredItem>();
  let request: Record<string, { Keys: { pk: string; sk: string }[]; ConsistentRead: boolean }> = Object.fromEntries(
    [...byTable].map(([t, ks]) => [t, { Keys: [...ks.values()], ConsistentRead: consistent }]),
  );
  for (let attempt = 0; Object.keys(request).length; attempt++) {
    const out = await ddb().send(new BatchGetCommand({ RequestItems: request }));
    for (const [t, items] of Object.entries(out.Responses ?? {})) for (const i of items) found.set(`${t}\u0000${i.pk}\u0000${i.sk}`, i);
    request = (out.UnprocessedKeys ?? {}) as typeof request;
    if (attempt > 8) throw new Error('DynamoDB left keys unprocessed');
    if (Object.keys(request).length) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
  }
  return Object.fromEntries(
    Object.entries(wanted).map(([name, { table, key }]) => [name, found.get(`${config.tableName(table)}\u0000${key.pk}\u0000${key.sk}`)]),
  );
};
