/** Reading an index partition: every page (jobs, and lists kept short on purpose), or one signed page of a user's list. */
import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ddb } from './ddb.ts';
import { decodePageToken, encodePageToken } from './page-token.ts';

/** The items of every page, in order; `onPage` sees each reply (to count reads). */
export const queryAll = async <T = Record<string, any>>(input: QueryCommandInput, onPage?: (out: QueryCommandOutput) => void): Promise<T[]> => {
  const items: T[] = [];
  let start: Record<string, any> | undefined;
  do {
    const out = await ddb().send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    onPage?.(out);
    items.push(...((out.Items ?? []) as T[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
};

/**
 * One page of an index partition for a user's list: the caller's page token is checked to be
 * one this very list issued (shared/data/page-token.ts), and the next one is signed for it.
 */
export const queryPage = async <T>(
  q: { table: string; index: 'gsi1' | 'gsi2'; partition: string },
  opts: { limit: number; nextToken?: string; newestFirst?: boolean },
  toRecord: (item: Record<string, any>) => T,
): Promise<{ items: T[]; nextToken?: string }> => {
  const out = await ddb().send(
    new QueryCommand({
      TableName: q.table,
      IndexName: q.index,
      KeyConditionExpression: `${q.index}pk = :p`,
      ExpressionAttributeValues: { ':p': q.partition },
      ScanIndexForward: !opts.newestFirst,
      Limit: opts.limit,
      ExclusiveStartKey: decodePageToken(q, opts.nextToken, 'query.nextToken'),
    }),
  );
  return { items: (out.Items ?? []).map(toRecord), nextToken: encodePageToken(q, out.LastEvaluatedKey) };
};
