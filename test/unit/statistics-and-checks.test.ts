/**
 * The pure rules behind the statistics and personnel's check (R-EXT-1, R-EXT-4): sums by quota
 * type, funding form and kind from counters; matters by stage with the due day itself in time;
 * a recruit needs a reserved slot, a post a vacant one, every reason named.
 */
import { describe, expect, it } from 'vitest';
import { appointmentCheck } from '../../shared/domain/external/appointment-check.ts';
import { type Counts, zeroCounts, zeroPostCounts } from '../../shared/domain/registry/establishment.ts';
import { establishmentStatistics, unitEstablishment } from '../../shared/domain/statistics/establishment.ts';
import { matterStatistics } from '../../shared/domain/statistics/matters.ts';

const c = (over: Partial<Counts>): Counts => ({ ...zeroCounts(), ...over });
const unit = (
  orgId: string,
  kind: 'organ' | 'publicInstitution',
  fundingForm: 'fullFunding' | 'differentialFunding',
  quota: Partial<Counts>,
  onRoll: Partial<Counts>,
  reserved: Partial<Counts> = {},
) => {
  const q = c(quota);
  const o = c(onRoll);
  const r = c(reserved);
  const vacancy = c(Object.fromEntries(Object.keys(q).map((t) => [t, q[t as keyof Counts] - o[t as keyof Counts] - r[t as keyof Counts]])));
  return unitEstablishment({ orgId, name: orgId, kind, fundingForm, departmentId: 'd1' }, { quota: q, onRoll: o, reserved: r, vacancy });
};

describe('establishment statistics', () => {
  const units = [
    unit('d1', 'organ', 'fullFunding', { administrative: 30, logistics: 2 }, { administrative: 24, logistics: 2 }, { administrative: 2 }),
    unit('d1-i1', 'publicInstitution', 'differentialFunding', { publicInstitution: 10 }, { publicInstitution: 12 }),
  ];
  const stats = establishmentStatistics(units);

  it('sums every unit’s four figures, and counts a unit over quota in any type once', () => {
    // Over-quota units do not cancel others' vacancies: d1's 4 vacant, d1-i1's 2 over.
    expect(stats.totals).toEqual({ units: 2, quota: 42, onRoll: 38, reserved: 2, vacancy: 4, overBy: 2, overQuotaUnits: 1 });
    expect(units[1]!.overQuota).toEqual(['publicInstitution']);
  });

  it('breaks them down by quota type (a unit under each type it holds), funding form and kind', () => {
    expect(stats.byQuotaType.administrative).toEqual({ units: 1, quota: 30, onRoll: 24, reserved: 2, vacancy: 4, overBy: 0, overQuotaUnits: 0 });
    expect(stats.byQuotaType.publicInstitution).toEqual({ units: 1, quota: 10, onRoll: 12, reserved: 0, vacancy: 0, overBy: 2, overQuotaUnits: 1 });
    expect(stats.byQuotaType.civilServiceManagedInstitution.units).toBe(0);
    expect(stats.byFundingForm.differentialFunding).toMatchObject({ units: 1, onRoll: 12, overQuotaUnits: 1 });
    expect(stats.byFundingForm.selfFunding.units).toBe(0);
    expect(stats.byKind.organ).toMatchObject({ units: 1, quota: 32, onRoll: 26 });
  });
});

describe('matters by stage', () => {
  const m = (matterId: string, status: string, dueDate?: string) => ({
    matterId,
    orgId: 'd1',
    departmentId: 'd1',
    status,
    title: matterId,
    ...(dueDate ? { due: { [status]: { dueDate } } } : {}),
  });

  it('counts each stage and what is past its stage’s due date, the due day itself still in time, longest overdue first', () => {
    const s = matterStatistics(
      [m('a', 'proposal', '2026-12-01'), m('b', 'proposal', '2026-12-02'), m('c', 'deliberation', '2026-11-20'), m('d', 'preReview')],
      '2026-12-02',
    );
    expect(s.byStage.find((x) => x.status === 'proposal')).toEqual({ status: 'proposal', labelZh: '动议', open: 2, overdue: 1 });
    expect(s.open).toBe(4);
    expect(s.overdueMatters.map((x) => x.matterId)).toEqual(['c', 'a']);
  });
});

