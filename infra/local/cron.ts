/**
 * EventBridge Scheduler expressions, evaluated in a time zone: AWS's six-field cron
 * (`min hour day-of-month month day-of-week year`, with `? L W #`), `rate(...)` and `at(...)`.
 * Pure functions; the local scheduler uses `nextOccurrence`.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export class CronError extends Error {}

type DayMatcher = (y: number, m: number, d: number) => boolean;

export interface CronSchedule {
  kind: 'cron';
  minutes: number[];
  hours: number[];
  months: Set<number>;
  years: Set<number> | null;
  dom: DayMatcher;
  dow: DayMatcher;
}
export interface RateSchedule {
  kind: 'rate';
  everyMs: number;
}
export interface AtSchedule {
  kind: 'at';
  local: [number, number, number, number, number, number];
}
export type Schedule = CronSchedule | RateSchedule | AtSchedule;

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
/** 1 = Sunday … 7 = Saturday, as AWS numbers days of the week. */
const weekday = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 1;

const parseValue = (text: string, names: string[] | null, min: number, max: number, field: string): number => {
  const upper = text.toUpperCase();
  const named = names ? names.indexOf(upper) : -1;
  const n = named >= 0 ? named + min : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new CronError(`${field}: "${text}" is not in ${min}–${max}`);
  return n;
};

const parseSet = (expr: string, min: number, max: number, field: string, names: string[] | null = null): Set<number> => {
  const out = new Set<number>();
  for (const part of expr.split(',')) {
    const [range, stepText] = part.split('/');
    if (range === undefined || range === '') throw new CronError(`${field}: empty element in "${expr}"`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronError(`${field}: bad step "${stepText}"`);
    let lo: number;
    let hi: number;
    if (range === '*') {
      lo = min;
      hi = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      lo = parseValue(a!, names, min, max, field);
      hi = parseValue(b!, names, min, max, field);
      if (hi < lo) throw new CronError(`${field}: range "${range}" runs backwards`);
    } else {
      lo = parseValue(range, names, min, max, field);
      hi = stepText === undefined ? lo : max;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
};

const parseDom = (expr: string): DayMatcher => {
  if (expr === '?') return () => true;
  if (expr === 'L') return (y, m, d) => d === daysInMonth(y, m);
  if (expr === 'LW') {
    return (y, m, d) => {
      let last = daysInMonth(y, m);
      while (weekday(y, m, last) === 1 || weekday(y, m, last) === 7) last--;
      return d === last;
    };
  }
  const w = /^(\d{1,2})W$/.exec(expr);
  if (w) {
    const target = parseValue(w[1]!, null, 1, 31, 'day-of-month');
    return (y, m, d) => {
      const dim = daysInMonth(y, m);
      if (target > dim) return false;
      const wd = weekday(y, m, target);
      // Nearest weekday in the same month: Saturday → Friday (or Monday on the 1st), Sunday → Monday (or Friday at month end).
      let day = target;
      if (wd === 7) day = target === 1 ? 3 : target - 1;
      else if (wd === 1) day = target === dim ? target - 2 : target + 1;
      return d === day;
    };
  }
  const set = parseSet(expr, 1, 31, 'day-of-month');
  return (_y, _m, d) => set.has(d);
};

const parseDow = (expr: string): DayMatcher => {
  if (expr === '?') return () => true;
  if (expr === 'L') return (y, m, d) => weekday(y, m, d) === 7;
  const last = /^(\w+)L$/.exec(expr);
  if (last) {
    const day = parseValue(last[1]!, DAYS, 1, 7, 'day-of-week');
    return (y, m, d) => weekday(y, m, d) === day && d + 7 > daysInMonth(y, m);
  }
  const nth = /^(\w+)#([1-5])$/.exec(expr);
  if (nth) {
    const day = parseValue(nth[1]!, DAYS, 1, 7, 'day-of-week');
    const n = Number(nth[2]);
    return (y, m, d) => weekday(y, m, d) === day && Math.ceil(d / 7) === n;
  }
  const set = parseSet(expr, 1, 7, 'day-of-week', DAYS);
  return (y, m, d) => set.has(weekday(y, m, d));
};

export const parseSchedule = (expression: string): Schedule => {
  const cron = /^cron\((.*)\)$/.exec(expression.trim());
  if (cron) {
    const fields = cron[1]!.trim().split(/\s+/);
    if (fields.length !== 6) throw new CronError(`cron needs 6 fields (min hour day-of-month month day-of-week year), got ${fields.length}`);
    const [min, hour, dom, month, dow, year] = fields as [string, string, string, string, string, string];
    if ((dom === '?') === (dow === '?')) throw new CronError('exactly one of day-of-month and day-of-week must be ?');
    return {
      kind: 'cron',
      minutes: [...parseSet(min, 0, 59, 'minutes')].sort((a, b) => a - b),
      hours: [...parseSet(hour, 0, 23, 'hours')].sort((a, b) => a - b),
      months: parseSet(month, 1, 12, 'month', MONTHS),
      years: year === '*' ? null : parseSet(year, 1970, 2199, 'year'),
      dom: parseDom(dom),
      dow: parseDow(dow),
    };
  }
  const rate = /^rate\((\d+)\s+(minutes?|hours?|days?)\)$/.exec(expression.trim());
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2]!.replace(/s$/, '');
    if (n < 1) throw new CronError('rate must be at least 1');
    if ((n === 1) !== !rate[2]!.endsWith('s')) throw new CronError(`rate(${n} ${rate[2]}): use the ${n === 1 ? 'singular' : 'plural'} unit`);
    return { kind: 'rate', everyMs: n * { minute: 60e3, hour: 3600e3, day: 86400e3 }[unit as 'minute']! };
  }
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(expression.trim());
  if (at) return { kind: 'at', local: at.slice(1).map(Number) as AtSchedule['local'] };
  throw new CronError(`Cannot read schedule expression "${expression}"`);
};

const partsFormatter = new Map<string, Intl.DateTimeFormat>();
const localParts = (instant: number, tz: string) => {
  let f = partsFormatter.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormatter.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(instant)).map((x) => [x.type, Number(x.value)]));
  return { y: p.year!, m: p.month!, d: p.day!, h: p.hour!, mi: p.minute!, s: p.second! };
};

