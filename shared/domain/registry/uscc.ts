/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: registration authority, category,
 * 6-digit division code, the 9-character GB 11714 organization code (with its own check
 * character), and a MOD 31 check character over the first 17.
 */
import { bad, type Checked, ok } from './check.ts';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

export const usccCheckChar = (first17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return CHARSET[(31 - (sum % 31)) % 31]!;
};

/** GB 11714 organization code check character over 8 body characters. */
export const orgCodeCheckChar = (body8: string): string => {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8[i]!;
    const v = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55;
    sum += v * ORG_WEIGHTS[i]!;
  }
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
};

/** Registration authority 1 is the establishment office; its categories by organization kind. */
export const ESTABLISHMENT_CATEGORY = { organ: '1', publicInstitution: '2', massOrganization: '3' } as const;

export interface Uscc {
  code: string;
  authority: string;
  category: string;
  division: string;
  orgCode: string;
}

export const checkUscc = (raw: unknown, path: string): Checked<Uscc> => {
  if (typeof raw !== 'string') return bad(path, 'type', 'must be a text of 18 characters', '应为 18 位代码');
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return bad(path, 'length', `must have 18 characters, has ${code.length}`, `应为 18 位，实为 ${code.length} 位`);
  const badChar = [...code].find((c) => !CHARSET.includes(c));
  if (badChar) return bad(path, 'charset', `"${badChar}" is not allowed (no I, O, S, V, Z)`, `含有不允许的字符“${badChar}”（不使用 I、O、S、V、Z）`);
  if (!/^\d{6}$/.test(code.slice(2, 8))) return bad(path, 'division', 'characters 3–8 must be a 6-digit division code', '第 3–8 位应为 6 位行政区划码');
  const body = code.slice(8, 16);
  if (!/^[0-9A-Z]{8}$/.test(body)) return bad(path, 'orgCode', 'characters 9–16 must be an organization code', '第 9–16 位应为组织机构代码本体');
  if (orgCodeCheckChar(body) !== code[16]) {
    return bad(path, 'orgCodeChecksum', 'the embedded organization code (GB 11714) check character is wrong', '内含的组织机构代码（GB 11714）校验码错误');
  }
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return bad(path, 'checksum', 'the check character (GB 32100) is wrong', '校验码（GB 32100）错误');
  return ok({ code, authority: code[0]!, category: code[1]!, division: code.slice(2, 8), orgCode: code.slice(8, 17) });
};

/** An organization registered by the establishment office carries authority 1 and its kind's category. */
export const checkUsccForKind = (uscc: Uscc, kind: keyof typeof ESTABLISHMENT_CATEGORY, path: string): Checked<Uscc> => {
  const want = ESTABLISHMENT_CATEGORY[kind];
  if (uscc.authority !== '1' || uscc.category !== want) {
    return bad(
      path,
      'category',
      `a ${kind} registered by the establishment office has a code starting with 1${want}`,
      `由机构编制部门登记的该类单位，代码应以 1${want} 开头`,
    );
  }
  return ok(uscc);
};
