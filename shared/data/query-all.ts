/** Every page of a Query (jobs, and the lists they keep short on purpose; never to page a user's list). */
import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ddb } from './ddb.ts';

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
