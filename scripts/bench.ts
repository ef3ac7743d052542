/**
 * `npm run bench`: the project's performance record on this machine. Prints one markdown
 * document (bundle size and cold import per function, AWS calls per route, timings) and
 * writes the same as JSON (.bench/results.json, and a line in .bench/history.jsonl). Bounded,
 * loopback only, cleans up its host and temp files. Everything it measures comes from the
 * manifest, so functions and routes added, renamed or removed are measured as they are.
 *
 *   npm run bench                        functions and host, a few minutes
 *   npm run bench -- --runs 15           more cold imports per function (default 7)
 *   npm run bench -- --only functions    one section: functions | host
 *   npm run bench -- --city              also the import of the full demo city (~40 s)
 *   npm run bench -- --out some/dir      where the JSON goes (default .bench)
 */
import { execFileSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../infra/local/paths.ts';
import { manifest } from '../shared/manifest.ts';
import { freePort } from '../test/support/host.ts';
import { measureCityImport } from './bench/city.ts';
import { undoAll } from './bench/cleanup.ts';
import { measureFunctions } from './bench/functions-section.ts';
import { measureOnHost } from './bench/host-section.ts';
import { type BenchResults, renderMarkdown, writeResults } from './bench/report.ts';
import { machine } from './bench/stats.ts';
import { HOT_ROUTES, MAX_BUNDLE_BYTES, MAX_HOT_ROUND_TRIPS, MAX_IMPORT_RATIO } from './bench/targets.ts';

const SECTIONS = ['functions', 'host'] as const;

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: process.env.BENCH_RUNS ?? '7' },
    city: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string', default: join(repoRoot, '.bench') },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log('npm run bench [-- --runs N] [--only functions|host] [--city] [--out DIR]');
  process.exit(0);
}
const runs = Number(args.runs);
if (!Number.isInteger(runs) || runs < 1 || runs > 101) throw new Error(`--runs must be a whole number from 1 to 101, not ${args.runs}`);
const sections = args.only ? args.only.split(',').map((s) => s.trim()) : [...SECTIONS];
for (const s of sections) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`--only takes ${SECTIONS.join(', ')}, not ${s}`);
// Cold imports are Lambda's Node: 24. npm run puts the project's own Node 24 first on the PATH.
if (process.versions.node.split('.')[0] !== '24') {
  console.error(`bench: this is Node ${process.version}; run it as \`npm run bench\`, which uses the project's Node 24`);
  process.exit(2);
}

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const git = (...a: string[]) => {
  try {
    return execFileSync('git', a, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
};

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping the host and removing temp files`);
    void undoAll().finally(() => process.exit(130));
  });
}

const started = performance.now();
const results: BenchResults = {
  version: 1,
  startedAt: new Date().toISOString(),
  durationMs: 0,
  git: {
    commit: git('rev-parse', 'HEAD') || 'unknown',
    branch: git('rev-parse', '--abbrev-ref', 'HEAD') || 'unknown',
    dirty: git('status', '--porcelain', '--untracked-files=no') !== '',
  },
  node: process.version,
  machine: machine(),
  options: { runs, city: args.city, sections },
  targets: { maxBundleBytes: MAX_BUNDLE_BYTES, maxImportRatio: MAX_IMPORT_RATIO, maxHotRoundTrips: MAX_HOT_ROUND_TRIPS, hotRoutes: HOT_ROUTES },
};

// A section that fails is reported with what the others measured.
const errors: string[] = [];
const section = async (name: string, run: () => Promise<void>) => {
  try {
    await run();
  } catch (e) {
    log(`${name} failed: ${(e as Error).stack ?? e}`);
    errors.push(`${name}: ${(e as Error).message}`);
    await undoAll();
  }
};
// Functions first: their cold imports are timed before a Java process shares the machine.
if (sections.includes('functions')) {
  await section('functions', async () => {
    log(`bundling ${manifest.functions.length} functions, the baseline and the floor; ${runs} cold imports each`);
    results.functions = await measureFunctions(manifest, repoRoot, runs);
  });
}
// Both hosts on one DynamoDB Local port: the process's one DynamoDB client keeps the endpoint it was made with.
const ddbPort = await freePort();
if (sections.includes('host')) {
  await section('host', async () => {
    log('starting an embedded host');
    results.host = await measureOnHost(manifest, ddbPort, log);
  });
}
if (args.city) {
  await section('city', async () => {
    log('importing the demo city (about 40 s)');
    results.city = await measureCityImport(ddbPort);
  });
}
results.errors = errors;

results.durationMs = performance.now() - started;
const resultsPath = join(args.out, 'results.json');
const historyPath = join(args.out, 'history.jsonl');
writeResults(results, resultsPath, historyPath);
console.log(renderMarkdown(results, relative(repoRoot, resultsPath) || resultsPath, relative(repoRoot, historyPath) || historyPath));
// Workflows the routes left waiting for a decision keep the engine's timers after the host
// stops: leave without waiting for them.
process.exit(errors.length ? 1 : 0);
