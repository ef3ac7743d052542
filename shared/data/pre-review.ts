/**
 * What the joint pre-review (前置审查) reads: records that block a unit's new plans and matters
 * (open supervision letters, unrectified problems, suspensions), and the roster's own count to
 * hold against the counters.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { ddb } from './ddb.ts';
import { keys } from './keys.ts';

const registry = () => config.tableName('registry');

export interface BlockRecord {
  kind: string;
  reason: string;
  reasonZh?: string;
  orgId: string;
  /** An open letter's block names its letter. */
  letterId?: string;
}

/** Blocking records of the given units (a unit and its department, say). */
export const blocksOf = async (orgIds: string[]): Promise<BlockRecord[]> => {
  const out = await Promise.all(
    [...new Set(orgIds)].map((id) =>
      ddb().send(
        new QueryCommand({
          TableName: registry(),
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :b)',
          ExpressionAttributeValues: { ':pk': keys.org(id).pk, ':b': keys.blockPrefix },
        }),
      ),
    ),
  );
  return out.flatMap((o) => o.Items ?? []) as BlockRecord[];
};

/** How many people the roster lists as on the roll of a unit (counted from the records, not the counters). */
export const rosterCount = async (orgId: string): Promise<number> => {
  let n = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const out = await ddb().send(
      new QueryCommand({
        TableName: registry(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p',
        FilterExpression: '#s = :on',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':p': keys.rosterIndexPk(orgId), ':on': 'onRoll' },
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    );
    n += out.Count ?? 0;
    start = out.LastEvaluatedKey;
  } while (start);
  return n;
};
