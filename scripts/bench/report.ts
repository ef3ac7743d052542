/**
 * The bench's record: one markdown document for people, the same figures as JSON for tools
 * (the latest run in full, and one line per run appended to a history).
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RouteCalls } from '../../test/support/route-calls.ts';
import type { FunctionFigures, FunctionsSection } from './functions-section.ts';
import type { HostSection, Timing } from './host-section.ts';
import type { Load } from './stats.ts';
import { HOT_ROUTES, MAX_BUNDLE_BYTES, MAX_FIRST_TASK_MS, MAX_HOT_ROUND_TRIPS, MAX_IMPORT_RATIO } from './targets.ts';

export interface BenchResults {
  version: 1;
  startedAt: string;
  durationMs: number;
  git: { commit: string; branch: string; dirty: boolean };
  node: string;
  machine: { cores: number; cpu: string; loadavg: number[] };
  options: { runs: number; city: boolean; sections: string[] };
  targets: { maxBundleBytes: number; maxImportRatio: number; maxHotRoundTrips: number; hotRoutes: Record<string, string> };
  functions?: FunctionsSection;
  host?: HostSection;
  city?: Timing;
  /** Sections that failed, with why. */
  errors?: string[];
}

const kb = (bytes: number) => `${Number((bytes / 1024).toFixed(1))} KB`;
const msText = (n: number) => (!Number.isFinite(n) ? '–' : n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${n.toFixed(1)} ms`);
const loadText = (l: Load) => `${l.before.toFixed(2)}→${l.after.toFixed(2)}`;
const cell = (s: string) => s.replace(/\|/g, '\\|');

const ratioText = (r: number) => (Number.isFinite(r) ? r.toFixed(2) : '–');
const functionRow = (f: FunctionFigures, reference: boolean) =>
  `| ${reference ? `*${f.id}* (${f.entry})` : `${f.id} (\`${f.entry}\`)`} | ${kb(f.bytes)} | ${msText(f.importMs)} | ${ratioText(f.ratio)} | ${ratioText(f.floorRatio)} | ${f.flags.map((x) => `✗ ${x}`).join(' ')} |`;

const isHotOver = (r: RouteCalls): boolean => Object.hasOwn(HOT_ROUTES, r.route) && r.dynamodb.sequential > MAX_HOT_ROUND_TRIPS;

const target = (r: RouteCalls): string => {
  const what = HOT_ROUTES[r.route];
  if (!what) return '';
  return isHotOver(r) ? `✗ ${r.dynamodb.sequential} > ${MAX_HOT_ROUND_TRIPS} (${what})` : `✓ ≤ ${MAX_HOT_ROUND_TRIPS} (${what})`;
};

const routeRow = (r: RouteCalls) =>
  `| ${cell(r.route)} | ${r.function} | ${r.status || 'error'}${r.source === 'defaults' ? '\\*' : ''} | ${r.dynamodb.calls} | ${r.dynamodb.sequential} | ${r.dynamodb.scans || '0'} | ${r.stepFunctions.calls} | ${cell([r.dynamodb.operations, r.stepFunctions.operations].filter(Boolean).join('; '))} | ${target(r)} |`;

/** What misses a target or could not be measured, in words. */
export const findings = (res: BenchResults): string[] => {
  const out: string[] = (res.errors ?? []).map((e) => `Section failed: ${e}`);
  const fns = res.functions?.functions ?? [];
  const big = fns.filter((f) => f.flags.includes('size'));
  if (big.length) out.push(`Over ${kb(MAX_BUNDLE_BYTES)}: ${big.map((f) => `${f.id} ${kb(f.bytes)}`).join(', ')}.`);
  const slow = fns.filter((f) => f.flags.includes('import'));
  if (slow.length) out.push(`Cold import over ${MAX_IMPORT_RATIO}× the baseline: ${slow.map((f) => `${f.id} ${f.ratio.toFixed(2)}×`).join(', ')}.`);
  const overFloor = fns.filter((f) => f.floorRatio > MAX_IMPORT_RATIO);
  if (overFloor.length)
    out.push(
      `For information, cold import over ${MAX_IMPORT_RATIO}× the trimmed floor (no target): ${overFloor.map((f) => `${f.id} ${f.floorRatio.toFixed(2)}×`).join(', ')}.`,
    );
  for (const f of [...fns, ...(res.functions ? [res.functions.baseline, res.functions.floor] : [])])
    if (f.error) out.push(`Import of ${f.id} failed: ${f.error}`);
  const rows = res.host?.routes.rows ?? [];
  const hotOver = rows.filter(isHotOver);
  if (hotOver.length)
    out.push(
      `Hot routes over ${MAX_HOT_ROUND_TRIPS} sequential round trips: ${hotOver.map((r) => `${r.route} ${r.dynamodb.sequential} (${r.dynamodb.operations})`).join('; ')}.`,
    );
  const missingHot = Object.keys(HOT_ROUTES).filter((k) => res.host && !rows.some((r) => r.route === k));
  if (missingHot.length) out.push(`Hot routes no longer in the manifest: ${missingHot.join(', ')}.`);
  for (const t of res.host?.timings ?? []) {
    const m = t.figures.median;
    if (t.id === 'matter.toFirstTask' && typeof m === 'number' && m > MAX_FIRST_TASK_MS)
      out.push(`${t.id}: median ${m.toFixed(1)} ms, over ${MAX_FIRST_TASK_MS} ms (load ${t.load.before}→${t.load.after}).`);
  }
  const scans = rows.filter((r) => r.dynamodb.scans > 0);
  if (scans.length) out.push(`Routes that Scan: ${scans.map((r) => r.route).join(', ')}.`);
  const failed = rows.filter((r) => !r.ok);
  if (failed.length)
    out.push(
      `Routes whose request did not succeed (their counts are of an error path; give them a recipe in test/support/route-requests.ts): ${failed.map((r) => `${r.route} (${r.error})`).join('; ')}.`,
    );
  for (const s of res.host?.skipped ?? []) out.push(`Skipped: ${s}.`);
  return out;
};

export const renderMarkdown = (res: BenchResults, resultsPath: string, historyPath: string): string => {
  const lines: string[] = [];
  const took = `${Math.floor(res.durationMs / 60000)} min ${Math.round((res.durationMs % 60000) / 1000)} s`;
  lines.push(
    '# bianzhi bench',
    '',
    `${res.startedAt} · commit ${res.git.commit.slice(0, 10)}${res.git.dirty ? ' (with uncommitted changes)' : ''} on ${res.git.branch} · Node ${res.node} · ${res.machine.cores} × ${res.machine.cpu} · load average at start ${res.machine.loadavg.join(' ')} (1, 5, 15 min) · took ${took}`,
    '',
    'Timings on a busy machine are noisy: every timing carries the 1-minute load average when it started → when it ended.',
  );
  const f = res.functions;
  if (f) {
    lines.push(
      '',
      '## Functions: bundle size and cold import',
      '',
      `Each manifest function bundled with esbuild as the stack bundles it (infra/bundling.ts: ESM, platform node, target node24, minified, main fields module then main, everything bundled, the createRequire banner, the environment-only credentials alias), source map off. Cold import: median of ${f.runs} imports, each in a fresh Node ${f.node} process (after one untimed), Lambda's environment set and every AWS endpoint pointed at a closed loopback port. Two references built and timed in the same run, each a bundle of only the DynamoDB client and document client: the *baseline*, the SDK as shipped (no alias), the floor any function using the client pays and what the target is a ratio to; and the *floor*, built with the functions' own options (alias included), so its ratio is the cost of our own code alone. ✗: over ${kb(MAX_BUNDLE_BYTES)} (1 KB = 1024 B) or over ${MAX_IMPORT_RATIO}× the baseline. Load: bundling ${loadText(f.buildLoad)}, imports ${loadText(f.importLoad)}.`,
      '',
      '| function | size | cold import | × baseline | × floor | |',
      '|---|---:|---:|---:|---:|---|',
      functionRow(f.baseline, true),
      functionRow(f.floor, true),
      ...f.functions.map((x) => functionRow(x, false)),
    );
  }
  const h = res.host;
  if (h) {
    lines.push(
      '',
      '## Routes: AWS calls per request',
      '',
      `One representative valid request per manifest route (test/support/route-requests.ts; \\* = no recipe, made from defaults), sent over HTTP to the embedded host. Calls are counted by an SDK middleware on the process's one DynamoDB client and its Step Functions client and booked to the request that made them (not to workflow steps running beside it). *Sequential*: the longest chain of DynamoDB calls each sent after the one before returned (calls in flight together count once), authentication included. Hot routes are held to ≤ ${MAX_HOT_ROUND_TRIPS}. Load ${loadText(h.routes.load)}.`,
      '',
      '| route | function | status | DynamoDB calls | sequential | Scans | Step Functions calls | calls made | hot-route target |',
      '|---|---|---:|---:|---:|---:|---:|---|---|',
      ...h.routes.rows.map(routeRow),
    );
  }
  const timings: Timing[] = [...(h?.timings ?? []), ...(res.city ? [res.city] : [])];
  if (h || res.city) {
    lines.push('', '## Timings', '', '| measurement | result | load (1 min) |', '|---|---|---|');
    if (h) lines.push(`| host start (in-memory DynamoDB Local, demo users) to ready | ${msText(h.startMs)} | ${loadText(h.startLoad)} |`);
    for (const t of timings) lines.push(`| ${cell(t.label)} | ${t.text} | ${loadText(t.load)} |`);
  }
  const found = findings(res);
  lines.push('', '## Findings', '', ...(found.length ? found.map((x) => `- ${x}`) : ['- Nothing misses a target.']));
  lines.push('', `Results: \`${resultsPath}\` (this run), \`${historyPath}\` (one line per run).`);
  return lines.join('\n');
};

