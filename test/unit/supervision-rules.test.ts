import { describe, expect, it } from 'vitest';
import { DEFAULT_MATTER_CATALOG } from '../../shared/domain/matters/catalog.ts';
import { adjustmentMatterFor } from '../../shared/domain/supervision/adjustment.ts';
import { lettersDue, MAX_ITEMS_PER_LETTER } from '../../shared/domain/supervision/letters.ts';
import { needsNotificationLetter, notificationLetterDue } from '../../shared/domain/supervision/notification-letters.ts';
import { drawSample, populationOf, type SamplingUnit } from '../../shared/domain/supervision/sampling.ts';

/** 10,000 units: 1,500 departments and 8,500 institutions, with inspection years and problems spread over them. */
const city = (): SamplingUnit[] =>
  Array.from({ length: 10_000 }, (_, i) => ({
    orgId: `u${String(i).padStart(5, '0')}`,
    population: i % 20 < 3 ? 'department' : 'institution',
    ...(i % 7 === 0 ? {} : { lastInspectedYear: 2026 - (i % 5) }),
    openProblems: i % 13 === 0 ? 2 : 0,
  }));

describe('the annual inspection draw', () => {
  it('takes at least a fifth of each population of 10,000 units', () => {
    const units = city();
    const draw = drawSample(units, 'seed-2027', 2027);
    expect(draw.populations).toEqual({ department: { size: 1500, drawn: 300 }, institution: { size: 8500, drawn: 1700 } });
    expect(draw.units.filter((u) => u.population === 'department')).toHaveLength(300);
    expect(draw.units.filter((u) => u.population === 'institution')).toHaveLength(1700);
    expect(new Set(draw.units.map((u) => u.orgId)).size).toBe(2000);
    // Rounded up: 20% of 33 is 6.6, so 7 are drawn.
    expect(
      drawSample(
        units.slice(0, 11 * 20).filter((u) => u.population === 'department'),
        's',
        2027,
      ).populations.department,
    ).toEqual({ size: 33, drawn: 7 });
    expect(drawSample(units.slice(0, 200), 's', 2027, 0.5).populations.department.drawn).toBe(15);
    expect(() => drawSample(units, 's', 2027, 0.1)).toThrow(RangeError);
  });

  it('gives the same sample for the same seed whatever order the units come in, and another for another seed', () => {
    const units = city();
    const a = drawSample(units, 'seed-2027', 2027).units.map((u) => u.orgId);
    const shuffled = [...units].sort((x, y) => (x.orgId.split('').reverse().join('') < y.orgId.split('').reverse().join('') ? -1 : 1));
    expect(drawSample(shuffled, 'seed-2027', 2027).units.map((u) => u.orgId)).toEqual(a);
    const b = drawSample(units, 'seed-2027b', 2027).units.map((u) => u.orgId);
    expect(b).not.toEqual(a);
    expect(drawSample(units, 'seed-2027', 2027).method).toMatch(/Efraimidis/);
  });

  it('favours units never inspected, inspected longest ago, or with open problems', () => {
    const units = city();
    const draw = drawSample(units, 'seed-2027', 2027);
    const drawnIds = new Set(draw.units.map((u) => u.orgId));
    const share = (pick: (u: SamplingUnit) => boolean) => {
      const group = units.filter(pick);
      return group.filter((u) => drawnIds.has(u.orgId)).length / group.length;
    };
    const never = share((u) => u.lastInspectedYear === undefined && u.openProblems === 0);
    const lastYear = share((u) => u.lastInspectedYear === 2026 && u.openProblems === 0);
    const longAgo = share((u) => u.lastInspectedYear === 2022 && u.openProblems === 0);
    const problems = share((u) => u.lastInspectedYear === 2026 && u.openProblems > 0);
    expect(never).toBeGreaterThan(longAgo);
    expect(longAgo).toBeGreaterThan(lastYear);
    expect(problems).toBeGreaterThan(lastYear);
    // Inspected last year, no problems: still drawn at times (the draw is random, not a queue).
    expect(lastYear).toBeGreaterThan(0);
  });

  it('puts top-level organs and all active institutions into the two populations', () => {
    expect(populationOf({ kind: 'organ' })).toBe('department');
    expect(populationOf({ kind: 'massOrganization' })).toBe('department');
    expect(populationOf({ kind: 'organ', parentId: 'd001' })).toBeUndefined();
    expect(populationOf({ kind: 'publicInstitution', parentId: 'd001' })).toBe('institution');
    expect(populationOf({ kind: 'publicInstitution', status: 'abolished' })).toBeUndefined();
  });
});

