import { linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

/** Where the embedded host keeps its state: DynamoDB Local files, the clock, the issuer key. */
export const dataDir = (): string => {
  const dir = resolve(process.env.BIANZHI_DATA_DIR ?? join(repoRoot, '.data'));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
};

/**
 * Puts `text` at `file`, readable by this user only, unless a file is there already. Written
 * aside and linked into place, so that processes starting together (the host, `npm run token`,
 * a data script) all end up with the one that won, never half a file.
 */
export const createOnce = (file: string, text: string): void => {
  const aside = `${file}.${process.pid}.${crypto.randomUUID()}`;
  writeFileSync(aside, text, { mode: 0o600 });
  try {
    linkSync(aside, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    rmSync(aside, { force: true });
  }
};
