/**
 * The holiday calendar as office data, over HTTP on an embedded host: a year that deadlines
 * need and nobody added is named by /health (advisory: the host still answers 200) and by the
 * daily deadline sweep's alarm metric, until an office admin adds it; then counts use it.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ddb } from '../../shared/data/ddb.ts';
import { dueDateAfter } from '../../shared/data/holiday-calendars.ts';
import { addDays, weekdayOf } from '../../shared/domain/calendar/dates.ts';
import { todayInShanghai } from '../../shared/domain/today.ts';
import { startTestHost } from '../support/host.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
/** The year after today's: missing from 1 November, which the host's clock is moved to if it is earlier. */
let next: number;
/** Today's own year, when it has no calendar either (built in are 2025 and 2026). */
let alsoMissing: number[];

const call = async (method: string, path: string, user?: string, body?: unknown) => {
  const res = await fetch(`${host.apiUrl}${path}`, {
    method,
    headers: { ...(user ? { authorization: `Bearer ${await host.issuer.sign(user)}` } : {}), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as any };
};

/** The first `weekday` (0 Sunday … 6 Saturday) on or after `from`. */
const firstOn = (weekday: number, from: string) => {
  let d = from;
  while (weekdayOf(d) !== weekday) d = addDays(d, 1);
  return d;
};

/** What the daily sweep says and the metric it emits, for a run at `at`. */
const sweep = async (at: Date) => {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: any, ...rest: any[]) => {
    if (String(chunk).includes('CalendarYearsMissing')) lines.push(String(chunk));
    return write(chunk, ...rest);
  });
  try {
    const run = (await host.scheduler.fire('deadline-sweep', at)) as { result: { calendarYearsMissing: number[] } };
    const metric = lines.map((l) => JSON.parse(l)).find((l) => l._aws);
    return { missing: run.result.calendarYearsMissing, metric: metric?.CalendarYearsMissing as number | undefined };
  } finally {
    spy.mockRestore();
  }
};

const officeChain = async () =>
  (
    await ddb().send(
      new QueryCommand({ TableName: process.env.TABLE_AUDIT, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'CHAIN#office' } }),
    )
  ).Items ?? [];

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
  const year = Number(todayInShanghai(host.clock.now()).slice(0, 4));
  const november = new Date(`${year}-11-01T00:00:00+08:00`);
  if (host.clock.now() < november) await host.clock.advance(november.getTime() - host.clock.now().getTime());
  next = year + 1;
  alsoMissing = year > 2026 ? [year] : [];
});
afterAll(async () => host?.cleanup());

