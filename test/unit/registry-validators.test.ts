import { describe, expect, it } from 'vitest';
import { checkNationalId, maskNationalId, nationalIdCheckChar } from '../../shared/domain/registry/national-id.ts';
import { ageOn, retirementAgeMonths, retirementDate } from '../../shared/domain/registry/retirement.ts';
import {
  allowedQuotaTypes,
  checkDatesInOrder,
  checkFundingForKind,
  checkIntakeAge,
  checkPastDate,
  checkPersonName,
  checkQuotaTypeForKind,
} from '../../shared/domain/registry/rules.ts';
import { checkUscc, checkUsccForKind, orgCodeCheckChar, usccCheckChar } from '../../shared/domain/registry/uscc.ts';

const TODAY = '2026-11-29';
const rule = (r: { ok: boolean; issue?: { rule: string } }) => (r.ok ? 'ok' : r.issue!.rule);

describe('USCC (GB 32100, with the GB 11714 organization code inside)', () => {
  // Codes published on the national enterprise credit information system.
  const published = ['914403001922038216', '9144030071526726XG', '91330100799655058B', '91110000802100433B'];

  it('accepts published codes', () => {
    for (const c of published) expect(rule(checkUscc(c, 'uscc')), c).toBe('ok');
    expect(checkUscc(' 9144030071526726xg ', 'uscc')).toMatchObject({ ok: true, value: { code: '9144030071526726XG', division: '440300' } });
  });

  it('refuses every single-character corruption of a published code', () => {
    const code = published[0]!;
    for (let i = 0; i < 18; i++) {
      const replacement = code[i] === '5' ? '6' : '5';
      const corrupted = code.slice(0, i) + replacement + code.slice(i + 1);
      expect(checkUscc(corrupted, 'uscc').ok, corrupted).toBe(false);
    }
  });

  it('names the rule broken', () => {
    expect(rule(checkUscc('91440300192203821', 'uscc'))).toBe('length');
    expect(rule(checkUscc('9144030019220382I6', 'uscc'))).toBe('charset');
    expect(rule(checkUscc('914403001922038217', 'uscc'))).toBe('checksum');
    expect(rule(checkUscc('9144030019220382X6', 'uscc'))).toBe('orgCodeChecksum');
    expect(rule(checkUscc(914403001922038216, 'uscc'))).toBe('type');
  });

  it('computes check characters from their definitions', () => {
    expect(orgCodeCheckChar('19220382')).toBe('1');
    expect(usccCheckChar('9144030071526726X')).toBe('G');
  });

  it('expects authority 1 and the kind’s category for organizations of the establishment office', () => {
    // 1 (establishment office) 2 (public institution) 421200 (Xianning), built from the definitions.
    const orgBody = '4000006A';
    const first17 = `12421200${orgBody}${orgCodeCheckChar(orgBody)}`;
    const code = `${first17}${usccCheckChar(first17)}`;
    const parsed = checkUscc(code, 'uscc');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(rule(checkUsccForKind(parsed.value, 'publicInstitution', 'uscc'))).toBe('ok');
    expect(rule(checkUsccForKind(parsed.value, 'organ', 'uscc'))).toBe('category');
  });
});

describe('national ID (GB 11643)', () => {
  it('accepts the examples of the standard, with a lowercase x stored upper-case', () => {
    expect(checkNationalId('11010519491231002X', 'id', TODAY)).toEqual({
      ok: true,
      value: { id: '11010519491231002X', birthDate: '1949-12-31', gender: 'female' },
    });
    expect(checkNationalId('440524188001010014', 'id', TODAY)).toMatchObject({ ok: true, value: { gender: 'male', birthDate: '1880-01-01' } });
    expect(checkNationalId('11010519491231002x', 'id', TODAY)).toMatchObject({ ok: true, value: { id: '11010519491231002X' } });
  });

  it('refuses every single-digit corruption', () => {
    const id = '440524188001010014';
    for (let i = 0; i < 18; i++) {
      const corrupted = id.slice(0, i) + ((Number(id[i]) + 3) % 10) + id.slice(i + 1);
      expect(checkNationalId(corrupted, 'id', TODAY).ok, corrupted).toBe(false);
    }
  });

  it('refuses impossible and future birth dates even with a right check digit', () => {
    const make = (first17: string) => first17 + nationalIdCheckChar(first17);
    expect(rule(checkNationalId(make('11010519490230001'), 'id', TODAY))).toBe('birthDate');
    expect(rule(checkNationalId(make('11010520270101001'), 'id', TODAY))).toBe('birthDateFuture');
  });

  it('explains an ID that a spreadsheet stored as a number', () => {
    const r = checkNationalId(110105194912310020, 'people[3].nationalId', TODAY);
    expect(r).toMatchObject({ ok: false, issue: { path: 'people[3].nationalId', rule: 'storedAsNumber' } });
    expect(rule(checkNationalId('1.10105E+17', 'id', TODAY))).toBe('storedAsNumber');
  });

  it('masks the birth date for roles that need no full ID', () => {
    expect(maskNationalId('11010519491231002X')).toBe('110105********002X');
  });
});

