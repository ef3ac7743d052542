import { CALENDAR_SOURCES } from '../domain/calendar/holiday-calendar.ts';
import { isoDate } from './date.ts';
import { msg } from './messages.ts';
import { text } from './text.ts';
import * as z from './zod.ts';
import { matching, named, wholeNumber } from './zod.ts';

export const CalendarYearParams = z.object({ year: z.pipe(matching(/^20\d{2}$/, msg('calendarYearFormat')), z.transform(Number)) });

/** Room for every day off of a year several times over; a notice lists about thirty. */
const MAX_DATES = 100;

/**
 * A year's calendar as the State Council's notice gives it. The rules that need the year
 * (every date in it, make-up days on weekends…) are checked with it: shared/domain/calendar.
 */
export const HolidayCalendarInput = named(
  'HolidayCalendarInput',
  z.strictObject({
    /** Every day off, weekend days inside a holiday included (2/15–2/23 is nine dates). */
    holidays: z.array(isoDate).check(z.minLength(1), z.maxLength(MAX_DATES)),
    /** The Saturdays and Sundays worked instead (调休上班); `[]` for none. */
    makeUpWorkingDays: z.array(isoDate).check(z.maxLength(MAX_DATES)),
    /** The notice transcribed, e.g. 国办发明电〔2024〕12号. */
    notice: z.optional(text({ min: 1, max: 100 })),
  }),
);

export const HolidayCalendarView = named(
  'HolidayCalendar',
  z.object({
    year: wholeNumber(),
    /** builtIn: transcribed in the code; stored: added by an office admin; missing: counted Monday to Friday, deadlines in it provisional. */
    source: z.enum(CALENDAR_SOURCES),
    holidays: z.array(z.string()),
    makeUpWorkingDays: z.array(z.string()),
    notice: z.optional(z.string()),
    updatedAt: z.optional(z.string()),
    version: z.optional(wholeNumber()),
  }),
);

export type HolidayCalendarInput = z.infer<typeof HolidayCalendarInput>;
export type HolidayCalendarView = z.infer<typeof HolidayCalendarView>;
