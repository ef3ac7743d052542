/**
 * The real CLI, offline, with bundling: `cdk synth` for AWS and `cdklocal synth` for LocalStack
 * (LocalStack itself needs Docker, so only its synth step runs here).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifest } from '../../shared/manifest.ts';

const synth = (bin: 'cdk' | 'cdklocal') => {
  const out = mkdtempSync(join(tmpdir(), `bianzhi-${bin}-`));
  try {
    execFileSync(join('node_modules', '.bin', bin), ['synth', '--quiet', '-o', out], {
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1', CI: 'true' },
      stdio: 'pipe',
      timeout: 120_000,
    });
    const assembly = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const stacks = Object.keys(assembly.artifacts).filter((k) => assembly.artifacts[k].type === 'aws:cloudformation:stack');
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
  it('synthesizes both stacks offline, with one ESM bundle per function', () => {
    const r = synth('cdk');
    expect(r.stacks.sort()).toEqual(['bianzhi-dev-stateful', 'bianzhi-dev-stateless']);
    expect(Object.keys(r.bundles)).toHaveLength(manifest.functions.length);
    expect(r.filesBeside).toBe(manifest.functions.reduce((n, f) => n + (f.files?.length ?? 0), 0));
    // Minified ESM with the SDK bundled: ~0.9 MB, the importer too (it reads .xlsx with a reader of its own, ~13 KB).
    for (const [fn, size] of Object.entries(r.bundles)) expect(size, fn).toBeLessThan(1_000_000);
  }, 180_000);

  it('synthesizes for LocalStack with cdklocal', () => {
    expect(synth('cdklocal').stacks).toHaveLength(2);
  }, 180_000);
});
