/** Valid codes built from their definitions, for tests and demo data. */
import { nationalIdCheckChar } from '../../shared/domain/registry/national-id.ts';
import { orgCodeCheckChar, usccCheckChar } from '../../shared/domain/registry/uscc.ts';

/** A USCC of the establishment office (authority 1) for Xianning (421200). */
export const makeUscc = (category: '1' | '2' | '3', n: number): string => {
  const body = String(n).padStart(8, '0');
  const first17 = `1${category}421200${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
};

/** A national ID registered in Xianning (421202) with the given birth date and sequence. */
export const makeNationalId = (birthDate: string, seq: number, gender: 'male' | 'female' = 'male'): string => {
  let s = seq % 1000;
  if ((s % 2 === 1) !== (gender === 'male')) s = (s + 1) % 1000;
  const first17 = `421202${birthDate.replaceAll('-', '')}${String(s).padStart(3, '0')}`;
  return first17 + nationalIdCheckChar(first17);
};
