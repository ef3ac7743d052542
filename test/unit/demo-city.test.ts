/** The demo city: the units the README walkthrough uses are the same in every size and have room for a plan. */
import { describe, expect, it } from 'vitest';
import { generateDemoCity } from '../../infra/local/demo-city.ts';

const rows = (csv: Buffer) =>
  csv
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((l) => l.split(','));
const unitRows = (city: ReturnType<typeof generateDemoCity>, orgId: string) => ({
  organization: rows(city.organizations).filter((r) => r[0] === orgId),
  people: rows(city.people).filter((r) => r[2] === orgId),
});

describe('demo city', () => {
  const full = generateDemoCity('full', '2026-11-29');
  const small = generateDemoCity('small', '2026-11-29');

  it.each(['d001', 'd001-i01'])('has the same %s, with the same people, in the full and the small city', (orgId) => {
    expect(unitRows(small, orgId)).toEqual(unitRows(full, orgId));
    expect(unitRows(full, orgId).people.length).toBeGreaterThan(0);
  });

  it('leaves d001 vacant 行政编制 and d001-i01 vacant 事业编制 for the walkthrough', () => {
    const header = rows(full.organizations)[0]!;
    const col = (r: string[], name: string) => Number(r[header.indexOf(name)]);
    const onRoll = (orgId: string, type: string) => unitRows(full, orgId).people.filter((p) => p[3] === type).length;
    const d001 = unitRows(full, 'd001').organization[0]!;
    expect(col(d001, '行政编制') - onRoll('d001', '行政编制')).toBeGreaterThanOrEqual(5);
    const inst = unitRows(full, 'd001-i01').organization[0]!;
    expect(inst[header.indexOf('单位类型')]).toBe('事业单位');
    expect(inst[header.indexOf('参公管理')]).toBe('否');
    expect(col(inst, '事业编制') - onRoll('d001-i01', '事业编制')).toBeGreaterThanOrEqual(2);
  });

  it('still has 460 organizations and 15,000 people, every national ID once', () => {
    expect(full.counts).toEqual({ organizations: 460, people: 15_000 });
    const ids = rows(full.people)
      .slice(1)
      .map((r) => r[0]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
