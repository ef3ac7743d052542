/**
 * The README's plan walkthrough works as written: its shell blocks are taken from README.md and
 * run by bash, with curl and jq, against an embedded host started as `npm start` starts it
 * (demo users, the small demo city: d001 is the same in every size). Only the API's address is
 * changed. A curl wrapper notes each reply's HTTP status, so every step's status is asserted,
 * and its key fields with it.
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/host.ts';

const README = readFileSync('README.md', 'utf8');
/** A walkthrough's shell blocks, in order: the set-up, then one per numbered step. */
const blocksOf = (name: string) => {
  const text = new RegExp(`<!-- ${name}:start -->([\\s\\S]*?)<!-- ${name}:end -->`).exec(README)?.[1] ?? '';
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
};
const blocks = blocksOf('walkthrough');
const matterBlocks = blocksOf('matter-walkthrough');

let child: ChildProcess | undefined;
let dataDir = '';
let apiUrl = '';
let log = '';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bianzhi-walkthrough-'));
  const [api, sfn, ddb] = [await freePort(), await freePort(), await freePort()];
  child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    env: { ...process.env, PORT: String(api), SFN_PORT: String(sfn), DDB_PORT: String(ddb), BIANZHI_DATA_DIR: dataDir, BIANZHI_DEMO_CITY: 'small' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  apiUrl = `http://127.0.0.1:${api}`;
  const deadline = Date.now() + 90_000;
  while (!log.includes('bianzhi is running')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the host did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Runs a walkthrough's blocks as one bash script (only the API's address changed), and reads each step's replies. */
const runBlocks = (shellBlocks: string[]) => {
  const marker = (i: number) => `@@step ${i}@@`;
  const script = [
    'set -eo pipefail',
    ...(process.env.WALKTHROUGH_TRACE ? ['set -x'] : []),
    'exec 2>&1',
    // Notes each reply's status on stderr, leaving what the README pipes into jq untouched.
    `curl() { command curl -w '%{stderr}@@http %{http_code}@@\\n' "$@"; }`,
    ...shellBlocks.flatMap((b, i) => [`echo '${marker(i)}'`, i === 0 ? b.replace(/^API=.*$/m, `API=${apiUrl}`) : b]),
    `echo '${marker(shellBlocks.length)}'`,
  ].join('\n');
  const run = spawnSync('bash', ['-c', script], {
    env: { ...process.env, BIANZHI_DATA_DIR: dataDir },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const out = run.stdout;
  expect(run.status, `${out}\n${run.stderr}\n${log.slice(-2000)}`).toBe(0);
  const step = (i: number) => out.slice(out.indexOf(marker(i)) + marker(i).length, out.indexOf(marker(i + 1)));
  const statuses = (i: number) => [...step(i).matchAll(/@@http (\d+)@@/g)].map((m) => Number(m[1]));
  /** The step's JSON replies that jq printed, each from its first brace. */
  const json = (i: number) =>
    JSON.parse(
      step(i)
        .replace(/@@http \d+@@/g, '')
        .replace(/^[^{]*/, ''),
    ) as any;
  return { statuses, json, step };
};

describe('README walkthrough', () => {
  it('is there: a set-up block and six steps', () => {
    expect(blocks).toHaveLength(7);
    expect(blocks[0]).toMatch(/^API=http:\/\/127\.0\.0\.1:3000$/m);
  });

  it('showed the demo city loading, with rows per second, and printed a token for every demo user', () => {
    expect(log).toMatch(/demo city: people +\[[#.]+\] \d+\/\d+ +\d+ rows\/s, done in/);
    expect(log).toMatch(/demo-institutions +ey/);
  });

  it('works as written, step by step', () => {
    const { statuses, json, step } = runBlocks(blocks);

    // 1. The plan, sent to the organs section.
    expect(statuses(1)).toEqual([201]);
    expect(json(1)).toMatchObject({ orgId: 'd001', quotaType: 'administrative', count: 2, status: 'preReview', sections: ['organs-section'] });
    // 2. Its task, found in the section's list (after as many polls as it took).
    expect(statuses(2).every((s) => s === 200)).toBe(true);
    expect(step(2)).toMatch(/task-[a-z0-9]+/);
    // 3. Decided.
    expect(statuses(3)).toEqual([200]);
    expect(json(3)).toMatchObject({ status: 'decided', decision: 'approve', sectionId: 'organs-section' });
    // 4. Approved, 2 slots reserved under a numbered notice.
    expect(statuses(4).every((s) => s === 200)).toBe(true);
    expect(json(4)).toMatchObject({ status: 'approved', notice: { number: expect.stringMatching(/^咸编用〔\d{4}〕\d+号$/), reserved: 2, used: 0 } });
    // 5. On the roll, with the forms to print.
    expect(statuses(5)).toEqual([201]);
    const onboarded = json(5);
    expect(onboarded.person).toMatchObject({ orgId: 'd001', name: '张伟', status: 'onRoll', quotaType: 'administrative' });
    expect(onboarded.forms.establishmentCard.lines).toContainEqual({ label: '编制类型', value: '行政编制' });
    expect(onboarded.forms.intakeApproval.lines).toContainEqual({ label: '核准使用编制通知单', value: json(4).notice.number });
    // 6. The counters the README states.
    expect(statuses(6)).toEqual([200]);
    expect(json(6)).toEqual({ quota: 30, onRoll: 25, reserved: 1, vacancy: 4 });
  }, 150_000);

  it('takes a matter through the four stages as the README says', () => {
    expect(matterBlocks).toHaveLength(7);
    const { statuses, step } = runBlocks(matterBlocks);
    const ok = (i: number) => statuses(i).length > 0 && statuses(i).every((s) => s === 200 || s === 201);
    for (let i = 1; i <= 6; i++) expect(ok(i), `step ${i}: ${step(i)}`).toBe(true);
    expect(step(1)).toMatch(/"leadSectionId": "organs-section"/);
    for (const [i, s] of [
      [2, 'proposal'],
      [3, 'assessment'],
      [4, 'deliberation'],
    ] as const) {
      expect(step(i)).toMatch(new RegExp(`"step": "${s}",\\s*"status": "decided"`));
    }
    expect(step(5)).toMatch(/"number": "咸编发〔\d{4}〕\d+号"/);
    expect(step(5)).toMatch(/"applied": true/);
    expect(step(5)).toMatch(/^33$/m);
    expect(step(6)).toMatch(/"status": "closed"/);
    // The chart lands where the README is followed (here, the project folder): read, then removed.
    const svg = readFileSync('matter.svg', 'utf8');
    rmSync('matter.svg');
    expect(svg).toMatch(/<svg[\s\S]*动议/);
  }, 150_000);
});
