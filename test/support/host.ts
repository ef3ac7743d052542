/** Starts an embedded host for a test file: throwaway data directory, free ports, small data. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { type Host, type HostOptions, startHost } from '../../infra/local/host.ts';
import { repoRoot } from '../../infra/local/paths.ts';

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });

/** From the repository, wherever the process started (the bench runs from any directory). */
export const fixtureAsl = (name: string) => readFileSync(join(repoRoot, 'test/fixtures/statemachines', `${name}.asl.json`), 'utf8');

export const startTestHost = async (opts: Partial<HostOptions> = {}): Promise<Host & { cleanup(): Promise<void> }> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bianzhi-test-'));
  const host = await startHost({ apiPort: 0, sfnPort: 0, ddbPort: await freePort(), dataDir, inMemory: true, ...opts });
  return Object.assign(host, {
    cleanup: async () => {
      await host.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
};

export const sfnClient = (host: Host) =>
  new SFNClient({ endpoint: host.sfnUrl, region: 'cn-local-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** Polls until `probe` returns a value that is not undefined (or the timeout passes). */
export const eventually = async <T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 15_000, everyMs = 50): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
};