/** The UTC instant of a wall-clock time in a time zone. */
export const zonedToUtc = (y: number, m: number, d: number, h: number, mi: number, s: number, tz: string): number => {
  const guess = Date.UTC(y, m - 1, d, h, mi, s);
  const offset = (t: number) => {
    const p = localParts(t, tz);
    return Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s) - t;
  };
  const first = guess - offset(guess);
  const second = guess - offset(first);
  return second;
};

/** The first occurrence strictly after `after`, or undefined if there is none. */
export const nextOccurrence = (schedule: Schedule, after: Date, tz: string): Date | undefined => {
  const t = after.getTime();
  if (schedule.kind === 'rate') return new Date((Math.floor(t / schedule.everyMs) + 1) * schedule.everyMs);
  if (schedule.kind === 'at') {
    const [y, m, d, h, mi, s] = schedule.local;
    const at = zonedToUtc(y, m, d, h, mi, s, tz);
    return at > t ? new Date(at) : undefined;
  }
  const start = localParts(t, tz);
  for (let i = 0; i < 366 * 8; i++) {
    const day = new Date(Date.UTC(start.y, start.m - 1, start.d + i));
    const y = day.getUTCFullYear();
    const m = day.getUTCMonth() + 1;
    const d = day.getUTCDate();
    if (schedule.years && !schedule.years.has(y)) continue;
    if (!schedule.months.has(m) || !schedule.dom(y, m, d) || !schedule.dow(y, m, d)) continue;
    for (const h of schedule.hours) {
      for (const mi of schedule.minutes) {
        const at = zonedToUtc(y, m, d, h, mi, 0, tz);
        if (at > t) return new Date(at);
      }
    }
  }
  return undefined;
};

/** EventBridge Scheduler's `<aws.scheduler.scheduled-time>`: ISO 8601 in UTC, whole seconds. */
export const scheduledTimeString = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
