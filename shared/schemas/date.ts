/**
 * The one date field of every input (query, path and body): YYYY-MM-DD, and a day the calendar
 * has. The format alone let 2026-02-30 through to be stored as an effective date, or to answer
 * an as-at read for a day that never was.
 */
import { isRealDate } from '../domain/registry/national-id.ts';
import { msg } from './messages.ts';
import * as z from './zod.ts';

const FORMAT = /^\d{4}-\d{2}-\d{2}$/;

const realOrNoDate = (s: string) => !FORMAT.test(s) || isRealDate(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));

export const isoDate = z.string().check(
  z.regex(FORMAT, msg('dateFormat')),
  // A text that is no date at all has the format issue only. Not by aborting at the format:
  // an aborted issue would hide which field failed inside a union (a correction's value).
  z.refine(realOrNoDate, { message: msg('realDate'), params: { rule: 'date' } }),
);