describe('supervision letters due', () => {
  const item = (orgId: string, matterId: string, dueDate: string, over: Record<string, unknown> = {}) => ({
    orgId,
    matterId,
    item: 'implementationReport',
    dueDate,
    status: 'open',
    ...over,
  });

  it('writes up, per unit, the open items past their deadline day and not in a letter yet', () => {
    const due = lettersDue(
      [
        item('b', 'm1', '2026-12-01'),
        item('a', 'm2', '2026-12-02'),
        item('a', 'm3', '2026-11-20'),
        item('a', 'm4', '2026-12-03'),
        item('c', 'm5', '2026-11-01', { status: 'done' }),
        item('c', 'm6', '2026-11-01', { letterId: 'letter-1' }),
      ],
      '2026-12-03',
    );
    expect(due.map((d) => [d.orgId, d.items.map((i) => i.matterId)])).toEqual([
      ['a', ['m3', 'm2']],
      ['b', ['m1']],
    ]);
  });

  it('leaves items beyond one letter’s worth for the next run', () => {
    const many = Array.from({ length: MAX_ITEMS_PER_LETTER + 5 }, (_, i) => item('a', `m${String(i).padStart(3, '0')}`, '2026-11-01'));
    expect(lettersDue(many, '2026-12-01')[0]!.items).toHaveLength(MAX_ITEMS_PER_LETTER);
  });
});

describe('notification letters', () => {
  it('are due one calendar month after the head took office, on the month’s last day when it is shorter', () => {
    expect(notificationLetterDue('2026-03-15')).toBe('2026-04-15');
    expect(notificationLetterDue('2026-01-31')).toBe('2026-02-28');
    expect(notificationLetterDue('2028-01-31')).toBe('2028-02-29');
    expect(notificationLetterDue('2026-12-20')).toBe('2027-01-20');
    expect(notificationLetterDue('2026-05-31')).toBe('2026-06-30');
  });

  it('are owed to the heads of municipal departments, not of their subordinate units', () => {
    expect(needsNotificationLetter({})).toBe(true);
    expect(needsNotificationLetter({ parentId: 'd001' })).toBe(false);
    expect(needsNotificationLetter({ status: 'abolished' })).toBe(false);
  });
});

describe('the adjustment an inspection opens for idle duties (R-SUP-6)', () => {
  const catalog = { version: 3, ...DEFAULT_MATTER_CATALOG };
  const unit = { orgId: 'd1', departmentId: 'd1', nameZh: '市测试局' };
  const idle = [{ findingId: 'reformTasks-1', labelZh: '机构改革任务落实情况', description: '审批职责长期空转' }];
  const opened = { matterId: 'matter-1', by: 'demo-supervision', at: '2026-11-30T01:00:00.000Z' };

  it('opens the catalog’s 机构调整 for the unit to submit, routed as the type says, naming the inspection and its letter', () => {
    const r = adjustmentMatterFor(catalog, unit, { inspectionId: '2027-d1', year: 2027, letterId: 'letter-1' }, idle, opened);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.matter).toMatchObject({
      typeId: 'organizationAdjustment',
      status: 'opened',
      revision: 0,
      catalogVersion: 3,
      situation: { code: 'setupUnsound' },
      origin: { inspectionId: '2027-d1', letterId: 'letter-1', findingIds: ['reformTasks-1'] },
      routing: { rule: 'importance', leadSectionId: 'organs-section' },
    });
    expect(r.matter.partyGroupDecision).toBeUndefined();
    expect(r.matter.change.description).toBe('2027年度机构编制专项检查发现：机构改革任务落实情况：审批职责长期空转');
  });

  it('opens none when the office’s catalog has no establishment adjustment left, and says so', () => {
    const without = { ...catalog, matterTypes: catalog.matterTypes.filter((t) => t.registryChange !== 'adjustOrganization') };
    expect(adjustmentMatterFor(without, unit, { inspectionId: '2027-d1', year: 2027 }, idle, opened)).toEqual({
      ok: false,
      reason: 'the catalog has no establishment-adjustment type',
    });
  });
});
