/**
 * Document numbers that are gapless per year and issuing form and never duplicated under
 * concurrency: the next number is read, and the counter's move from it is a condition of the
 * same transaction that issues the document. A transaction that lost the race is decided again
 * with the next number (the write path's `'retry'`); one that fails for any other reason takes
 * no number, so none is skipped, and a number once issued is claimed by its own item, so it is
 * never issued twice even if a counter were set back by hand.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.ts';
import { documentNumber, type IssuingForm } from '../domain/documents.ts';
import { ddb } from './ddb.ts';
import { keys } from './keys.ts';
import type { TransactItem } from './write.ts';

const table = () => config.tableName('config');

/** The counter of each form; the staffing notices kept the series name they were first numbered under. */
const seriesOf = (form: IssuingForm) => (form === 'staffingNotice' ? 'notice' : form);

/** The next number of a series in a year, and the counter's Put that takes it (name it `numberCounter` in the write). */
const nextNumber = async (series: string, year: number): Promise<{ n: number; item: TransactItem }> => {
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

/** What a number was issued for: the record that carries it. */
export interface NumberedSubject {
  kind: string;
  id: string;
}

/**
 * The next document number of `form` in `year`, with the items that take it: add both to the
 * transaction that issues the document (their names are `numberCounter` and `numberClaim`).
 */
export const issueNumber = async (form: IssuingForm, year: number, subject: NumberedSubject) => {
  const next = await nextNumber(seriesOf(form), year);
  const number = documentNumber(form, year, next.n);
  const claim: TransactItem = {
    Put: {
      TableName: table(),
      Item: { ...keys.documentNumber(form, year, next.n), number, subject },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  return { number, n: next.n, items: { numberCounter: next.item, numberClaim: claim } };
};
