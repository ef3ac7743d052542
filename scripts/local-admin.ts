/** Talks to a running embedded host's operator endpoints (clock, schedules). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostInfoFile } from '../infra/local/host.ts';
import { dataDir } from '../infra/local/paths.ts';

export const callLocalAdmin = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> => {
  const dir = dataDir();
  if (!existsSync(hostInfoFile(dir))) throw new Error('No embedded host has run here: start it with `npm start`.');
  const { sfnUrl } = JSON.parse(readFileSync(hostInfoFile(dir), 'utf8'));
  const key = readFileSync(join(dir, 'admin-key'), 'utf8');
  let res: Response;
  try {
    res = await fetch(`${sfnUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-bianzhi-admin-key': key },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new Error(`The embedded host is not answering at ${sfnUrl}: is \`npm start\` running?`);
  }
  const out = (await res.json()) as any;
  if (!res.ok) throw new Error(out.message ?? `HTTP ${res.status}`);
  return out;
};

export const fail = (e: unknown): never => {
  console.error((e as Error).message);
  process.exit(1);
};
