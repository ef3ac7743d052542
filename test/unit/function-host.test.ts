import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../infra/local/clock.ts';
import { FunctionHost } from '../../infra/local/functions.ts';
import { LocalScheduler } from '../../infra/local/scheduler.ts';
import type { Manifest } from '../../shared/manifest-types.ts';
import { FIXTURE_FUNCTIONS } from '../support/fixture-functions.ts';

const manifest = { tables: [], functions: FIXTURE_FUNCTIONS, routes: [], schedules: [], stateMachines: [] } as unknown as Manifest;
const host = () => new FunctionHost(manifest, 'cn-local-1', '000000000000');

describe("a function's own timeout", () => {
  it('ends an invocation that runs past the timeout the manifest gives it, with the error Lambda reports', async () => {
    const started = Date.now();
    const err = await host()
      .invoke('sleepy', { sleepMs: 3000 })
      .then(
        () => undefined,
        (e: Error) => e,
      );
    expect(Date.now() - started).toBeLessThan(2500);
    expect(err).toMatchObject({
      name: 'Sandbox.Timedout',
      message: expect.stringMatching(/^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$/),
    });
  });

  it('tells the function the time it has left of its own timeout, 10 s when the manifest gives none (as the CDK stack does)', async () => {
    const h = host();
    expect(((await h.invoke('sleepy', {})) as { remainingAtStart: number }).remainingAtStart).toBeLessThanOrEqual(1000);
    const long = ((await h.invoke('sleepyLong', {})) as { remainingAtStart: number }).remainingAtStart;
    expect(long).toBeGreaterThan(59_000);
    expect(long).toBeLessThanOrEqual(60_000);
    const byDefault = ((await h.invoke('sleepyDefault', {})) as { remainingAtStart: number }).remainingAtStart;
    expect(byDefault).toBeGreaterThan(9_000);
    expect(byDefault).toBeLessThanOrEqual(10_000);
  });
});

describe("Lambda's synchronous response limit", () => {
  it('refuses a response over 6,291,556 bytes as Lambda does, and passes one just under it', async () => {
    const h = host();
    await expect(h.invoke('oversized', { bytes: 6_291_556 })).rejects.toMatchObject({
      name: 'Function.ResponseSizeTooLarge',
      message: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
    });
    // {"data":"…"} adds 11 bytes to the string.
    expect(JSON.stringify(await h.invoke('oversized', { bytes: 6_291_556 - 11 })).length).toBe(6_291_556);
  });
});

describe('a scheduled job', () => {
  it("runs under its function's own timeout", async () => {
    const clock = new ManualClock();
    const scheduler = new LocalScheduler(
      [{ id: 'slow-job', description: 'fixture', expression: 'rate(1 day)', timezone: 'Asia/Shanghai', function: 'slowJob' }],
      host(),
      clock,
    );
    const started = Date.now();
    await expect(scheduler.fire('slow-job')).rejects.toMatchObject({ name: 'Sandbox.Timedout' });
    expect(Date.now() - started).toBeLessThan(2500);
    expect(scheduler.list()[0]?.lastRun).toMatchObject({ ok: false });
  });
});
