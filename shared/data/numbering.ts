/**
 * Document numbers that are gapless per year and series and never duplicated under concurrency:
 * the next number is read, and the counter's move from it is a condition of the same
 * transaction that issues the document. A transaction that lost the race is decided again with
 * the next number (the write path's `'retry'`).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { ddb } from './ddb.ts';
import { keys } from './keys.ts';
import type { TransactItem } from './write.ts';

const table = () => config.tableName('config');

/** The next number of a series in a year, and the counter's Put that takes it (name it `numberCounter` in the write). */
export const nextNumber = async (series: string, year: number): Promise<{ n: number; item: TransactItem }> => {
  const counter = (await ddb().send(new GetCommand({ TableName: table(), Key: keys.numberCounter(series, year), ConsistentRead: true }))).Item;
  const n = Number(counter?.value ?? 0) + 1;
  return {
    n,
    item: {
      Put: {
        TableName: table(),
        Item: { ...keys.numberCounter(series, year), value: n },
        ConditionExpression: n === 1 ? 'attribute_not_exists(pk)' : '#v = :prev',
        ExpressionAttributeNames: n === 1 ? undefined : { '#v': 'value' },
        ExpressionAttributeValues: n === 1 ? undefined : { ':prev': n - 1 },
      },
    },
  };
};
