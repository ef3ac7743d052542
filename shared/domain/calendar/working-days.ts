/**
 * Due dates (办理时限, R-MAT-7) counted in working days or calendar days from a start date,
 * Asia/Shanghai dates throughout. Counting starts the day after the start: one working day
 * from a Friday is the next working day, which may be a make-up Saturday. A count that runs
 * through a year without a calendar counts that year Monday to Friday and says so
 * (`provisional`, `missingYears`), so a deadline is never silently wrong.
 */
import { clock } from '../../clock.ts';
import { addDays, endOfDayInShanghai, isWeekend, yearOf } from './dates.ts';
import { BUILT_IN_CALENDARS, type HolidayCalendars } from './holiday-calendar.ts';

export interface DueDate {
  /** YYYY-MM-DD in Asia/Shanghai: the last day the step may take. */
  dueDate: string;
  /** Some day counted lies in a year without a calendar, so the date may move once it is added. */
  provisional: boolean;
  /** Those years, ascending. */
  missingYears: number[];
}

/** A period a rule gives a step: so many working days, or so many calendar days. */
export type Period = { workingDays: number } | { calendarDays: number };

/** A day off unless the calendar makes it a make-up working day; Monday to Friday where the year has no calendar. */
export const isWorkingDay = (date: string, calendars: HolidayCalendars = BUILT_IN_CALENDARS): boolean => {
  const calendar = calendars.get(yearOf(date));
  if (calendar?.makeUpWorkingDays.includes(date)) return true;
  if (calendar?.holidays.includes(date)) return false;
  return !isWeekend(date);
};

const checkCount = (n: number, what: string) => {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number of at least 0, not ${n}`);
};

/** The `workingDays`-th working day after `start` (`start` itself for 0). */
export const addWorkingDays = (start: string, workingDays: number, calendars: HolidayCalendars = BUILT_IN_CALENDARS): DueDate => {
  checkCount(workingDays, 'workingDays');
  const missing = new Set<number>();
  let day = start;
  for (let counted = 0; counted < workingDays; ) {
    day = addDays(day, 1);
    if (!calendars.has(yearOf(day))) missing.add(yearOf(day));
    if (isWorkingDay(day, calendars)) counted++;
  }
  const missingYears = [...missing].sort((a, b) => a - b);
  return { dueDate: day, provisional: missingYears.length > 0, missingYears };
};

/** `calendarDays` days after `start`: holidays do not move it, so it is never provisional. */
export const addCalendarDays = (start: string, calendarDays: number): DueDate => {
  checkCount(calendarDays, 'calendarDays');
  return { dueDate: addDays(start, calendarDays), provisional: false, missingYears: [] };
};

export const addPeriod = (start: string, period: Period, calendars: HolidayCalendars = BUILT_IN_CALENDARS): DueDate =>
  'workingDays' in period ? addWorkingDays(start, period.workingDays, calendars) : addCalendarDays(start, period.calendarDays);

/** The instant a due date is over: the end of that day in Asia/Shanghai. */
export const dueDateEnds = (dueDate: string): Date => endOfDayInShanghai(dueDate);

/**
 * Whole seconds from `now` until the due date is over, at least 1: what a Step Functions task
 * takes as `TimeoutSecondsPath` (a positive integer), so a step already overdue times out at once.
 */
export const secondsUntilDueDateEnds = (dueDate: string, now: Date = clock().now()): number =>
  Math.max(1, Math.ceil((dueDateEnds(dueDate).getTime() - now.getTime()) / 1000));

/**
 * The years whose calendar must be there by `today`: this year, and from 1 November (when the
 * State Council's notice for next year usually comes out) next year too, since deadlines
 * counted in December already run into it.
 */
export const yearsToWatch = (today: string): number[] => {
  const year = yearOf(today);
  return today.slice(5) >= '11-01' ? [year, year + 1] : [year];
};
