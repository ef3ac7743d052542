import { describe, expect, it } from 'vitest';
import { approvingSections, combineDecisions, noticeNumber, noticeValidUntil } from '../../shared/domain/plans/rules.ts';

describe('staffing plan rules', () => {
  it('routes a plan to the section of its quota type, and large plans to supervision too', () => {
    expect(approvingSections('administrative', 2)).toEqual(['organs-section']);
    expect(approvingSections('publicInstitution', 12)).toEqual(['institutions-section', 'supervision-section']);
  });
  it('refuses on any refusal, returns on any return or silence, approves only when all approve', () => {
    expect(combineDecisions(['approve', 'approve'])).toBe('approved');
    expect(combineDecisions(['approve', 'refuse', 'return'])).toBe('refused');
    expect(combineDecisions(['approve', 'return'])).toBe('returned');
    expect(combineDecisions(['approve', 'timedOut'])).toBe('returned');
    expect(combineDecisions([])).toBe('returned');
  });
  it('dates and numbers the approval notice', () => {
    expect(noticeValidUntil('2026-11-29')).toBe('2027-02-27');
    expect(noticeNumber(2026, 7)).toBe('咸编用〔2026〕7号');
  });
});
