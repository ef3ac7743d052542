/** The holiday calendar: office configuration, served by the users function (which keeps the office's configuration). */
import { route } from '../manifest-types.ts';
import { OFFICE_ROLES } from '../roles.ts';
import { CalendarYearParams, HolidayCalendarInput, HolidayCalendarView } from '../schemas/calendar.ts';
import { holidayCalendar } from './prefetch.ts';

export const calendarRoutes = [
  route({
    method: 'GET',
    path: '/calendar/{year}',
    function: 'users',
    // Operators too: they are the ones the missing-year alarm reaches.
    access: { roles: [...OFFICE_ROLES, 'operator'] },
    tag: 'calendar',
    summary: "A year's holidays and make-up working days, and whether they are built in, stored, or missing (then counted Monday to Friday)",
    params: CalendarYearParams,
    prefetch: holidayCalendar,
    response: { status: 200, schema: HolidayCalendarView },
  }),
  route({
    method: 'PUT',
    path: '/calendar/{year}',
    function: 'users',
    access: { roles: ['officeAdmin'] },
    tag: 'calendar',
    summary: "Set a year's holidays and make-up working days from the State Council's notice (the same calendar again changes nothing)",
    params: CalendarYearParams,
    body: HolidayCalendarInput,
    prefetch: holidayCalendar,
    response: { status: 200, schema: HolidayCalendarView },
    errors: ['BUSY'],
  }),
] as const;
