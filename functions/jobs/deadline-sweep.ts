import { missingCalendarYears } from '../../shared/data/holiday-calendars.ts';
import { missingYearsDetail } from '../../shared/domain/calendar/holiday-calendar.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { scheduledJob } from '../../shared/jobs/scheduled-job.ts';
import { logger } from '../../shared/log.ts';
import { emitMetric } from '../../shared/metrics.ts';

/**
 * Finds human steps that are due or overdue as of the scheduled time. The steps themselves
 * (matter stages, plan approvals) are recorded by the matter and staffing-plan workflows; until
 * those land there is nothing to sweep.
 *
 * Every run also counts the years missing from the holiday calendar that deadlines need by now
 * (this year; from 1 November next year too) as the metric CalendarYearsMissing, 0 included, so
 * the alarm on it sounds once a day until an office admin adds the year.
 */
export const handler = scheduledJob('deadline-sweep', async (asOf) => {
  const calendarYearsMissing = await missingCalendarYears(todayInShanghai(asOf));
  emitMetric('CalendarYearsMissing', calendarYearsMissing.length);
  if (calendarYearsMissing.length) logger.warn(missingYearsDetail(calendarYearsMissing), { calendarYearsMissing });
  return { asOf: asOf.toISOString(), due: 0, overdue: 0, calendarYearsMissing };
});
