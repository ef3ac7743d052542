/**
 * The holiday calendar as office data: a year an office admin stored (config table, one item a
 * year, changed only through the audited write path) replaces the built-in year; a year with
 * neither is counted Monday to Friday. Reads go through a small cache per process: a change
 * made here is seen here at once, and by every other process within CACHE_MS.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { nowIso } from '../clock.ts';
import { config } from '../config.ts';
import { addDays, yearOf } from '../domain/calendar/dates.ts';
import { BUILT_IN_CALENDARS, type CalendarSource, type HolidayCalendar, type HolidayCalendars } from '../domain/calendar/holiday-calendar.ts';
import { addPeriod, type DueDate, type Period, yearsToWatch } from '../domain/calendar/working-days.ts';
import type { HolidayCalendarInput, HolidayCalendarView } from '../schemas/calendar.ts';
import { batchRead } from './batch-read.ts';
import { ddb } from './ddb.ts';
import { keys, recordOf, type StoredItem } from './keys.ts';
import { type Actor, freshAfterFirst, writeAudited } from './write.ts';

export interface StoredHolidayCalendar extends HolidayCalendar {
  updatedAt: string;
  version: number;
}

const table = () => config.tableName('config');

/** Short enough that a year added on one Lambda is used by the others within a minute. */
const CACHE_MS = 30_000;

/** By table and year: a process may serve more than one deployment's tables (the embedded host's tests do). */
const cache = new Map<string, { until: number; stored: StoredHolidayCalendar | undefined }>();
const cacheKey = (year: number) => `${table()}\u0000${year}`;

const remember = (year: number, stored: StoredHolidayCalendar | undefined) => cache.set(cacheKey(year), { until: performance.now() + CACHE_MS, stored });

const storedOf = (item: StoredItem | undefined): StoredHolidayCalendar | undefined => (item ? recordOf<StoredHolidayCalendar>(item) : undefined);

/** The stored years among `years`: from the cache where it is fresh, the rest in one BatchGetItem. */
const storedCalendars = async (years: readonly number[]): Promise<Map<number, StoredHolidayCalendar>> => {
  const now = performance.now();
  const stale = [...new Set(years)].filter((y) => !((cache.get(cacheKey(y))?.until ?? 0) > now));
  if (stale.length) {
    const read = await batchRead(Object.fromEntries(stale.map((y) => [String(y), { table: 'config' as const, key: keys.holidayCalendar(y) }])));
    for (const y of stale) remember(y, storedOf(read[String(y)]));
  }
  const out = new Map<number, StoredHolidayCalendar>();
  for (const y of years) {
    const stored = cache.get(cacheKey(y))?.stored;
    if (stored) out.set(y, stored);
  }
  return out;
};

/** The calendars of `years` a count uses: stored over built in; a year with neither is absent. */
export const holidayCalendarsFor = async (years: readonly number[]): Promise<HolidayCalendars> => {
  const stored = await storedCalendars(years);
  const out = new Map<number, HolidayCalendar>();
  for (const y of years) {
    const calendar = stored.get(y) ?? BUILT_IN_CALENDARS.get(y);
    if (calendar) out.set(y, calendar);
  }
  return out;
};

const yearsBetween = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

/**
 * The due date `period` after `start` (YYYY-MM-DD in Asia/Shanghai, e.g. `todayInShanghai()`),
 * on the office's calendar. Reads the years the count can reach; should it run past them (a
 * long run of holidays), it reads on and counts again, so no year is taken for missing unread.
 */
export const dueDateAfter = async (start: string, period: Period): Promise<DueDate> => {
  if ('calendarDays' in period) return addPeriod(start, period);
  // Twice the count and two weeks covers the longest holiday runs (nine days off) with room to spare.
  let last = yearOf(addDays(start, 2 * period.workingDays + 14));
  for (;;) {
    const due = addPeriod(start, period, await holidayCalendarsFor(yearsBetween(yearOf(start), last)));
    if (yearOf(due.dueDate) <= last) return due;
    last = yearOf(due.dueDate);
  }
};

/** The years without a calendar that must have one by `today` (yearsToWatch): what /health and the daily alarm name. */
export const missingCalendarYears = async (today: string): Promise<number[]> => {
  const unbuilt = yearsToWatch(today).filter((y) => !BUILT_IN_CALENDARS.has(y));
  const stored = await storedCalendars(unbuilt);
  return unbuilt.filter((y) => !stored.has(y));
};

/**
 * A year as GET /calendar/{year} shows it, from its stored item if any (read consistently with
 * the caller's record), which also refreshes this process's cache.
 */
export const holidayCalendarView = (year: number, item: StoredItem | undefined): HolidayCalendarView => {
  const stored = storedOf(item);
  remember(year, stored);
  const calendar = stored ?? BUILT_IN_CALENDARS.get(year);
  const source: CalendarSource = stored ? 'stored' : calendar ? 'builtIn' : 'missing';
  return { holidays: [], makeUpWorkingDays: [], ...calendar, year, source };
};

const sameCalendar = (a: HolidayCalendarInput, b: HolidayCalendarInput) =>
  a.notice === b.notice && a.holidays.join() === b.holidays.join() && a.makeUpWorkingDays.join() === b.makeUpWorkingDays.join();

/**
 * Stores a year's calendar (checked already: checkHolidayCalendar), replacing what was stored.
 * The same calendar again writes nothing; a change is audited on the office's chain. `known` is
 * the stored item as the request read it, used on the first attempt.
 */
export const putHolidayCalendar = async (
  year: number,
  input: HolidayCalendarInput,
  actor: Actor,
  known?: { item: StoredItem | undefined },
): Promise<HolidayCalendarView> => {
  // Sorted, so the same notice sent in another order is the same calendar.
  const wanted = {
    holidays: [...input.holidays].sort(),
    makeUpWorkingDays: [...input.makeUpWorkingDays].sort(),
    ...(input.notice ? { notice: input.notice } : {}),
  };
  let result: StoredHolidayCalendar | undefined;
  await writeAudited(async (attempt) => {
    const { item } = await freshAfterFirst(attempt, known, async () => ({
      item: (await ddb().send(new GetCommand({ TableName: table(), Key: keys.holidayCalendar(year), ConsistentRead: true }))).Item,
    }));
    const before = storedOf(item);
    if (before && sameCalendar(before, wanted)) {
      result = before;
      return undefined;
    }
    const after: StoredHolidayCalendar = { year, ...wanted, updatedAt: nowIso(), version: (before?.version ?? 0) + 1 };
    result = after;
    return {
      items: {
        calendar: {
          Put: {
            TableName: table(),
            Item: { ...keys.holidayCalendar(year), ...after },
            ...(before
              ? { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': before.version } }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          },
        },
      },
      chains: [
        {
          audit: {
            chain: { kind: 'office' },
            actor,
            entityType: 'holidayCalendar',
            entityId: String(year),
            action: before ? 'update' : 'create',
            before: before ?? null,
            after,
          },
        },
      ],
      // Another admin stored the year meanwhile: decide again on theirs.
      refuse: () => 'retry',
    };
  });
  remember(year, result);
  return { ...result!, source: 'stored' };
};
