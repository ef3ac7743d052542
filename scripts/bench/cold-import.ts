/**
 * Cold import of a bundle: a fresh Node process imports it once and reports how long the
 * import took (Lambda's init phase, without the runtime's own start). Runs go round-robin over
 * the bundles so a change in the machine's load falls on all of them alike.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { physicalStateMachineName, physicalTableName, stateMachineEnvName, tableEnvName } from '../../shared/config.ts';
import type { Manifest } from '../../shared/manifest-types.ts';
import { median } from './stats.ts';

/** Inside the child: time the import, report it, leave without waiting for timers or sockets. */
const PROBE = `
const t0 = performance.now();
await import(process.argv[1]);
const importMs = performance.now() - t0;
process.stdout.write(JSON.stringify({ importMs, bootMs: t0 }));
process.exit(0);
`;

/** A port nothing listens on: any call that slipped through is refused at once, on this machine. */
const NOWHERE = 'http://127.0.0.1:9';

/**
 * What Lambda would give the function, with nothing that reaches further than loopback: fixed
 * credentials (no credential chain), no instance metadata, every AWS endpoint refused locally.
 * The environment is built from nothing, so the bench's own (tsx's loader among it) stays out.
 */
export const importEnv = (manifest: Manifest, functionId: string): Record<string, string> => {
  const stage = 'bench';
  return {
    PATH: process.env.PATH ?? '',
    TZ: ':UTC',
    AWS_REGION: 'cn-local-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL: NOWHERE,
    AWS_LAMBDA_FUNCTION_NAME: `bianzhi-${stage}-${functionId}`,
    STAGE: stage,
    POWERTOOLS_SERVICE_NAME: `bianzhi-${functionId}`,
    BIANZHI_DEPLOYMENT_KEY: randomBytes(32).toString('base64url'),
    ...Object.fromEntries(manifest.tables.map((t) => [tableEnvName(t.id), physicalTableName(stage, t.id)])),
    ...Object.fromEntries(
      manifest.stateMachines.map((m) => [
        stateMachineEnvName(m.id),
        `arn:aws:states:cn-local-1:000000000000:stateMachine:${physicalStateMachineName(stage, m.id)}`,
      ]),
    ),
  };
};

export interface ImportRun {
  importMs: number;
  /** Node's own start before the probe ran. */
  bootMs: number;
  /** Spawn to exit, as the parent saw it. */
  wallMs: number;
}

const once = (nodePath: string, file: string, env: Record<string, string>) =>
  new Promise<ImportRun>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(nodePath, ['--input-type=module', '-e', PROBE, pathToFileURL(file).href], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`import of ${file} failed (exit ${code}): ${err.trim().split('\n').slice(0, 5).join(' | ')}`));
      try {
        const r = JSON.parse(out) as { importMs: number; bootMs: number };
        resolve({ ...r, wallMs });
      } catch {
        reject(new Error(`import of ${file}: unreadable probe output ${JSON.stringify(out.slice(0, 200))}`));
      }
    });
  });

export interface ImportTiming {
  runs: ImportRun[];
  medianImportMs: number;
  medianWallMs: number;
  error?: string;
}

/** `runs` timed imports of each bundle after one untimed one (which fills the file cache). */
export const timeColdImports = async (
  bundles: readonly { id: string; file: string }[],
  runs: number,
  envFor: (id: string) => Record<string, string>,
  nodePath = process.execPath,
): Promise<Map<string, ImportTiming>> => {
  const got = new Map<string, ImportRun[]>(bundles.map((b) => [b.id, []]));
  const failed = new Map<string, string>();
  for (let i = 0; i <= runs; i++) {
    for (const b of bundles) {
      if (failed.has(b.id)) continue;
      try {
        const r = await once(nodePath, b.file, envFor(b.id));
        if (i > 0) got.get(b.id)!.push(r);
      } catch (e) {
        failed.set(b.id, (e as Error).message);
      }
    }
  }
  return new Map(
    bundles.map((b) => {
      const rs = got.get(b.id)!;
      return [
        b.id,
        {
          runs: rs,
          medianImportMs: median(rs.map((r) => r.importMs)),
          medianWallMs: median(rs.map((r) => r.wallMs)),
          ...(failed.has(b.id) ? { error: failed.get(b.id) } : {}),
        },
      ];
    }),
  );
};
