import { holidayCalendarView, putHolidayCalendar } from '../../shared/data/holiday-calendars.ts';
import { usersRepo } from '../../shared/data/users.ts';
import { checkHolidayCalendar } from '../../shared/domain/calendar/holiday-calendar.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { actorOf } from '../../shared/http/actor.ts';
import { apiHandler } from '../../shared/http/api-handler.ts';
import { calendarRoutes } from '../../shared/routes/calendar.ts';
import { usersRoutes } from '../../shared/routes/users.ts';

export const handler = apiHandler([...usersRoutes, ...calendarRoutes], {
  'GET /me': async (req) => ({ body: req.user }),
  'GET /users': async (req) => ({ body: await usersRepo.list(req.query.limit ?? 50, req.query.nextToken) }),
  'POST /users': async (req) => ({ status: 201, body: await usersRepo.create(req.body, actorOf(req)) }),
  'GET /users/{userId}': async (req) => {
    const user = await usersRepo.get(req.params.userId);
    if (!user) throw new NotFoundError(`No user ${req.params.userId}`, `用户 ${req.params.userId} 不存在`);
    return { body: user };
  },
  'PATCH /users/{userId}': async (req) => ({ body: await usersRepo.update(req.params.userId, req.body, actorOf(req)) }),
  'GET /calendar/{year}': async (req) => ({ body: holidayCalendarView(req.params.year, req.prefetched.calendar) }),
  'PUT /calendar/{year}': async (req) => {
    const issues = checkHolidayCalendar(req.params.year, req.body);
    if (issues.length) throw new ValidationError(issues);
    return { body: await putHolidayCalendar(req.params.year, req.body, actorOf(req), { item: req.prefetched.calendar }) };
  },
});
