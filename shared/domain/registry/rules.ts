/**
 * Registry rules as pure checks: names, dates, ages, and which quota types an organization kind
 * may hold. Each returns the normalized value or the issue naming the field and the rule.
 */

import { ORGANIZATION_KIND_LABELS, QUOTA_TYPE_LABELS } from '../labels.ts';
import { bad, type Checked, ok } from './check.ts';
import { type Gender, isRealDate } from './national-id.ts';
import { ageOn, retirementCategory, retirementDate } from './retirement.ts';

export const ORGANIZATION_KINDS = ['organ', 'publicInstitution', 'massOrganization'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export const QUOTA_TYPES = ['administrative', 'publicInstitution', 'civilServiceManagedInstitution', 'logistics'] as const;
export type QuotaType = (typeof QUOTA_TYPES)[number];
export const FUNDING_FORMS = ['fullFunding', 'differentialFunding', 'selfFunding'] as const;
export type FundingForm = (typeof FUNDING_FORMS)[number];
/**
 * 事业单位类别 (分类推进事业单位改革): what a public institution does decides how it is funded
 * and staffed, so only a public institution has one. Set by an approved matter (R-MAT-4).
 */
export const INSTITUTION_CATEGORIES = ['administrativeFunctions', 'publicWelfareOne', 'publicWelfareTwo', 'productionAndOperation'] as const;
export type InstitutionCategory = (typeof INSTITUTION_CATEGORIES)[number];

/** Which slots an organization may hold: no 事业编制 in an organ, no 行政编制 in an institution. */
export const allowedQuotaTypes = (kind: OrganizationKind, civilServiceManaged = false): QuotaType[] => {
  switch (kind) {
    case 'organ':
    case 'massOrganization':
      return ['administrative', 'logistics'];
    case 'publicInstitution':
      return civilServiceManaged ? ['civilServiceManagedInstitution', 'logistics'] : ['publicInstitution', 'logistics'];
  }
};

export const checkQuotaTypeForKind = (type: QuotaType, kind: OrganizationKind, civilServiceManaged: boolean, path: string): Checked<QuotaType> =>
  allowedQuotaTypes(kind, civilServiceManaged).includes(type)
    ? ok(type)
    : bad(
        path,
        'quotaTypeForKind',
        `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} may not hold ${type} slots`,
        `${ORGANIZATION_KIND_LABELS[kind]}不能使用${QUOTA_TYPE_LABELS[type]}`,
      );

/** Organs are funded in full; the other funding forms are for public institutions. */
export const checkFundingForKind = (funding: FundingForm, kind: OrganizationKind, path: string): Checked<FundingForm> =>
  kind === 'publicInstitution' || funding === 'fullFunding'
    ? ok(funding)
    : bad(path, 'fundingForKind', `a ${kind} is funded in full`, `${ORGANIZATION_KIND_LABELS[kind]}应为全额拨款`);

/**
 * A person's name as registered: Han characters (rare ones outside the BMP included), with the
 * middle dot of minority and transliterated names between parts; common look-alike dots are
 * normalized to U+00B7.
 */
export const checkPersonName = (raw: unknown, path: string): Checked<string> => {
  if (typeof raw !== 'string') return bad(path, 'type', 'must be text', '应为文本');
  const name = raw
    .trim()
    .normalize('NFC')
    .replace(/[\u2022\u2027\u30FB\uFF65\u318D\u2219]/g, '\u00B7');
  const chars = [...name];
  if (chars.length < 2 || chars.length > 30) return bad(path, 'length', 'must have 2–30 characters', '应为 2–30 个字');
  if (!/^\p{Script=Han}+(?:\u00B7\p{Script=Han}+)*$/u.test(name)) {
    return bad(
      path,
      'characters',
      'may hold only Chinese characters, with a middle dot (·) between name parts',
      '只能由汉字组成，少数民族姓名各部分之间用间隔号“·”',
    );
  }
  return ok(name);
};

/** A YYYY-MM-DD date that exists and is not after `today` (Asia/Shanghai). */
export const checkPastDate = (raw: unknown, path: string, today: string): Checked<string> => {
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return bad(path, 'format', 'must be a date as YYYY-MM-DD', '日期格式应为 YYYY-MM-DD');
  if (!isRealDate(Number(raw.slice(0, 4)), Number(raw.slice(5, 7)), Number(raw.slice(8, 10)))) return bad(path, 'date', 'is not a real date', '不是有效日期');
  if (raw > today) return bad(path, 'future', 'must not be in the future', '不能晚于今天');
  return ok(raw);
};

export const checkDatesInOrder = (earlier: string, later: string, path: string, what: { en: string; zh: string }): Checked<string> =>
  later >= earlier ? ok(later) : bad(path, 'order', `must not be before ${what.en}`, `不能早于${what.zh}`);

export const MIN_INTAKE_AGE = 18;

/**
 * Someone taking a slot on `onDate` must be of age and below statutory retirement age for their
 * sex and category.
 */
export const checkIntakeAge = (birthDate: string, gender: Gender, quotaType: QuotaType, onDate: string, path: string): Checked<string> => {
  if (ageOn(birthDate, onDate) < MIN_INTAKE_AGE)
    return bad(path, 'tooYoung', `must be at least ${MIN_INTAKE_AGE} on ${onDate}`, `在 ${onDate} 应年满 ${MIN_INTAKE_AGE} 周岁`);
  const retires = retirementDate(birthDate, retirementCategory(gender, quotaType));
  if (onDate >= retires) return bad(path, 'pastRetirement', `reached statutory retirement age on ${retires}`, `已于 ${retires} 达到法定退休年龄`);
  return ok(birthDate);
};
