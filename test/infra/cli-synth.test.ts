/**
 * The real CLI, offline, with bundling: `cdk synth` for AWS and `cdklocal synth` for LocalStack
 * (LocalStack itself needs Docker, so only its synth step runs here).
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifest } from '../../shared/manifest.ts';

/** Bundling every function (about thirty, one per workflow step) takes minutes on a busy 2-core machine. */
const SYNTH_TIMEOUT_MS = 600_000;

const synth = (bin: 'cdk' | 'cdklocal', select: string[] = [], checkBundles = true) => {
  const out = mkdtempSync(join(tmpdir(), `bianzhi-${bin}-`));
  try {
    execFileSync(join('node_modules', '.bin', bin), ['synth', ...select, '--quiet', '-o', out], {
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CI: 'true' },
      stdio: 'pipe',
      timeout: SYNTH_TIMEOUT_MS,
    });
    const assembly = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const stacks = Object.keys(assembly.artifacts).filter((k) => assembly.artifacts[k].type === 'aws:cloudformation:stack');
    if (!checkBundles) return { stacks, bundles: {}, filesBeside: 0 };
    // Bundle size per function, found through each function's asset path in the template.
    const bundles: Record<string, number> = {};
    let filesBeside = 0;
    for (const stack of stacks) {
      const template = JSON.parse(readFileSync(join(out, `${stack}.template.json`), 'utf8'));
      for (const [logicalId, r] of Object.entries<any>(template.Resources)) {
        const asset = r.Metadata?.['aws:asset:path'];
        if (r.Type === 'AWS::Lambda::Function' && asset) {
          bundles[logicalId] = statSync(join(out, asset, 'index.mjs')).size;
          // Files a function reads at run time ride beside its bundle (Swagger UI for the API reference).
          for (const file of manifest.functions.find((f) => logicalId.startsWith(`Fn${f.id[0]!.toUpperCase()}${f.id.slice(1)}`))?.files ?? []) {
            expect(existsSync(join(out, asset, file)), `${logicalId} ${file}`).toBe(true);
            filesBeside++;
          }
        }
      }
    }
    expect(readdirSync(out).filter((d) => d.startsWith('asset.'))).toHaveLength(Object.keys(bundles).length);
    return { stacks, bundles, filesBeside };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
};

describe('cdk synth through the CLI', () => {
  it(
    'synthesizes both stacks offline, with one ESM bundle per function',
    () => {
      const r = synth('cdk');
      expect(r.stacks.sort()).toEqual(['bianzhi-dev-stateful', 'bianzhi-dev-stateless']);
      expect(Object.keys(r.bundles)).toHaveLength(manifest.functions.length);
      expect(r.filesBeside).toBe(manifest.functions.reduce((n, f) => n + (f.files?.length ?? 0), 0));
      // Minified ESM with the SDK bundled, its credential chain reduced to the environment's: at most 450 KB each (npm run bench measures them).
      // The documents function carries the .docx writer (docx 9, about 240 KB minified): it alone may reach 700 KB.
      for (const [fn, size] of Object.entries(r.bundles)) expect(size, fn).toBeLessThanOrEqual(fn.startsWith('FnDocuments') ? 700_000 : 450_000);
    },
    SYNTH_TIMEOUT_MS + 30_000,
  );

  it(
    'synthesizes for LocalStack with cdklocal',
    () => {
      // The stateful stack only: cdklocal changes where the CLI deploys, not how functions bundle, which the test above covers.
      expect(synth('cdklocal', ['bianzhi-dev-stateful', '--exclusively'], false).stacks).toContain('bianzhi-dev-stateful');
    },
    SYNTH_TIMEOUT_MS + 30_000,
  );
});
