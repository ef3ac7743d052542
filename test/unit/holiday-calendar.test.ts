/** Working-day due dates (R-MAT-7) on the State Council's calendars, with real dates. */
import { describe, expect, it } from 'vitest';
import { addDays, endOfDayInShanghai, weekdayOf } from '../../shared/domain/calendar/dates.ts';
import { BUILT_IN_CALENDARS, checkHolidayCalendar, type HolidayCalendar } from '../../shared/domain/calendar/holiday-calendar.ts';
import {
  addCalendarDays,
  addPeriod,
  addWorkingDays,
  dueDateEnds,
  isWorkingDay,
  secondsUntilDueDateEnds,
  yearsToWatch,
} from '../../shared/domain/calendar/working-days.ts';

const due = (start: string, n: number) => addWorkingDays(start, n).dueDate;

describe('isWorkingDay', () => {
  it('follows the 2026 notice: holidays off, make-up weekend days worked, other weekdays worked', () => {
    expect(isWorkingDay('2026-02-13')).toBe(true); // Friday before the Spring Festival
    expect(isWorkingDay('2026-02-14')).toBe(true); // make-up Saturday
    expect(isWorkingDay('2026-02-16')).toBe(false); // Monday inside the Spring Festival
    expect(isWorkingDay('2026-02-28')).toBe(true); // make-up Saturday
    expect(isWorkingDay('2026-03-01')).toBe(false); // an ordinary Sunday
    expect(isWorkingDay('2026-10-01')).toBe(false); // National Day, a Thursday
    expect(isWorkingDay('2026-10-08')).toBe(true); // the Thursday after it
    expect(isWorkingDay('2026-10-10')).toBe(true); // make-up Saturday
  });

  it('counts a year with no calendar Monday to Friday', () => {
    expect(isWorkingDay('2027-01-01')).toBe(true); // a Friday, whatever the 2027 notice will say
    expect(isWorkingDay('2027-01-02')).toBe(false);
  });
});

describe('addWorkingDays', () => {
  it('runs through the 2026 Spring Festival, make-up Saturdays included', () => {
    expect(addWorkingDays('2026-02-13', 1)).toEqual({ dueDate: '2026-02-14', provisional: false, missingYears: [] });
    expect(due('2026-02-13', 2)).toBe('2026-02-24');
    expect(due('2026-02-14', 1)).toBe('2026-02-24');
    // 2/24–2/27 (Tue–Fri), then the make-up Saturday 2/28.
    expect(due('2026-02-13', 6)).toBe('2026-02-28');
    expect(due('2026-02-13', 7)).toBe('2026-03-02');
  });

  it('runs through the 2026 National Day, with its make-up Sunday before and Saturday after', () => {
    expect(due('2026-09-19', 1)).toBe('2026-09-20'); // Sunday worked
    expect(due('2026-09-24', 1)).toBe('2026-09-28'); // over the Mid-Autumn Festival 9/25–9/27
    expect(due('2026-09-30', 1)).toBe('2026-10-08'); // over 10/1–10/7
    expect(due('2026-09-30', 3)).toBe('2026-10-10'); // 10/8, 10/9, and the Saturday 10/10
    expect(due('2026-09-30', 4)).toBe('2026-10-12');
    // Five working days from Monday 9/21: 9/22–9/24, 9/28, 9/29.
    expect(due('2026-09-21', 5)).toBe('2026-09-29');
  });

  it('runs through the 2025 Spring Festival and National Day', () => {
    expect(due('2025-01-24', 1)).toBe('2025-01-26'); // Friday → make-up Sunday
    expect(due('2025-01-27', 1)).toBe('2025-02-05'); // over 1/28–2/4
    expect(due('2025-02-07', 1)).toBe('2025-02-08'); // make-up Saturday
    expect(due('2025-09-30', 1)).toBe('2025-10-09'); // over 10/1–10/8
    expect(due('2025-10-10', 1)).toBe('2025-10-11'); // make-up Saturday
  });

  it('counts into a year with no calendar Monday to Friday, and says the date is provisional and which year is missing', () => {
    // 12/29, 12/30, 12/31, then 2027-01-01 (a Friday, counted as worked) and Monday 1/4.
    expect(addWorkingDays('2026-12-28', 5)).toEqual({ dueDate: '2027-01-04', provisional: true, missingYears: [2027] });
    expect(addWorkingDays('2026-12-28', 3)).toEqual({ dueDate: '2026-12-31', provisional: false, missingYears: [] });
    // Over a weekend of a missing year: it was crossed, so it is named even if the due date is not in it.
    expect(addWorkingDays('2024-12-27', 1)).toEqual({ dueDate: '2024-12-30', provisional: true, missingYears: [2024] });
    // 2027 has 261 weekdays: the 262nd working day is Monday 2028-01-03.
    expect(addWorkingDays('2026-12-31', 262)).toEqual({ dueDate: '2028-01-03', provisional: true, missingYears: [2027, 2028] });
  });

  it('uses a calendar added for a year in place of Monday to Friday', () => {
    const y2027: HolidayCalendar = { year: 2027, holidays: ['2027-01-01'], makeUpWorkingDays: ['2027-01-02'] };
    const calendars = new Map([...BUILT_IN_CALENDARS, [2027, y2027]]);
    expect(addWorkingDays('2026-12-31', 1, calendars)).toEqual({ dueDate: '2027-01-02', provisional: false, missingYears: [] });
    expect(addWorkingDays('2026-12-31', 2, calendars).dueDate).toBe('2027-01-04');
  });

  it('gives the start itself for 0 and refuses counts that are not whole numbers of at least 0', () => {
    expect(addWorkingDays('2026-02-15', 0)).toEqual({ dueDate: '2026-02-15', provisional: false, missingYears: [] });
    for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => addWorkingDays('2026-02-13', n), String(n)).toThrow(RangeError);
  });
});

