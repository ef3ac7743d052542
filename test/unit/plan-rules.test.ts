import { describe, expect, it } from 'vitest';
import { documentNumber } from '../../shared/domain/documents.ts';
import {
  approvingSections,
  checkOnOrAfterNotice,
  checkTransferPlan,
  combineDecisions,
  noticeIssuedOn,
  noticeValidUntil,
} from '../../shared/domain/plans/rules.ts';

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
    expect(documentNumber('staffingNotice', 2026, 7)).toBe('咸编用〔2026〕7号');
    expect(documentNumber('committee', 2026, 12)).toBe('咸编发〔2026〕12号');
    expect(documentNumber('office', 2027, 1)).toBe('咸编办发〔2027〕1号');
  });
  it('dates a move onto a slot no earlier than the notice was issued', () => {
    const notice = { validUntil: noticeValidUntil('2026-11-29') };
    expect(noticeIssuedOn(notice.validUntil)).toBe('2026-11-29');
    expect(checkOnOrAfterNotice('2026-11-29', notice, 'body.onRollSince')).toEqual({ ok: true, value: '2026-11-29' });
    const early = checkOnOrAfterNotice('2026-11-28', notice, 'body.onRollSince');
    expect(early.ok ? undefined : early.issue).toMatchObject({ path: 'body.onRollSince', rule: 'order', messageZh: expect.stringContaining('2026-11-29') });
    expect(checkOnOrAfterNotice('2020-01-01', undefined, 'body.onRollSince').ok).toBe(true);
  });
  it('lets a transfer take only a slot approved for transfers in (调入)', () => {
    expect(checkTransferPlan({ channel: 'transferIn' }, 'body.planId').ok).toBe(true);
    const recruiting = checkTransferPlan({ channel: 'publicRecruitment' }, 'body.planId');
    expect(recruiting.ok ? undefined : recruiting.issue).toMatchObject({
      path: 'body.planId',
      rule: 'channel',
      messageZh: expect.stringContaining('公开招聘'),
    });
  });
});
