/**
 * No request path scans a table: a Scan reads the whole table, so its cost and latency grow
 * with the registry, and on a busy day it eats the table's read capacity for everyone.
 *
 * Every route of the manifest gets the same representative valid request the bench sends
 * (test/support/route-requests.ts) over HTTP on an embedded host, and an SDK middleware on
 * the process's one DynamoDB client books each call to the request that made it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../shared/manifest.ts';
import { routeKey } from '../../shared/manifest-types.ts';
import { isScan, recordAwsCalls } from '../support/aws-calls.ts';
import { startTestHost } from '../support/host.ts';
import { measureRoutes, type RouteCalls } from '../support/route-calls.ts';
import { seedWorld } from '../support/route-world.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;
const rows = new Map<string, RouteCalls>();

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
  // A scheduled job running meanwhile is no request path; none runs.
  host.scheduler.stop();
  const world = await seedWorld(host);
  const recorder = recordAwsCalls(host);
  try {
    for (const r of await measureRoutes(world, recorder, manifest.routes)) rows.set(r.route, r);
  } finally {
    recorder.stop();
  }
}, 180_000);
afterAll(async () => host?.cleanup());

describe('no request path scans a table', () => {
  it.each(manifest.routes.map((r) => [routeKey(r), r] as const))('%s issues no Scan', (key, route) => {
    const r = rows.get(key)!;
    const scans = r.calls.filter(isScan).map((c) => `Scan of ${c.tables.join(', ')}`);
    expect(scans, `${key} scanned`).toEqual([]);
    // The counter itself is checked too: every route behind a token reads its caller's user
    // record, so a route that booked no call at all means the counting broke, not that it is clean.
    if (route.access !== 'public') expect(r.dynamodb.calls, `${key}: no DynamoDB call was counted`).toBeGreaterThan(0);
  });

  it('reached every route with a request it accepted, so the check covers the path that does the work', () => {
    const refused = [...rows.values()].filter((r) => !r.ok).map((r) => `${r.route}: ${r.error} (give it a recipe in test/support/route-requests.ts)`);
    expect(refused).toEqual([]);
  });
});
