/**
 * The real CLI, offline, with bundling: `cdk synth` for AWS and `cdklocal synth` for LocalStack
 * (LocalStack itself needs Docker, so only its synth step runs here).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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
    const bundles = readdirSync(out)
      .filter((d) => d.startsWith('asset.') && statSync(join(out, d)).isDirectory())
      .map((d) => statSync(join(out, d, 'index.mjs')).size);
    return { stacks: Object.keys(assembly.artifacts).filter((k) => assembly.artifacts[k].type === 'aws:cloudformation:stack'), bundles };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
};

describe('cdk synth through the CLI', () => {
  it('synthesizes both stacks offline, with one ESM bundle per function', () => {
    const r = synth('cdk');
    expect(r.stacks.sort()).toEqual(['bianzhi-dev-stateful', 'bianzhi-dev-stateless']);
    expect(r.bundles).toHaveLength(manifest.functions.length);
    for (const size of r.bundles) expect(size).toBeLessThan(1_500_000);
  }, 180_000);

  it('synthesizes for LocalStack with cdklocal', () => {
    expect(synth('cdklocal').stacks).toHaveLength(2);
  }, 180_000);
});
