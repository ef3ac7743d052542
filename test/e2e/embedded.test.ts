/**
 * End to end over HTTP. With E2E_BASE_URL (and E2E_ADMIN_TOKEN) it runs against a deployed API
 * or a running `npm start`; without, it starts the embedded host as `npm start` does, as a child
 * process, and checks it becomes healthy.
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIssuer } from '../../infra/local/issuer.ts';
import { ROUTE_EXAMPLES } from '../../shared/api-examples.ts';
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

  it('writes a supervision letter for an overdue item when the clock is moved and the sweep fired from the command line', async () => {
    if (!child) return;
    const dept = await token('demo-department');
    const section = await token('demo-section');
    const leader = await token('demo-leader');
    const submitted = await api('/matters', {
      method: 'POST',
      token: dept,
      headers: { 'idempotency-key': `e2e-matter-${Date.now()}` },
      body: JSON.stringify(ROUTE_EXAMPLES['POST /matters']!.request),
    });
    expect(submitted.status).toBe(201);
    const matterId = ((await submitted.json()) as { matterId: string }).matterId;
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const steps: [string, string, Record<string, unknown>][] = [
      ['proposal', section, {}],
      ['assessment', section, { assessment: { political: '符合', systemic: '衔接', legal: '合法', reasonableness: '合理' } }],
      ['deliberation', leader, { meeting: { date: today, ref: '编委会会议' } }],
    ];
    for (const [step, who, extra] of steps) {
      let taskId: string | undefined;
      for (let i = 0; i < 150 && !taskId; i++) {
        const tasks = (await (await api('/tasks', { token: who })).json()) as { items: { taskId: string; matterId?: string; step: string }[] };
        taskId = tasks.items.find((t) => t.matterId === matterId && t.step === step)?.taskId;
        if (!taskId) await new Promise((r) => setTimeout(r, 100));
      }
      expect(taskId, `the ${step} task`).toBeDefined();
      const decided = await api(`/tasks/${taskId}/decision`, {
        method: 'POST',
        token: who,
        body: JSON.stringify({ decision: 'approve', opinion: '同意', ...extra }),
      });
      expect(decided.status).toBe(200);
    }
    let matter: { status: string; implementation?: { dueDate: string } } = { status: '' };
    for (let i = 0; i < 150 && matter.status !== 'issued'; i++) {
      matter = (await (await api(`/matters/${matterId}`, { token: dept })).json()) as typeof matter;
      if (matter.status !== 'issued') await new Promise((r) => setTimeout(r, 100));
    }
    expect(matter.status).toBe('issued');
    // Past the deadline on the host's clock, then the daily sweep delivered by hand: as an operator would.
    const cli = (...args: string[]) => {
      const out = spawnSync('npm', ['run', '--silent', ...args], { env: { ...process.env, BIANZHI_DATA_DIR: dataDir }, encoding: 'utf8', timeout: 60_000 });
      expect(out.status, out.stderr).toBe(0);
      return out.stdout;
    };
    const days = Math.ceil((Date.parse(`${matter.implementation!.dueDate}T00:00:00+08:00`) - Date.now()) / 86_400_000) + 2;
    cli('clock', '--', `+${days}d`);
    const fired = JSON.parse(cli('fire', '--', 'deadline-sweep')) as { result: { calendarYearsMissing: number[] } };
    expect(fired.result).toBeDefined();
    let letters: { items: { number: string; items: { matterId?: string }[] }[] } = { items: [] };
    for (let i = 0; i < 100 && !letters.items.length; i++) {
      letters = (await (await api('/organizations/d001/supervision-letters', { token: await token('demo-department') })).json()) as typeof letters;
      if (!letters.items.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(letters.items[0]!.items.map((i) => i.matterId)).toContain(matterId);
    expect(letters.items[0]!.number).toMatch(/^咸编办发〔\d{4}〕\d+号$/);
    const open = (await (await api('/supervision-letters', { token: await token('demo-supervision') })).json()) as { items: { orgId: string }[] };
    expect(open.items.map((l) => l.orgId)).toContain('d001');
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