describe('the appointment check', () => {
  const counter = (reserved: number, vacancy: number, posts = zeroPostCounts()) => ({
    quota: c({ administrative: 10 }),
    onRoll: c({ administrative: 10 - reserved - vacancy }),
    reserved: c({ administrative: reserved }),
    vacancy: c({ administrative: vacancy }),
    postQuota: posts,
    postUsed: zeroPostCounts(),
    postVacancy: posts,
  });
  const organ = (reserved: number, vacancy: number, posts = zeroPostCounts()) => ({
    kind: 'organ' as const,
    civilServiceManaged: false,
    status: 'active',
    counter: counter(reserved, vacancy, posts),
  });

  it('allows a recruit onto a slot an approved plan reserved, and nothing less', () => {
    expect(appointmentCheck(organ(1, 0), { quotaType: 'administrative' }, undefined, 'd1')).toEqual({ allowed: true, reasons: [] });
    expect(appointmentCheck(organ(0, 3), { quotaType: 'administrative' }, undefined, 'd1').reasons.map((r) => r.code)).toEqual(['noApprovedPlan']);
    const full = appointmentCheck(organ(0, 0), { quotaType: 'administrative' }, undefined, 'd1');
    expect(full).toEqual({
      allowed: false,
      reasons: [expect.objectContaining({ code: 'overQuota', messageZh: '行政编制核定 10 名，在编 10 名，核准未入编 0 名，无空编，不得进人' })],
    });
  });

  it('refuses a slot type the unit may not hold, and a person on a roll already', () => {
    expect(appointmentCheck(organ(1, 0), { quotaType: 'publicInstitution' }, undefined, 'd1').reasons.map((r) => r.code)).toEqual(['quotaTypeNotForKind']);
    const elsewhere = appointmentCheck(organ(1, 0), { quotaType: 'administrative' }, { status: 'onRoll', orgId: 'd2', orgName: '市财政局' }, 'd1');
    expect(elsewhere.reasons).toEqual([expect.objectContaining({ code: 'onRollElsewhere', messageZh: '此人在市财政局在编，应办理调动而非新进人员' })]);
  });

  it('fills a post only within its quota, for someone on the unit’s own roll who does not hold it', () => {
    const posts = { ...zeroPostCounts(), sectionChief: { leader: 1, nonLeader: 0 } };
    const onRoll = { status: 'onRoll' as const, orgId: 'd1' };
    expect(appointmentCheck(organ(0, 0, posts), { grade: 'sectionChief', track: 'leader' }, onRoll, 'd1').allowed).toBe(true);
    expect(appointmentCheck(organ(0, 0, posts), { grade: 'sectionChief', track: 'nonLeader' }, onRoll, 'd1').reasons[0]!.code).toBe('overPostQuota');
    expect(appointmentCheck(organ(0, 0, posts), { grade: 'sectionChief', track: 'leader' }, { status: 'onRoll', orgId: 'd2' }, 'd1').reasons[0]!.code).toBe(
      'notOnRoll',
    );
    expect(
      appointmentCheck(organ(0, 0, posts), { grade: 'sectionChief', track: 'leader' }, { ...onRoll, postGrade: 'sectionChief', postTrack: 'leader' }, 'd1')
        .reasons[0]!.code,
    ).toBe('samePost');
    expect(appointmentCheck({ ...organ(1, 0), status: 'abolished' }, { quotaType: 'administrative' }, undefined, 'd1').reasons[0]!.code).toBe('abolished');
  });
});