describe('a year missing from the holiday calendar', () => {
  it('is named by /health, which still answers 200 ok: the API serves on, deadlines in it are provisional', async () => {
    const health = await call('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.json.status).toBe('ok');
    expect(health.json.checks.calendar).toMatchObject({ ok: false, advisory: true });
    expect(health.json.checks.calendar.detail).toContain(`no holiday calendar for ${[...alsoMissing, next].join(' and ')}`);
    expect(health.json.checks.calendar.detail).toContain(`PUT /calendar/${next}`);
  });

  it('reads as missing, counted Monday to Friday; a built-in year reads as built in', async () => {
    const missing = await call('GET', `/calendar/${next}`, 'demo-section');
    expect(missing.status).toBe(200);
    expect(missing.json).toEqual({ year: next, source: 'missing', holidays: [], makeUpWorkingDays: [] });
    const builtIn = await call('GET', '/calendar/2026', 'demo-operator');
    expect(builtIn.json).toMatchObject({
      year: 2026,
      source: 'builtIn',
      makeUpWorkingDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    });
    expect(builtIn.json.holidays).toContain('2026-02-23');
  });

  it('is counted by the daily deadline sweep into the alarm metric', async () => {
    const run = await sweep(host.clock.now());
    expect(run.missing).toEqual([...alsoMissing, next]);
    expect(run.metric).toBe(alsoMissing.length + 1);
  });
});

describe('PUT /calendar/{year}', () => {
  const body = () => ({
    notice: `国务院办公厅关于${next}年部分节假日安排的通知（测试）`,
    holidays: [`${next}-01-01`, addDays(firstOn(6, `${next}-02-01`), 1)],
    makeUpWorkingDays: [firstOn(6, `${next}-02-01`)],
  });

  it('is for office admins only, and the calendar is for office roles: a department user is refused 403', async () => {
    for (const [method, user] of [
      ['GET', 'demo-department'],
      ['GET', 'demo-finance'],
      ['PUT', 'demo-department'],
      ['PUT', 'demo-section'],
      ['PUT', 'demo-operator'],
    ] as const) {
      const r = await call(method, `/calendar/${next}`, user, method === 'PUT' ? body() : undefined);
      expect(r.status, `${method} as ${user}`).toBe(403);
      expect(r.json.error.code).toBe('FORBIDDEN');
    }
  });

  it('refuses a bad calendar naming each field, in both languages, and stores nothing', async () => {
    const wednesday = firstOn(3, `${next}-01-01`);
    const bad = await call('PUT', `/calendar/${next}`, 'demo-admin', {
      ...body(),
      makeUpWorkingDays: [wednesday],
      holidays: [`${next}-01-01`, `${next - 1}-12-31`],
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.code).toBe('VALIDATION_FAILED');
    expect(bad.json.error.issues).toEqual([
      { path: 'body.holidays[1]', rule: 'calendarYear', message: `is not a day of ${next}`, messageZh: `不是 ${next} 年的日期` },
      {
        path: 'body.makeUpWorkingDays[0]',
        rule: 'weekendOnly',
        message: 'is a Wednesday: a make-up working day is a Saturday or Sunday worked instead',
        messageZh: '是星期三：调休上班日应为周六或周日',
      },
    ]);
    const shape = await call('PUT', `/calendar/${next}`, 'demo-admin', { holidays: [`${next}-02-30`], makeUpWorkingDays: 'none' });
    expect(shape.status).toBe(422);
    expect(shape.json.error.issues.map((i: any) => `${i.path}:${i.rule}`)).toEqual([`body.holidays[0]:date`, 'body.makeUpWorkingDays:invalid_type']);
    expect((await call('PUT', '/calendar/1999', 'demo-admin', body())).json.error.issues.map((i: any) => `${i.path}:${i.rule}`)).toEqual([
      'params.year:invalid_format',
    ]);
    expect((await call('GET', `/calendar/${next}`, 'demo-admin')).json.source).toBe('missing');
  });

  it('stores the year, audited on the office chain; the same calendar again changes nothing', async () => {
    const put = await call('PUT', `/calendar/${next}`, 'demo-admin', body());
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ year: next, source: 'stored', version: 1, ...body(), holidays: [...body().holidays].sort() });
    const entries = await officeChain();
    expect(entries.at(-1)).toMatchObject({ entityType: 'holidayCalendar', entityId: String(next), action: 'create', actor: 'demo-admin' });

    const again = await call('PUT', `/calendar/${next}`, 'demo-admin', { ...body(), holidays: [...body().holidays].reverse() });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ source: 'stored', version: 1, updatedAt: put.json.updatedAt });
    expect(await officeChain()).toHaveLength(entries.length);
    expect((await call('GET', `/calendar/${next}`, 'demo-section')).json).toEqual(put.json);
  });

  it('takes the year off /health and out of the daily alarm', async () => {
    const health = await call('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.json.checks.calendar.ok).toBe(alsoMissing.length === 0);
    expect(health.json.checks.calendar.detail).not.toContain(String(next));
    const run = await sweep(new Date(host.clock.now().getTime() + 60_000));
    expect(run.missing).toEqual(alsoMissing);
    expect(run.metric).toBe(alsoMissing.length);
  });

  it('is what working days are counted on from then: its make-up Saturday is worked, its holiday is not', async () => {
    const saturday = firstOn(6, `${next}-02-01`);
    expect(await dueDateAfter(addDays(saturday, -1), { workingDays: 1 })).toEqual({ dueDate: saturday, provisional: false, missingYears: [] });
    // The Sunday after it is a holiday as well as a Sunday; Monday is worked.
    expect((await dueDateAfter(saturday, { workingDays: 1 })).dueDate).toBe(addDays(saturday, 2));
  });
});
