/**
 * Everything measured on an embedded host the bench starts itself (loopback only, in-memory
 * DynamoDB Local, its own temp directory): start time, the AWS calls of every route's
 * representative request, latencies, throughput and the workflow's speed.
 */

import { cpus } from 'node:os';
import { DescribeExecutionCommand, SendTaskSuccessCommand, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { type Manifest, type RouteDecl, routeKey } from '../../shared/manifest-types.ts';
import { recordAwsCalls } from '../../test/support/aws-calls.ts';
import { fixtureAsl, sfnClient, startTestHost } from '../../test/support/host.ts';
import { measureRoutes, type RouteCalls } from '../../test/support/route-calls.ts';
import { type RouteRequest, requestFor, send } from '../../test/support/route-requests.ts';
import { seedWorld, type World } from '../../test/support/route-world.ts';
import { onInterrupt } from './cleanup.ts';
import { manyAtOnce, oneAfterAnother } from './concurrency.ts';
import { elapsed, type Load, load1, median, pct, underLoad } from './stats.ts';

const FIRST_TASK_RUNS = 15;

/** Waits (at most 90 s) until the one-minute load is under one per two cores. */
const settle = async (log: (s: string) => void) => {
  const calm = Math.max(1, cpus().length / 2);
  const until = Date.now() + 90_000;
  if (load1() > calm) log(`waiting for the load (${load1()}) to fall under ${calm}`);
  while (load1() > calm && Date.now() < until) await new Promise((r) => setTimeout(r, 2000));
};

export interface Timing {
  id: string;
  label: string;
  /** The figures, e.g. { p50: 4.1, p95: 9.8 } or { perSecond: 310 }. */
  figures: Record<string, number>;
  text: string;
  load: Load;
}

export interface HostSection {
  startMs: number;
  startLoad: Load;
  routes: { load: Load; rows: RouteCalls[] };
  timings: Timing[];
  /** Measurements left out, and why (a route renamed away, say). */
  skipped: string[];
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

const expectOk = async (w: World, req: RouteRequest) => {
  const r = await send(w, req);
  if (r.status >= 400) throw new Error(`${routeKey(req.route)} → ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
  return r;
};

export const measureOnHost = async (manifest: Manifest, ddbPort: number, log: (line: string) => void): Promise<HostSection> => {
  const tokens: { caseId: string; taskToken: string }[] = [];
  const {
    value: { value: host, ms: startMs },
    load: startLoad,
  } = await underLoad(() =>
    elapsed(() =>
      startTestHost({
        ddbPort,
        seedDemo: true,
        extraFunctions: { collector: async (e) => void tokens.push(e as never) },
        extraStateMachines: [{ name: 'bench-parallel', asl: fixtureAsl('parallel-callbacks'), functionSubstitutions: { Collector: 'collector' } }],
      }),
    ),
  );
  const forget = onInterrupt(() => host.cleanup());
  const timings: Timing[] = [];
  const skipped: string[] = [];
  try {
    // Scheduled jobs would run between measurements and write: none may.
    host.scheduler.stop();
    log('seeding: units, people, approved plans, a transfer');
    const w = await seedWorld(host);

    log(`counting AWS calls of ${manifest.routes.length} routes`);
    const recorder = recordAwsCalls(host);
    const routes = await underLoad(() => measureRoutes(w, recorder, manifest.routes)).finally(() => recorder.stop());

    const route = (key: string): RouteDecl | undefined => {
      const r = manifest.routes.find((x) => routeKey(x) === key);
      if (!r) skipped.push(`${key}: not in the manifest`);
      return r;
    };
    // One measurement that breaks (a route changed under it) is reported; the others still run.
    const timed = async (id: string, label: string, fn: () => Promise<{ figures: Record<string, number>; text: string }>) => {
      log(label);
      const before = load1();
      try {
        const { value, load } = await underLoad(fn);
        timings.push({ id, label, ...value, load });
      } catch (e) {
        timings.push({ id, label, figures: {}, text: `failed: ${(e as Error).message.slice(0, 200)}`, load: { before, after: load1() } });
        skipped.push(`${label}: failed (${(e as Error).message.slice(0, 200)})`);
      }
    };
    const latency = (xs: number[], ...ps: number[]) => ({
      figures: Object.fromEntries(ps.map((p) => [`p${p}`, pct(xs, p)])),
      text: ps.map((p) => ms(pct(xs, p))).join(' / '),
    });

    const me = route('GET /me');
    if (me) {
      const req = await requestFor(me, w);
      await timed('me.sequential', 'GET /me one at a time (300): p50 / p95 / p99', async () =>
        latency(await oneAfterAnother(300, () => expectOk(w, req)), 50, 95, 99),
      );
      await timed('me.inFlight32', 'GET /me, 32 in flight (640): throughput', () => throughput(w, Array(640).fill(req), 32));
    }
    const org = route('GET /organizations/{orgId}');
    if (org) {
      const req = await requestFor(org, w);
      await timed('organization.inFlight32', 'GET /organizations/{orgId}, 32 in flight (640): throughput', () => throughput(w, Array(640).fill(req), 32));
    }
    const users = route('POST /users');
    if (users) {
      const reqs = await Promise.all(Array.from({ length: 100 }, () => requestFor(users, w)));
      await timed('users.write', 'POST /users (one audited transaction) one at a time (100): p50 / p95', async () =>
        latency(await oneAfterAnother(100, (i) => expectOk(w, reqs[i]!)), 50, 95),
      );
    }
    const intake = route('POST /organizations/{orgId}/people');
    if (intake) {
      const reqs = await Promise.all(Array.from({ length: 100 }, () => requestFor(intake, w)));
      await timed('intake.sequential', 'POST /organizations/{orgId}/people (roster intake) one at a time (100): p50 / p95', async () =>
        latency(await oneAfterAnother(100, (i) => expectOk(w, reqs[i]!)), 50, 95),
      );
    }
    const onboard = route('POST /organizations/{orgId}/plans/{planId}/people');
    if (onboard) {
      const few = await w.approvedPlan(20);
      const seq = await Promise.all(Array.from({ length: 20 }, () => requestFor(onboard, w, { params: { orgId: w.orgId, planId: few } })));
      await timed('onboard.sequential', 'POST …/plans/{planId}/people (on-establishment) one at a time (20): p50 / p95', async () =>
        latency(await oneAfterAnother(20, (i) => expectOk(w, seq[i]!)), 50, 95),
      );
      // One plan's slots taken 32 at a time: every request writes the same counter and chain head.
      const many = await w.approvedPlan(96);
      const onOne = await Promise.all(Array.from({ length: 96 }, () => requestFor(onboard, w, { params: { orgId: w.orgId, planId: many } })));
      await timed('onboard.inFlight32.onePlan', 'POST …/plans/{planId}/people (on-establishment), 32 in flight on one plan (96): throughput', () =>
        throughput(w, onOne, 32),
      );
      // The same spread over 8 units, a plan each: what the write path does without contention.
      const units: { orgId: string; planId: string }[] = [];
      for (let i = 0; i < 8; i++) units.push(await w.unitWithPlan(24));
      const spread = await Promise.all(
        Array.from({ length: 192 }, (_, i) =>
          requestFor(onboard, w, { user: 'demo-egov', params: { orgId: units[i % 8]!.orgId, planId: units[i % 8]!.planId } }),
        ),
      );
      await timed('onboard.inFlight32.eightUnits', 'POST …/plans/{planId}/people (on-establishment), 32 in flight over 8 units (192): throughput', () =>
        throughput(w, spread, 32),
      );
    }
    /**
     * From the submission's reply to its first task in the section's inbox: the joint pre-review
     * and the first step of the workflow, as a clerk waits for them. Fifteen in turn, so one
     * slow start (a cold step, the host's own timers) moves the median little.
     */
    const toFirstTask = async (submitRoute: NonNullable<ReturnType<typeof route>>, idOf: (json: any) => string, key: 'planId' | 'matterId') => {
      const xs: number[] = [];
      // One untimed first: the series times the path, not its first use since the host started.
      for (let i = -1; i < FIRST_TASK_RUNS; i++) {
        const req = await requestFor(submitRoute, w);
        const s = performance.now();
        const id = idOf((await expectOk(w, req)).json);
        for (;;) {
          const tasks = await w.call('GET', '/tasks', 'demo-section');
          if (tasks.items.some((t: Record<string, unknown>) => t[key] === id)) break;
          if (performance.now() - s > 30_000) throw new Error(`${key} ${id}: no task after 30 s`);
          await new Promise((r) => setTimeout(r, 10));
        }
        if (i >= 0) xs.push(performance.now() - s);
      }
      const p90 = pct(xs, 90);
      return {
        figures: { median: median(xs), p90, min: Math.min(...xs), max: Math.max(...xs) },
        text: `${ms(median(xs))} (p90 ${ms(p90)}; ${ms(Math.min(...xs))}–${ms(Math.max(...xs))})`,
      };
    };
    // A clerk's wait is timed on a host at rest, not in the wake of the 32-in-flight runs above
    // (on 2 cores their load lasts a minute and more than doubles these figures).
    await settle(log);
    const submit = route('POST /plans');
    // An administrative plan of an organ goes to the organs section (demo-section).
    if (submit && route('GET /tasks')) {
      await timed('plan.toFirstTask', `POST /plans → its task listed in GET /tasks (${FIRST_TASK_RUNS}; polled every 10 ms): median (p90; min–max)`, () =>
        toFirstTask(submit, (j) => j.planId, 'planId'),
      );
    }
    const submitMatter = route('POST /matters');
    // The worked matter (a quota increase of d001) goes to the organs section's proposal step after the joint pre-review.
    if (submitMatter && route('GET /tasks')) {
      await timed(
        'matter.toFirstTask',
        `POST /matters → its proposal task listed in GET /tasks (${FIRST_TASK_RUNS}; polled every 10 ms): median (p90; min–max)`,
        () => toFirstTask(submitMatter, (j) => j.matterId, 'matterId'),
      );
    }
    await timed('workflow.parallelCallbacks', 'workflow fixture: start → 2 parallel callbacks answered → succeeded (50): p50 / p95', async () => {
      const sfn = sfnClient(host);
      try {
        return latency(await oneAfterAnother(50, (i) => parallelRound(sfn, host.stateMachineArn('bench-parallel'), tokens, `b${i}`)), 50, 95);
      } finally {
        sfn.destroy();
      }
    });

    return { startMs, startLoad, routes: { load: routes.load, rows: routes.value }, timings, skipped };
  } finally {
    await host.cleanup();
    forget();
  }
};

/** Sends `reqs` with `inFlight` at a time: the rate, latencies, and the replies that were not a success, by status and code. */
const throughput = async (w: World, reqs: RouteRequest[], inFlight: number) => {
  const failures = new Map<string, number>();
  const r = await manyAtOnce(reqs.length, inFlight, async (i) => {
    const reply = await send(w, reqs[i]!);
    if (reply.status >= 400) {
      const what = `${reply.status}${reply.json?.error?.code ? ` ${reply.json.error.code}` : ''}`;
      failures.set(what, (failures.get(what) ?? 0) + 1);
    }
  });
  const failed = [...failures.values()].reduce((a, b) => a + b, 0);
  return {
    figures: { perSecond: r.perSecond, p50: pct(r.ms, 50), p95: pct(r.ms, 95), failed },
    text: `${r.perSecond.toFixed(0)} req/s (p50 ${ms(pct(r.ms, 50))}, p95 ${ms(pct(r.ms, 95))}${failed ? `; failed: ${[...failures].map(([k, n]) => `${n} × ${k}`).join(', ')}` : ''})`,
  };
};

/** One execution of the fixture machine: two parallel branches wait for callbacks the bench sends. */
const parallelRound = async (sfn: SFNClient, stateMachineArn: string, tokens: { caseId: string; taskToken: string }[], caseId: string) => {
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ caseId }) }));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const mine = tokens.filter((t) => t.caseId === caseId);
    if (mine.length === 2) {
      for (const t of mine) await sfn.send(new SendTaskSuccessCommand({ taskToken: t.taskToken, output: '{}' }));
      break;
    }
    if (Date.now() > deadline) throw new Error(`fixture ${caseId}: callbacks never arrived`);
    await new Promise((r) => setTimeout(r, 2));
  }
  for (;;) {
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'RUNNING') break;
    if (Date.now() > deadline) throw new Error(`fixture ${caseId}: still running after 30 s`);
    await new Promise((r) => setTimeout(r, 2));
  }
};
