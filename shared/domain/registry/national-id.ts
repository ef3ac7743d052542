/**
 * National ID number (公民身份号码), GB 11643-1999: 6-digit address code, birth date YYYYMMDD,
 * 3-digit sequence (odd for men), and a MOD 11-2 check character (X for 10).
 */
import { bad, type Checked, ok } from './check.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export const nationalIdCheckChar = (first17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
};

export type Gender = 'male' | 'female';

export interface NationalId {
  id: string;
  birthDate: string;
  gender: Gender;
}

export const isRealDate = (y: number, m: number, d: number): boolean => {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
};

/** `today` is the YYYY-MM-DD date in Asia/Shanghai against which "not in the future" is judged. */
export const checkNationalId = (raw: unknown, path: string, today: string): Checked<NationalId> => {
  if (typeof raw === 'number') {
    return bad(
      path,
      'storedAsNumber',
      'was stored as a number, so its last digits are lost (Excel keeps 15 significant digits): format the column as text and enter it again',
      '被存成了数字，末几位已丢失（Excel 只保留 15 位有效数字）：请把该列设为文本格式后重新录入',
    );
  }
  if (typeof raw !== 'string') return bad(path, 'type', 'must be a text of 18 characters', '应为 18 位号码');
  const id = raw.trim().toUpperCase();
  if (/^\d(\.\d+)?E\+\d+$/i.test(id)) {
    return bad(
      path,
      'storedAsNumber',
      'is in scientific notation: the spreadsheet stored it as a number and lost its last digits',
      '为科学计数法：表格把它存成了数字，末几位已丢失',
    );
  }
  if (!/^\d{17}[\dX]$/.test(id)) return bad(path, 'format', 'must be 17 digits and a digit or X', '应为 17 位数字加 1 位数字或 X');
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (!isRealDate(y, m, d) || y < 1800) return bad(path, 'birthDate', 'characters 7–14 are not a real birth date', '第 7–14 位不是有效的出生日期');
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (birthDate > today) return bad(path, 'birthDateFuture', 'its birth date is in the future', '出生日期晚于今天');
  if (nationalIdCheckChar(id.slice(0, 17)) !== id[17]) return bad(path, 'checksum', 'the check character (GB 11643) is wrong', '校验码（GB 11643）错误');
  return ok({ id, birthDate, gender: Number(id[16]) % 2 === 1 ? 'male' : 'female' });
};

/** Hides the birth date, for roles that need no full ID: 110105********002X. */
export const maskNationalId = (id: string): string => `${id.slice(0, 6)}********${id.slice(14)}`;
