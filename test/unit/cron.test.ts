import { describe, expect, it } from 'vitest';
import { CronError, nextOccurrence, parseSchedule, scheduledTimeString, zonedToUtc } from '../../infra/local/cron.ts';
import { latestDue } from '../../infra/local/scheduler.ts';

const SH = 'Asia/Shanghai';
const next = (expr: string, afterIso: string, tz = SH) => nextOccurrence(parseSchedule(expr), new Date(afterIso), tz)?.toISOString();
const series = (expr: string, afterIso: string, n: number, tz = SH) => {
  const out: string[] = [];
  let t = new Date(afterIso);
  for (let i = 0; i < n; i++) {
    t = nextOccurrence(parseSchedule(expr), t, tz)!;
    out.push(t.toISOString());
  }
  return out;
};

describe('AWS cron in Asia/Shanghai', () => {
  it('fires at 01:00 Beijing time, which is 17:00 UTC the day before', () => {
    expect(next('cron(0 1 * * ? *)', '2026-11-29T13:00:00Z')).toBe('2026-11-29T17:00:00.000Z');
    expect(next('cron(0 1 * * ? *)', '2026-11-29T17:00:00Z')).toBe('2026-11-30T17:00:00.000Z');
  });

  it('L in day-of-month is the last day, leap years included', () => {
    expect(series('cron(30 9 L * ? *)', '2028-01-01T00:00:00Z', 3)).toEqual([
      '2028-01-31T01:30:00.000Z',
      '2028-02-29T01:30:00.000Z',
      '2028-03-31T01:30:00.000Z',
    ]);
  });

  it('# in day-of-week is the nth weekday of the month (1 = Sunday)', () => {
    // Second Monday of each month, 09:00 Beijing.
    expect(series('cron(0 9 ? * 2#2 *)', '2026-11-29T00:00:00Z', 3)).toEqual([
      '2026-12-14T01:00:00.000Z',
      '2027-01-11T01:00:00.000Z',
      '2027-02-08T01:00:00.000Z',
    ]);
    expect(next('cron(0 9 ? * MON#2 *)', '2026-11-29T00:00:00Z')).toBe('2026-12-14T01:00:00.000Z');
  });

  it('nL in day-of-week is the last such weekday; L alone is Saturday', () => {
    expect(next('cron(0 17 ? * 6L *)', '2026-11-29T00:00:00Z')).toBe('2026-12-25T09:00:00.000Z'); // last Friday of Dec 2026
    expect(next('cron(0 8 ? * L *)', '2026-11-29T00:00:00Z')).toBe('2026-12-05T00:00:00.000Z'); // next Saturday
  });

  it('W in day-of-month moves to the nearest weekday within the month', () => {
    // 2026-11-15 is a Sunday → Monday 16th; 2026-08-01 is a Saturday → Monday 3rd (not July).
    expect(next('cron(0 10 15W * ? *)', '2026-11-01T00:00:00Z')).toBe('2026-11-16T02:00:00.000Z');
    expect(next('cron(0 10 1W * ? *)', '2026-07-15T00:00:00Z')).toBe('2026-08-03T02:00:00.000Z');
  });

  it('takes ranges, steps, lists, names and years', () => {
    expect(series('cron(0/20 8-9 ? * MON-FRI 2026)', '2026-11-27T00:00:00Z', 4)).toEqual([
      '2026-11-27T00:20:00.000Z',
      '2026-11-27T00:40:00.000Z',
      '2026-11-27T01:00:00.000Z',
      '2026-11-27T01:20:00.000Z',
    ]);
    expect(next('cron(0 0 1 JAN,JUL ? *)', '2026-11-29T00:00:00Z')).toBe('2026-12-31T16:00:00.000Z');
    expect(next('cron(0 0 1 1 ? 2025)', '2026-01-01T00:00:00Z')).toBeUndefined();
  });

  it('rejects malformed expressions with the field named', () => {
    expect(() => parseSchedule('cron(0 1 * * * *)')).toThrow(CronError);
    expect(() => parseSchedule('cron(61 1 * * ? *)')).toThrow(/minutes/);
    expect(() => parseSchedule('cron(0 1 * 13 ? *)')).toThrow(/month/);
    expect(() => parseSchedule('cron(0 1 ? * 2#6 *)')).toThrow(/day-of-week/);
    expect(() => parseSchedule('cron(0 1 * *)')).toThrow(/6 fields/);
    expect(() => parseSchedule('every day')).toThrow(CronError);
  });
});

describe('rate, at and time zones', () => {
  it('rate(…) repeats at its interval', () => {
    expect(next('rate(5 minutes)', '2026-11-29T13:02:00Z')).toBe('2026-11-29T13:05:00.000Z');
    expect(() => parseSchedule('rate(1 minutes)')).toThrow(/singular/);
  });
  it('at(…) is a wall-clock time in the schedule zone', () => {
    expect(next('at(2026-12-31T09:00:00)', '2026-11-29T00:00:00Z')).toBe('2026-12-31T01:00:00.000Z');
    expect(next('at(2026-12-31T09:00:00)', '2027-01-01T00:00:00Z')).toBeUndefined();
  });
  it('converts wall-clock times across a DST change', () => {
    expect(new Date(zonedToUtc(2026, 7, 1, 9, 0, 0, 'Europe/Berlin')).toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(new Date(zonedToUtc(2026, 12, 1, 9, 0, 0, 'Europe/Berlin')).toISOString()).toBe('2026-12-01T08:00:00.000Z');
  });
  it('passes the scheduled time as Scheduler does, in whole seconds', () => {
    expect(scheduledTimeString(new Date('2026-11-29T17:00:00.123Z'))).toBe('2026-11-29T17:00:00Z');
  });
});

describe('the latest due occurrence after a big clock move', () => {
  it('finds the last run of a five-minute and a daily schedule 40 days on, without stepping through each', () => {
    const first = new Date('2026-11-29T13:05:00Z');
    const now = new Date('2027-01-08T13:07:30Z');
    expect(latestDue(parseSchedule('cron(0/5 * * * ? *)'), first, now, SH).toISOString()).toBe('2027-01-08T13:05:00.000Z');
    // 01:00 Beijing time is 17:00 UTC the day before.
    expect(latestDue(parseSchedule('cron(0 1 * * ? *)'), new Date('2026-11-29T17:00:00Z'), now, SH).toISOString()).toBe('2027-01-07T17:00:00.000Z');
    // A yearly schedule whose only due run is the first one.
    expect(latestDue(parseSchedule('cron(0 9 1 1 ? *)'), new Date('2027-01-01T01:00:00Z'), now, SH).toISOString()).toBe('2027-01-01T01:00:00.000Z');
  });
});
