/**
 * The gateway and the function host keep AWS's limits: each function runs under its own timeout
 * from the manifest (Lambda then reports Sandbox.Timedout, which an HTTP API answers 500), an
 * HTTP API gives up on an integration after 30 seconds whatever the function's timeout (503), and
 * a Lambda response over 6 MB is a function error. No DynamoDB is needed: the routes are public.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../infra/local/clock.ts';
import { FunctionHost } from '../../infra/local/functions.ts';
import { type Gateway, HTTP_API_INTEGRATION_TIMEOUT_MS, startGateway } from '../../infra/local/gateway.ts';
import { loadIssuer } from '../../infra/local/issuer.ts';
import type { Manifest, RouteDecl } from '../../shared/manifest-types.ts';
import { FIXTURE_FUNCTIONS } from '../support/fixture-functions.ts';

const route = (path: string, fn: string): RouteDecl => ({
  method: 'GET',
  path,
  function: fn,
  access: 'public',
  tag: 'test',
  summary: path,
  response: { status: 200 },
});
const testManifest: Manifest = {
  tables: [],
  functions: FIXTURE_FUNCTIONS,
  routes: [route('/short-timeout', 'sleepy'), route('/long-timeout', 'sleepyLong'), route('/big', 'oversized')],
  schedules: [],
  stateMachines: [],
} as unknown as Manifest;

let dir: string;
let gateway: Gateway;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bianzhi-gateway-limits-'));
  const clock = new ManualClock();
  gateway = await startGateway({
    manifest: testManifest,
    functions: new FunctionHost(testManifest, 'cn-local-1', '000000000000'),
    issuer: await loadIssuer(dir, clock),
    clock,
    port: 0,
    // The integration limit made short so the test does not wait 30 seconds; its value is checked below.
    integrationTimeoutMs: 1500,
  });
});
afterAll(async () => {
  await gateway?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (path: string) => {
  const res = await fetch(`${gateway.url}${path}`);
  return { status: res.status, body: await res.text() };
};

describe('the HTTP API integration limit', () => {
  it('is 30 seconds, as for every HTTP API', () => {
    expect(HTTP_API_INTEGRATION_TIMEOUT_MS).toBe(30_000);
  });

  it('answers 503 Service Unavailable when a function takes longer, although its own timeout is longer still', async () => {
    const started = Date.now();
    expect(await get('/long-timeout?sleepMs=2500')).toEqual({ status: 503, body: '{"message":"Service Unavailable"}' });
    expect(Date.now() - started).toBeLessThan(2400);
    // The function runs on after the 503, as in AWS; let it end so the next tests have the host to themselves.
    await new Promise((r) => setTimeout(r, 2600 - (Date.now() - started)));
  });

  it('answers as the function does within the limit', async () => {
    expect((await get('/long-timeout?sleepMs=10')).status).toBe(200);
  });
});

describe("each function's own timeout", () => {
  it('ends an invocation that runs past it as a function error, answered 500 Internal Server Error', async () => {
    const started = Date.now();
    expect(await get('/short-timeout?sleepMs=3000')).toEqual({ status: 500, body: '{"message":"Internal Server Error"}' });
    expect(Date.now() - started).toBeLessThan(2500);
  });
});

describe("Lambda's 6 MB response limit", () => {
  it('turns a larger response into a function error, answered 500', async () => {
    expect(await get('/big?bytes=7000000')).toEqual({ status: 500, body: '{"message":"Internal Server Error"}' });
    expect((await get('/big?bytes=5000000')).status).toBe(200);
  });
});
