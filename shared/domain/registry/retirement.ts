/**
 * Statutory retirement age under the gradual reform in force since 1 January 2025 (全国人民代表
 * 大会常务委员会关于实施渐进式延迟法定退休年龄的决定): from the old ages 60 (men), 55 (women
 * cadres and professionals) and 50 (women workers), by one month every four months (every two
 * months for women workers), for people born from 1965, 1970 and 1975 respectively, up to
 * 63, 58 and 55.
 */
import type { Gender } from './national-id.ts';

export type RetirementCategory = 'male' | 'femaleCadre' | 'femaleWorker';

const RULES: Record<RetirementCategory, { baseYears: number; firstBirthYear: number; monthsPerStep: number; maxDelayMonths: number }> = {
  male: { baseYears: 60, firstBirthYear: 1965, monthsPerStep: 4, maxDelayMonths: 36 },
  femaleCadre: { baseYears: 55, firstBirthYear: 1970, monthsPerStep: 4, maxDelayMonths: 36 },
  femaleWorker: { baseYears: 50, firstBirthYear: 1975, monthsPerStep: 2, maxDelayMonths: 60 },
};

/** Logistics (工勤) slots are held by workers; every other slot by cadres and professionals. */
export const retirementCategory = (gender: Gender, quotaType: string): RetirementCategory =>
  gender === 'male' ? 'male' : quotaType === 'logistics' ? 'femaleWorker' : 'femaleCadre';

/** Retirement age in months for someone born in `birthDate` (YYYY-MM-DD). */
export const retirementAgeMonths = (birthDate: string, category: RetirementCategory): number => {
  const r = RULES[category];
  const y = Number(birthDate.slice(0, 4));
  const m = Number(birthDate.slice(5, 7));
  const monthsSinceStart = (y - r.firstBirthYear) * 12 + (m - 1);
  const delay = monthsSinceStart < 0 ? 0 : Math.min(r.maxDelayMonths, Math.floor(monthsSinceStart / r.monthsPerStep) + 1);
  return r.baseYears * 12 + delay;
};

/** The date someone reaches statutory retirement age (the same day of month, or the month's end). */
export const retirementDate = (birthDate: string, category: RetirementCategory): string => {
  const months = retirementAgeMonths(birthDate, category);
  const y = Number(birthDate.slice(0, 4));
  const m = Number(birthDate.slice(5, 7)) - 1 + months;
  const d = Number(birthDate.slice(8, 10));
  const ty = y + Math.floor(m / 12);
  const tm = (m % 12) + 1;
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  return `${ty}-${String(tm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
};

/** Whole years of age on `onDate`. */
export const ageOn = (birthDate: string, onDate: string): number => {
  let age = Number(onDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (onDate.slice(5) < birthDate.slice(5)) age--;
  return age;
};