const round = (n: number) => Math.round(n * 10) / 10;

/** The full run as JSON, call times made relative to each request's first call. */
export const writeResults = (res: BenchResults, resultsPath: string, historyPath: string): void => {
  const host = res.host && {
    ...res.host,
    routes: {
      ...res.host.routes,
      rows: res.host.routes.rows.map((r) => {
        const t0 = r.calls[0]?.start ?? 0;
        return { ...r, calls: r.calls.map((c) => ({ ...c, start: round(c.start - t0), end: round(c.end - t0) })) };
      }),
    },
  };
  mkdirSync(dirname(resultsPath), { recursive: true });
  writeFileSync(resultsPath, `${JSON.stringify({ ...res, host }, null, 2)}\n`);
  const line = {
    startedAt: res.startedAt,
    commit: res.git.commit,
    dirty: res.git.dirty,
    node: res.node,
    loadavg: res.machine.loadavg,
    functions: Object.fromEntries(
      [res.functions?.baseline, res.functions?.floor, ...(res.functions?.functions ?? [])]
        .filter((x) => x !== undefined)
        .map((x) => [
          x.id,
          { bytes: x.bytes, importMs: round(x.importMs), ratio: Math.round(x.ratio * 100) / 100, floorRatio: Math.round(x.floorRatio * 100) / 100 },
        ]),
    ),
    routes: Object.fromEntries(
      (res.host?.routes.rows ?? []).map((r) => [
        r.route,
        { status: r.status, dynamodb: r.dynamodb.calls, sequential: r.dynamodb.sequential, scans: r.dynamodb.scans, stepFunctions: r.stepFunctions.calls },
      ]),
    ),
    timings: Object.fromEntries(
      [...(res.host?.timings ?? []), ...(res.city ? [res.city] : [])].map((t) => [
        t.id,
        Object.fromEntries(Object.entries(t.figures).map(([k, v]) => [k, round(v)])),
      ]),
    ),
    hostStartMs: res.host ? round(res.host.startMs) : undefined,
  };
  mkdirSync(dirname(historyPath), { recursive: true });
  appendFileSync(historyPath, `${JSON.stringify(line)}\n`);
};
