/**
 * The holiday calendar (节假日安排): for each year, the days off and the make-up working days
 * (调休上班) the State Council's yearly notice sets. It is data an office admin adds to each
 * year (PUT /calendar/{year}) when the notice comes out, usually in early November; the years
 * below are built in, transcribed from the notices, and used wherever no stored year replaces
 * them. A year with neither is counted Monday to Friday, and every count in it is provisional.
 */
import { type FieldIssue, fieldIssue } from '../../errors.ts';
import { datesFrom, isWeekend, WEEKDAY_NAMES, weekdayOf, yearOf } from './dates.ts';

export interface HolidayCalendar {
  year: number;
  /** Days off, YYYY-MM-DD, ascending: every day of each holiday as the notice writes it, weekend days inside it included. */
  holidays: string[];
  /** Saturdays and Sundays worked instead (调休上班), YYYY-MM-DD, ascending. */
  makeUpWorkingDays: string[];
  /** The notice transcribed, e.g. 国办发明电〔2024〕12号. */
  notice?: string;
}

/** The calendars a count may use, by year; a year absent is counted Monday to Friday. */
export type HolidayCalendars = ReadonlyMap<number, HolidayCalendar>;

/** Where a year's calendar comes from: built in, stored by an office admin, or missing (counted Monday to Friday). */
export const CALENDAR_SOURCES = ['builtIn', 'stored', 'missing'] as const;
export type CalendarSource = (typeof CALENDAR_SOURCES)[number];

const holidays = (...ranges: [string, string?][]): string[] => ranges.flatMap(([first, last]) => datesFrom(first, last ?? first));

/** As FIELD-NOTES.md transcribes the notices; test/unit/holiday-calendar.test.ts checks them against the rules below. */
export const BUILT_IN_CALENDARS: HolidayCalendars = new Map<number, HolidayCalendar>([
  [
    2025,
    {
      year: 2025,
      notice: '国办发明电〔2024〕12号',
      holidays: holidays(
        ['2025-01-01'], // 元旦
        ['2025-01-28', '2025-02-04'], // 春节
        ['2025-04-04', '2025-04-06'], // 清明节
        ['2025-05-01', '2025-05-05'], // 劳动节
        ['2025-05-31', '2025-06-02'], // 端午节
        ['2025-10-01', '2025-10-08'], // 国庆节、中秋节
      ),
      makeUpWorkingDays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
    },
  ],
  [
    2026,
    {
      year: 2026,
      notice: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
      holidays: holidays(
        ['2026-01-01', '2026-01-03'], // 元旦
        ['2026-02-15', '2026-02-23'], // 春节
        ['2026-04-04', '2026-04-06'], // 清明节
        ['2026-05-01', '2026-05-05'], // 劳动节
        ['2026-06-19', '2026-06-21'], // 端午节
        ['2026-09-25', '2026-09-27'], // 中秋节
        ['2026-10-01', '2026-10-07'], // 国庆节
      ),
      makeUpWorkingDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    },
  ],
]);

/** A year's calendar as sent, before it is checked. */
export interface HolidayCalendarInput {
  holidays: readonly string[];
  makeUpWorkingDays: readonly string[];
}

/**
 * What is wrong with a year's calendar, naming each date by its field path (`body.makeUpWorkingDays[0]`):
 * a date outside the year, a date listed twice, a day both off and worked, a make-up working
 * day on a weekday (a weekday is worked anyway: a date typed wrong). Dates are YYYY-MM-DD
 * real days already (the schema's part). A holiday may fall on a weekend: notices list whole
 * spans, weekend days inside them included.
 */
export const checkHolidayCalendar = (year: number, input: HolidayCalendarInput, prefix = 'body'): FieldIssue[] => {
  const issues: FieldIssue[] = [];
  const offDays = new Set(input.holidays);
  for (const list of ['holidays', 'makeUpWorkingDays'] as const) {
    const seen = new Set<string>();
    input[list].forEach((date, i) => {
      const path = `${prefix}.${list}[${i}]`;
      if (yearOf(date) !== year) issues.push(fieldIssue(path, 'calendarYear', `is not a day of ${year}`, `不是 ${year} 年的日期`));
      if (seen.has(date)) issues.push(fieldIssue(path, 'duplicate', 'is listed twice', '重复列出'));
      seen.add(date);
      if (list !== 'makeUpWorkingDays') return;
      if (offDays.has(date)) issues.push(fieldIssue(path, 'holidayAndWorkday', 'is listed as a holiday too', '同时列为放假日'));
      if (!isWeekend(date)) {
        const day = WEEKDAY_NAMES[weekdayOf(date)]!;
        issues.push(
          fieldIssue(
            path,
            'weekendOnly',
            `is a ${day.en}: a make-up working day is a Saturday or Sunday worked instead`,
            `是${day.zh}：调休上班日应为周六或周日`,
          ),
        );
      }
    });
  }
  return issues;
};

/** What an operator reads about years without a calendar (/health, the daily sweep's log). */
export const missingYearsDetail = (years: readonly number[]): string => {
  const list = years.join(' and ');
  const puts = years.map((y) => `PUT /calendar/${y}`).join(', ');
  return `no holiday calendar for ${list}: working-day deadlines in ${list} are counted Monday to Friday and marked provisional until the calendar is added (${puts}; see docs/operations.md)`;
};
