/**
 * A local EventBridge Scheduler: fires the manifest's schedules in their time zone against the
 * host's clock and passes the scheduled time as Scheduler does. Like Scheduler it never replays
 * runs missed while the host was down. When the clock is moved forward past several
 * occurrences, it delivers the latest one only: jobs act on everything due as of that time.
 */
import type { Clock } from '../../shared/clock.ts';
import { logger } from '../../shared/log.ts';
import type { ScheduleDecl } from '../../shared/manifest-types.ts';
import { nextOccurrence, parseSchedule, type Schedule, scheduledTimeString } from './cron.ts';
import type { FunctionHost } from './functions.ts';

interface Entry {
  decl: ScheduleDecl;
  schedule: Schedule;
  next?: Date;
  lastRun?: { scheduledTime: string; ok: boolean; at: string };
}

/**
 * The latest occurrence at or before `now`, given that `first` (at or before `now`) is due. The
 * clock may have moved by weeks (`npm run clock -- +40d`): stepping through every occurrence of
 * a five-minute schedule would take seconds, so the search starts in a window just before
 * `now` and widens it until the window holds an occurrence.
 */
export const latestDue = (schedule: Schedule, first: Date, now: Date, tz: string): Date => {
  const windows = [15 * 60_000, 6 * 3_600_000, 2 * 86_400_000, 40 * 86_400_000, 400 * 86_400_000, Number.POSITIVE_INFINITY];
  for (const w of windows) {
    const from = Math.max(first.getTime() - 1, now.getTime() - w);
    let due = nextOccurrence(schedule, new Date(from), tz);
    if (!due || due > now) continue;
    for (;;) {
      const after = nextOccurrence(schedule, due, tz);
      if (!after || after > now) return due;
      due = after;
    }
  }
  return first;
};

export class LocalScheduler {
  private readonly entries = new Map<string, Entry>();
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    schedules: ScheduleDecl[],
    private readonly functions: FunctionHost,
    private readonly clock: Clock,
  ) {
    for (const decl of schedules) this.entries.set(decl.id, { decl, schedule: parseSchedule(decl.expression) });
  }

  start(): void {
    const now = this.clock.now();
    for (const e of this.entries.values()) e.next = nextOccurrence(e.schedule, now, e.decl.timezone);
    this.timer = setInterval(() => void this.tick(), 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  list() {
    return [...this.entries.values()].map((e) => ({
      id: e.decl.id,
      expression: e.decl.expression,
      timezone: e.decl.timezone,
      next: e.next?.toISOString(),
      lastRun: e.lastRun,
    }));
  }

  /** Delivers every schedule whose time has come, once each. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const now = this.clock.now();
      for (const e of this.entries.values()) {
        if (!e.next || e.next > now) continue;
        const due = latestDue(e.schedule, e.next, now, e.decl.timezone);
        e.next = nextOccurrence(e.schedule, now, e.decl.timezone);
        await this.deliver(e, due).catch(() => undefined);
      }
    } finally {
      this.running = false;
    }
  }

  /** `npm run fire -- <id>`: deliver one schedule now (or for a given scheduled time). */
  async fire(id: string, scheduledTime?: Date): Promise<unknown> {
    const e = this.entries.get(id);
    if (!e) throw new Error(`No schedule "${id}"; known: ${[...this.entries.keys()].join(', ')}`);
    return this.deliver(e, scheduledTime ?? this.clock.now());
  }

  private async deliver(e: Entry, at: Date): Promise<unknown> {
    const scheduledTime = scheduledTimeString(at);
    try {
      const result = await this.functions.invoke(e.decl.function, { scheduleId: e.decl.id, scheduledTime });
      e.lastRun = { scheduledTime, ok: true, at: this.clock.now().toISOString() };
      return result;
    } catch (err) {
      e.lastRun = { scheduledTime, ok: false, at: this.clock.now().toISOString() };
      logger.error('scheduled delivery failed', {
        scheduleId: e.decl.id,
        scheduledTime,
        errorName: (err as Error).name,
        errorMessage: (err as Error).message?.slice(0, 300),
      });
      throw err;
    }
  }
}
