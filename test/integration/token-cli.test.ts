/** `npm run token`: help and mistakes get the usage, not a stack trace. */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const token = (...args: string[]) => {
  const dir = mkdtempSync(join(tmpdir(), 'bianzhi-token-'));
  try {
    // As `npm run token -- …` runs it.
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/token.ts', ...args], {
      env: { ...process.env, BIANZHI_DATA_DIR: dir },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

describe('npm run token', () => {
  it('prints its usage for --help and -h, and exits 0', () => {
    for (const flag of ['--help', '-h']) {
      const r = token(flag);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/^Usage: npm run token -- --user <userId>/);
      expect(r.out).toMatch(/demo-department/);
    }
  });

  it('says what is wrong, with the usage, for an unknown option or no user', () => {
    const unknown = token('--usr', 'demo-admin');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/--usr/);
    expect(unknown.err).toMatch(/Usage:/);
    expect(unknown.err).not.toMatch(/\n\s+at /);
    expect(token().code).toBe(2);
  });

  it('prints a token for a user', () => {
    const r = token('--user', 'demo-admin');
    expect(r.code, r.err).toBe(0);
    expect(r.out.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});
