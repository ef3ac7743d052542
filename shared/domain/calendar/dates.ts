/**
 * Calendar dates as the office reads them: YYYY-MM-DD in Asia/Shanghai (today's date comes
 * from `todayInShanghai`). A date is a day, not an instant, so arithmetic on it is done at UTC
 * midnight, where every day is 24 hours long and the machine's own zone plays no part.
 */

const DAY_MS = 86_400_000;

const utcMidnight = (date: string): number => Date.parse(`${date}T00:00:00Z`);

export const addDays = (date: string, days: number): string => new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);

/** 0 for Sunday … 6 for Saturday. */
export const weekdayOf = (date: string): number => new Date(utcMidnight(date)).getUTCDay();

export const isWeekend = (date: string): boolean => {
  const d = weekdayOf(date);
  return d === 0 || d === 6;
};

export const yearOf = (date: string): number => Number(date.slice(0, 4));

/** Every date from `first` to `last`, both included (a holiday as a notice writes it: 2/15–2/23). */
export const datesFrom = (first: string, last: string): string[] => {
  const out: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
  return out;
};

/**
 * The instant `date` ends in Asia/Shanghai: midnight at the start of the next day. China has
 * kept UTC+8 all year since 1991, so the offset is fixed rather than looked up.
 */
export const endOfDayInShanghai = (date: string): Date => new Date(Date.parse(`${addDays(date, 1)}T00:00:00+08:00`));

export const WEEKDAY_NAMES: readonly { en: string; zh: string }[] = [
  { en: 'Sunday', zh: '星期日' },
  { en: 'Monday', zh: '星期一' },
  { en: 'Tuesday', zh: '星期二' },
  { en: 'Wednesday', zh: '星期三' },
  { en: 'Thursday', zh: '星期四' },
  { en: 'Friday', zh: '星期五' },
  { en: 'Saturday', zh: '星期六' },
];
