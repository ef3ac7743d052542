import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors.ts';
import { parseOrThrow } from '../../shared/http/zod-issues.ts';
import { isoDate } from '../../shared/schemas/date.ts';
import { CorrectionInput } from '../../shared/schemas/registry.ts';
import { instances, isDatePattern, routeParts } from '../support/json-schema.ts';

const issuesOf = (schema: Parameters<typeof parseOrThrow>[0], value: unknown, prefix: string) => {
  try {
    parseOrThrow(schema, value, prefix);
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).issues;
  }
};

const NOT_REAL = ['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-01-00', '2100-02-29'];

describe('isoDate', () => {
  it('refuses a day the calendar does not have, with rule date in both languages', () => {
    for (const d of NOT_REAL) {
      const issues = issuesOf(isoDate, d, 'query.asAt');
      expect(
        issues.map((i) => `${i.path}:${i.rule}`),
        d,
      ).toEqual(['query.asAt:date']);
      expect(issues[0]).toMatchObject({ message: 'is not a real date', messageZh: '不是有效日期' });
    }
  });

  it('takes real days, leap days included', () => {
    for (const d of ['2026-02-28', '2024-02-29', '2000-02-29', '2026-12-31', '1990-01-01']) expect(isoDate.parse(d)).toBe(d);
  });

  it('gives text that is no date at all one issue, the format', () => {
    for (const d of ['2026-2-3', '20260203', '2026/02/03', '２０２６-02-03', '', '2026-02-03T00:00', ' 2026-02-03']) {
      expect(
        issuesOf(isoDate, d, 'body.date').map((i) => i.rule),
        d,
      ).toEqual(['invalid_format']);
    }
  });

  it('names the field inside a union: a correction of the principal head', () => {
    const head = (since: string) => ({ field: 'principalHead', value: { name: '李\u0000明', since }, reason: '录入错误' });
    expect(issuesOf(CorrectionInput, head('2026/01/01'), 'body').map((i) => `${i.path}:${i.rule}`)).toEqual([
      'body.value.name:controlCharacter',
      'body.value.since:invalid_format',
    ]);
    expect(issuesOf(CorrectionInput, head('2026-02-30'), 'body').map((i) => `${i.path}:${i.rule}`)).toEqual([
      'body.value.name:controlCharacter',
      'body.value.since:date',
    ]);
  });
});

describe('every input schema', () => {
  it('has every date field refuse 2026-02-30 with rule date', () => {
    const checked: string[] = [];
    for (const { route, part, schema, json } of routeParts()) {
      const dates = new Set<string>();
      const issues: string[] = [];
      // Every date field gets a day that does not exist; every other string a plain word.
      for (const value of instances(json, (js, path) => (isDatePattern(js) ? (dates.add(path), '2026-02-30') : 'x'), part)) {
        issues.push(...issuesOf(schema, value, part).map((i) => `${i.path}:${i.rule}`));
      }
      for (const path of dates) {
        expect(issues, `${route.method} ${route.path} ${path}`).toContain(`${path}:date`);
        checked.push(`${route.method} ${route.path} ${path}`);
      }
    }
    // The fields found by their pattern, so a date field declared some other way would be missed: name them.
    for (const f of [
      'GET /organizations/{orgId} query.asAt',
      'POST /organizations body.effectiveDate',
      'POST /organizations body.principalHead.since',
      'POST /people/{personId}/offboard body.date',
      'POST /organizations/{orgId}/transfers body.date',
      'POST /organizations/{orgId}/plans/{planId}/people body.onRollSince',
      'POST /people/{personId}/post body.since',
      'POST /organizations/{orgId}/corrections body.value.since',
      'PUT /calendar/{year} body.holidays[0]',
      'PUT /calendar/{year} body.makeUpWorkingDays[0]',
    ]) {
      expect(checked).toContain(f);
    }
  });

  it('declares no field named like a date that is not one', () => {
    for (const { route, part, json } of routeParts()) {
      instances(
        json,
        (js, path) => {
          if (/(date|since|asAt)$/i.test(path)) expect(isDatePattern(js), `${route.method} ${route.path} ${path}`).toBe(true);
          return 'x';
        },
        part,
      );
    }
  });
});
