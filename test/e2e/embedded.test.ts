/**
 * End to end over HTTP. With E2E_BASE_URL (and E2E_ADMIN_TOKEN) it runs against a deployed API
 * or a running `npm start`; without, it starts the embedded host as `npm start` does, as a child
 * process, and checks it becomes healthy.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIssuer } from '../../infra/local/issuer.ts';
import { freePort } from '../support/host.ts';

let baseUrl = process.env.E2E_BASE_URL ?? '';
let adminToken = process.env.E2E_ADMIN_TOKEN ?? '';
let child: ChildProcess | undefined;
let dataDir: string | undefined;
let ddbPort = 0;
let log = '';
let token: (user: string) => Promise<string> = async () => {
  throw new Error('per-user tokens need the embedded host');
};

beforeAll(async () => {
  if (baseUrl) return;
  dataDir = mkdtempSync(join(tmpdir(), 'bianzhi-e2e-'));
  const [api, sfn, ddb] = [await freePort(), await freePort(), await freePort()];
  ddbPort = ddb;
  // As `npm start` runs it: node with the tsx loader, so signals reach the host itself.
  child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    // The small demo city keeps the suite quick; `npm run bench` times the full one.
    env: { ...process.env, PORT: String(api), SFN_PORT: String(sfn), DDB_PORT: String(ddb), BIANZHI_DATA_DIR: dataDir, BIANZHI_DEMO_CITY: 'small' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  baseUrl = `http://127.0.0.1:${api}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${baseUrl}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`embedded host did not become healthy within 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const issuer = await loadIssuer(dataDir);
  token = (user) => issuer.sign(user);
  adminToken = await token('demo-admin');
}, 90_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const api = (path: string, init: RequestInit & { token?: string } = {}) =>
  fetch(`${baseUrl}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...init.headers },
  });

describe('embedded system over HTTP', () => {
  it('is healthy in every stand-in', async () => {
    const body = (await (await api('/health')).json()) as { status: string; checks: Record<string, { ok: boolean; advisory?: boolean }> };
    expect(body.status).toBe('ok');
    // An advisory check (a year missing from the holiday calendar, from 1 November) asks an operator to act, not a stand-in.
    for (const [name, c] of Object.entries(body.checks)) if (!c.advisory) expect(c.ok, name).toBe(true);
    expect(body.checks.calendar?.advisory).toBe(true);
  });

  it('serves the demo city to its demo department user, scoped to its own subtree', async () => {
    if (!child) return;
    const t = await token('demo-department');
    const list = (await (await api('/organizations', { token: t })).json()) as { items: { orgId: string; departmentId: string }[] };
    expect(list.items.length).toBeGreaterThan(1);
    expect(list.items.every((o) => o.departmentId === 'd001')).toBe(true);
    const edu = (await (await api('/organizations/d001', { token: t })).json()) as { name: string; establishment: { onRoll: Record<string, number> } };
    expect(edu.name).toBe('市教育局');
    expect(edu.establishment.onRoll.administrative).toBeGreaterThan(0);
  });

  it('lets the office add a user who can then sign in with their own role', async () => {
    const userId = `e2e-${Date.now().toString(36)}`;
    const created = await api('/users', {
      method: 'POST',
      token: adminToken,
      body: JSON.stringify({ userId, displayName: '测试用户', role: 'finance' }),
    });
    expect(created.status).toBe(201);
    if (child) {
      const t = await token(userId);
      const me = (await (await api('/me', { token: t })).json()) as { role: string };
      expect(me.role).toBe('finance');
      expect((await api('/users', { token: t })).status).toBe(403);
    }
  });

  it('stops on SIGTERM, taking DynamoDB Local with it', async () => {
    if (!child) return;
    const exited = new Promise<string>((r) => child!.once('exit', (code, signal) => r(`${code}/${signal}`)));
    child.kill('SIGTERM');
    expect(await exited, log.slice(-3000)).toBe('0/null');
    expect(
      await fetch(`${baseUrl}/health`).then(
        () => 'up',
        () => 'down',
      ),
    ).toBe('down');
    expect(
      await fetch(`http://127.0.0.1:${ddbPort}`).then(
        () => 'up',
        () => 'down',
      ),
    ).toBe('down');
  });
});

describe('start-up without Java', () => {
  it('says what to install and exits non-zero', async () => {
    const c = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
      env: { ...process.env, PATH: '/nonexistent', BIANZHI_IN_MEMORY: '1', BIANZHI_DATA_DIR: mkdtempSync(join(tmpdir(), 'bianzhi-nojava-')) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    c.stderr!.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((r) => c.once('exit', (x) => r(x)));
    expect(code).toBe(3);
    expect(err).toMatch(/Java 17 or newer is needed/);
    expect(err).toMatch(/apt-get install/);
  }, 30_000);
});
