import { missingCalendarYears } from '../../shared/data/holiday-calendars.ts';
import { leadsRepo, remindLead } from '../../shared/data/lead-transfers.ts';
import { notificationLettersRepo } from '../../shared/data/notification-letters.ts';
import { issueLettersDue } from '../../shared/data/supervision-letters.ts';
import { tasksRepo } from '../../shared/data/tasks.ts';
import { missingYearsDetail } from '../../shared/domain/calendar/holiday-calendar.ts';
import { COPY_RECIPIENTS } from '../../shared/domain/matters/implementation.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { forEachEntry, scheduledJob } from '../../shared/jobs/scheduled-job.ts';
import { logger } from '../../shared/log.ts';
import { emitMetric } from '../../shared/metrics.ts';

const actor = { userId: 'deadline-sweep-job', role: 'system', requestId: 'deadline-sweep' };

/**
 * The daily sweep as of the scheduled day (Beijing time): implementation items past their
 * deadline get a supervision letter, one per unit (R-SUP-1), which blocks the unit's new plans
 * and matters until its rectification is verified. A second delivery finds nothing new: an item
 * in a letter has left the deadline index. Notification letters to new heads still undelivered
 * after their month are counted (NotificationLettersOverdue, alarmed) and named in the log. A
 * lead transfer whose next step is due today or overdue gets that day's reminder. Copies of issued
 * matters their recipients have not acknowledged by the due date are counted (CopyReceiptsOverdue,
 * alarmed) and named: the copy's task stays with its recipient, marked overdue in their inbox.
 *
 * Every run also counts the years missing from the holiday calendar that deadlines need by now
 * (this year; from 1 November next year too) as the metric CalendarYearsMissing, 0 included, so
 * the alarm on it sounds once a day until an office admin adds the year.
 */
export const handler = scheduledJob('deadline-sweep', async (asOf) => {
  const today = todayInShanghai(asOf);
  const letters = await issueLettersDue(today, actor);
  // 告知函 past their month undelivered: warned every day (metric and alarm) until delivered.
  const overdueNotices = await notificationLettersRepo.overdue(today);
  emitMetric('NotificationLettersOverdue', overdueNotices.length);
  if (overdueNotices.length)
    logger.warn(`${overdueNotices.length} notification letter(s) to new heads overdue`, {
      notices: overdueNotices.map((l) => `${l.orgId}/${l.noticeId} due ${l.dueDate}`),
    });
  // 抄送 not acknowledged in time: the registration bureau and the e-government center have no
  // head in the office to escalate to, so the operator is told, every day until each is received.
  // A failed read is logged and counted as a failed entry; the reminders below still run.
  const failedCopyReads: { sectionId: string; error: string }[] = [];
  const inboxes = await Promise.all(
    COPY_RECIPIENTS.map((r) =>
      tasksRepo.inbox(r.sectionId, asOf.toISOString()).catch((e: Error) => {
        logger.error('overdue copy receipts not read', { sectionId: r.sectionId, errorName: e.name, errorMessage: e.message?.slice(0, 300) });
        failedCopyReads.push({ sectionId: r.sectionId, error: e.name });
        return [];
      }),
    ),
  );
  if (failedCopyReads.length) emitMetric('JobEntryFailures', failedCopyReads.length);
  const overdueCopies = inboxes.flat().filter((t) => t.step === 'copyReceipt');
  emitMetric('CopyReceiptsOverdue', overdueCopies.length);
  if (overdueCopies.length)
    logger.warn(`${overdueCopies.length} copy receipt(s) of issued matters overdue`, {
      copies: overdueCopies.map((t) => `${t.matterId} ${t.sectionId} due ${t.dueAt}`),
    });
  // Lead transfers whose next step is due today or overdue: one reminder a day on each, for its receiver.
  const leadsRemindedFor: { leadId: string; step: string; dueDate: string; overdue: boolean }[] = [];
  const reminders = await forEachEntry(
    async () => ({ items: await leadsRepo.dueBy(today) }),
    async (lead) => {
      if (await remindLead(lead, today))
        leadsRemindedFor.push({ leadId: lead.leadId, step: lead.due!.step, dueDate: lead.due!.dueDate, overdue: lead.overdue });
    },
    (lead) => ({ leadId: lead.leadId }),
  );
  const calendarYearsMissing = await missingCalendarYears(today);
  emitMetric('CalendarYearsMissing', calendarYearsMissing.length);
  if (calendarYearsMissing.length) logger.warn(missingYearsDetail(calendarYearsMissing), { calendarYearsMissing });
  return {
    asOf: asOf.toISOString(),
    lettersIssued: letters.issued.map((l) => ({ letterId: l.letterId, number: l.number, orgId: l.orgId, items: l.items.length })),
    failed: [...letters.failed, ...reminders.failed],
    leadsReminded: leadsRemindedFor,
    notificationLettersOverdue: overdueNotices.map((l) => ({ orgId: l.orgId, noticeId: l.noticeId, headName: l.headName, dueDate: l.dueDate })),
    copyReceiptsOverdue: overdueCopies.map((t) => ({ matterId: t.matterId, sectionId: t.sectionId, taskId: t.taskId, dueAt: t.dueAt })),
    ...(failedCopyReads.length ? { copyReceiptReadsFailed: failedCopyReads } : {}),
    calendarYearsMissing,
  };
});