describe('addCalendarDays', () => {
  it('is not moved by holidays, make-up days or missing years', () => {
    expect(addCalendarDays('2026-02-13', 2)).toEqual({ dueDate: '2026-02-15', provisional: false, missingYears: [] });
    expect(addCalendarDays('2026-09-30', 7).dueDate).toBe('2026-10-07');
    expect(addCalendarDays('2026-12-28', 5)).toEqual({ dueDate: '2027-01-02', provisional: false, missingYears: [] });
    expect(addCalendarDays('2028-02-28', 1).dueDate).toBe('2028-02-29');
  });

  it('is what addPeriod gives for calendar days; working days go through the calendar', () => {
    expect(addPeriod('2026-02-13', { calendarDays: 2 }).dueDate).toBe('2026-02-15');
    expect(addPeriod('2026-02-13', { workingDays: 2 }).dueDate).toBe('2026-02-24');
  });
});

describe('the end of a due date', () => {
  it('is midnight at the start of the next day in Asia/Shanghai', () => {
    expect(dueDateEnds('2026-02-24').toISOString()).toBe('2026-02-24T16:00:00.000Z');
    expect(endOfDayInShanghai('2026-12-31').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('is so many whole seconds away, at least 1 when it has passed', () => {
    const now = new Date('2026-02-13T09:30:00+08:00');
    // 2/13 09:30 → 2/25 00:00: 11 days and 14.5 hours.
    expect(secondsUntilDueDateEnds('2026-02-24', now)).toBe(11 * 86_400 + 14.5 * 3600);
    expect(secondsUntilDueDateEnds('2026-02-13', new Date('2026-02-13T23:59:59.200+08:00'))).toBe(1);
    expect(secondsUntilDueDateEnds('2026-02-12', now)).toBe(1);
  });
});

describe('yearsToWatch', () => {
  it('is this year, and next year from 1 November', () => {
    expect(yearsToWatch('2026-10-31')).toEqual([2026]);
    expect(yearsToWatch('2026-11-01')).toEqual([2026, 2027]);
    expect(yearsToWatch('2026-11-30')).toEqual([2026, 2027]);
    expect(yearsToWatch('2027-01-01')).toEqual([2027]);
  });
});

describe('checkHolidayCalendar', () => {
  const rules = (year: number, holidays: string[], makeUpWorkingDays: string[]) =>
    checkHolidayCalendar(year, { holidays, makeUpWorkingDays }).map((i) => `${i.path}:${i.rule}`);

  it('accepts the built-in years as the notices give them', () => {
    for (const [year, c] of BUILT_IN_CALENDARS) {
      expect(checkHolidayCalendar(year, c), String(year)).toEqual([]);
      expect(c.holidays, String(year)).toEqual([...c.holidays].sort());
      expect(c.makeUpWorkingDays, String(year)).toEqual([...c.makeUpWorkingDays].sort());
    }
    // Every day the 2026 notice gives off, counted: 3 + 9 + 3 + 5 + 3 + 3 + 7.
    expect(BUILT_IN_CALENDARS.get(2026)!.holidays).toHaveLength(33);
    expect(BUILT_IN_CALENDARS.get(2025)!.holidays).toHaveLength(1 + 8 + 3 + 5 + 3 + 8);
  });

  it('accepts a holiday on a weekend, as notices list whole spans', () => {
    expect(rules(2026, ['2026-02-15', '2026-02-21'], ['2026-02-14'])).toEqual([]);
  });

  it('refuses a date of another year, by its field path', () => {
    expect(rules(2027, ['2027-01-01', '2026-12-31'], ['2028-01-08'])).toEqual(['body.holidays[1]:calendarYear', 'body.makeUpWorkingDays[0]:calendarYear']);
  });

  it('refuses a make-up working day on a weekday, naming the day in both languages', () => {
    const [issue, ...rest] = checkHolidayCalendar(2027, { holidays: ['2027-01-01'], makeUpWorkingDays: ['2027-01-06'] });
    expect(rest).toEqual([]);
    expect(issue).toEqual({
      path: 'body.makeUpWorkingDays[0]',
      rule: 'weekendOnly',
      message: 'is a Wednesday: a make-up working day is a Saturday or Sunday worked instead',
      messageZh: '是星期三：调休上班日应为周六或周日',
    });
  });

  it('refuses a day both off and worked, and a date listed twice', () => {
    expect(rules(2026, ['2026-02-14', '2026-02-15', '2026-02-15'], ['2026-02-14', '2026-02-28', '2026-02-28'])).toEqual([
      'body.holidays[2]:duplicate',
      'body.makeUpWorkingDays[0]:holidayAndWorkday',
      'body.makeUpWorkingDays[2]:duplicate',
    ]);
  });
});

describe('dates', () => {
  it('add days over month, year and leap-day ends, in any machine zone', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekdayOf('2026-02-14')).toBe(6);
    expect(weekdayOf('2026-09-20')).toBe(0);
  });
});