describe('statutory retirement age (gradual reform from 2025)', () => {
  it('keeps the old ages for people born before the reform applies', () => {
    expect(retirementDate('1964-12-31', 'male')).toBe('2024-12-31');
    expect(retirementDate('1969-12-15', 'femaleCadre')).toBe('2024-12-15');
    expect(retirementDate('1974-12-01', 'femaleWorker')).toBe('2024-12-01');
  });

  it('adds one month every four months for men and women cadres, every two for women workers', () => {
    expect(retirementAgeMonths('1965-01-01', 'male')).toBe(60 * 12 + 1);
    expect(retirementAgeMonths('1965-04-30', 'male')).toBe(60 * 12 + 1);
    expect(retirementAgeMonths('1965-05-01', 'male')).toBe(60 * 12 + 2);
    expect(retirementAgeMonths('1970-09-01', 'femaleCadre')).toBe(55 * 12 + 3);
    expect(retirementAgeMonths('1975-03-01', 'femaleWorker')).toBe(50 * 12 + 2);
  });

  it('reaches 63, 58 and 55 and stays there', () => {
    expect(retirementAgeMonths('1976-08-01', 'male')).toBe(62 * 12 + 11);
    expect(retirementAgeMonths('1976-09-01', 'male')).toBe(63 * 12);
    expect(retirementAgeMonths('1990-01-01', 'male')).toBe(63 * 12);
    expect(retirementAgeMonths('1981-09-01', 'femaleCadre')).toBe(58 * 12);
    expect(retirementAgeMonths('1984-12-01', 'femaleWorker')).toBe(55 * 12);
    expect(retirementAgeMonths('1995-06-01', 'femaleWorker')).toBe(55 * 12);
  });

  it('lands on the month’s last day when the birth day does not exist', () => {
    expect(retirementDate('1965-01-31', 'male')).toBe('2025-02-28'); // 60 years and 1 month
    expect(ageOn('2000-02-29', '2018-02-28')).toBe(17);
    expect(ageOn('2000-02-29', '2018-03-01')).toBe(18);
  });

  it('refuses intake under 18 or at retirement age, by sex and category', () => {
    expect(rule(checkIntakeAge('2009-01-01', 'male', 'administrative', TODAY, 'p'))).toBe('tooYoung');
    expect(rule(checkIntakeAge('2008-11-29', 'male', 'administrative', TODAY, 'p'))).toBe('ok');
    expect(rule(checkIntakeAge('1966-01-01', 'male', 'administrative', TODAY, 'p'))).toBe('pastRetirement'); // 60y4m: 2026-05-01
    expect(rule(checkIntakeAge('1967-01-01', 'male', 'administrative', TODAY, 'p'))).toBe('ok'); // 60y7m: 2027-08-01
    // The same woman: past retirement as a worker (50y7m: 2026-08-01), not as a cadre (56y7m: 2032-08-01).
    expect(rule(checkIntakeAge('1976-01-01', 'female', 'logistics', TODAY, 'p'))).toBe('pastRetirement');
    expect(rule(checkIntakeAge('1976-01-01', 'female', 'administrative', TODAY, 'p'))).toBe('ok');
  });
});

describe('names, dates and kinds', () => {
  it('accepts minority names with a middle dot and rare characters outside the BMP', () => {
    expect(checkPersonName('阿依古丽·买买提', 'name')).toEqual({ ok: true, value: '阿依古丽·买买提' });
    expect(checkPersonName('阿依古丽•买买提', 'name')).toEqual({ ok: true, value: '阿依古丽·买买提' });
    expect(checkPersonName('王𬌗', 'name')).toMatchObject({ ok: true });
    expect(rule(checkPersonName('王', 'name'))).toBe('length');
    expect(rule(checkPersonName('Wang Wei', 'name'))).toBe('characters');
    expect(rule(checkPersonName('·王伟', 'name'))).toBe('characters');
  });

  it('checks dates exist, are not in the future and come in order', () => {
    expect(rule(checkPastDate('2026-02-30', 'd', TODAY))).toBe('date');
    expect(rule(checkPastDate('2026-12-01', 'd', TODAY))).toBe('future');
    expect(rule(checkPastDate('2026/01/01', 'd', TODAY))).toBe('format');
    expect(rule(checkDatesInOrder('2020-01-01', '2019-12-31', 'd', { en: 'the start', zh: '开始日期' }))).toBe('order');
  });

  it('allows only the quota types an organization kind may hold', () => {
    expect(allowedQuotaTypes('organ')).toEqual(['administrative', 'logistics']);
    expect(rule(checkQuotaTypeForKind('publicInstitution', 'organ', false, 'q'))).toBe('quotaTypeForKind');
    expect(rule(checkQuotaTypeForKind('civilServiceManagedInstitution', 'publicInstitution', false, 'q'))).toBe('quotaTypeForKind');
    expect(rule(checkQuotaTypeForKind('civilServiceManagedInstitution', 'publicInstitution', true, 'q'))).toBe('ok');
    expect(rule(checkFundingForKind('selfFunding', 'organ', 'f'))).toBe('fundingForKind');
    expect(rule(checkFundingForKind('selfFunding', 'publicInstitution', 'f'))).toBe('ok');
  });
});
