import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** Where the embedded host keeps its state: DynamoDB Local files, the clock, the issuer key. */
export const dataDir = (): string => {
  const dir = resolve(process.env.BIANZHI_DATA_DIR ?? join(repoRoot, '.data'));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
};
