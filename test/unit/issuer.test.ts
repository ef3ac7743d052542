/** The local issuer's key file across versions, and the clock `npm run token` signs by. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { loadIssuer } from '../../infra/local/issuer.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'bianzhi-issuer-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('local issuer', () => {
  it('signs RS256 in a data directory that still holds the ES256 key of earlier versions', async () => {
    const dir = tmp();
    const pair = await generateKeyPair('ES256', { extractable: true });
    writeFileSync(join(dir, 'issuer-key.json'), JSON.stringify({ privateKey: await exportJWK(pair.privateKey), publicKey: await exportJWK(pair.publicKey) }));
    const issuer = await loadIssuer(dir);
    const token = await issuer.sign('demo-admin');
    expect(decodeProtectedHeader(token).alg).toBe('RS256');
    expect((await issuer.verify(token)).sub).toBe('demo-admin');
  });

  it('keeps one key per data directory, so `npm run token` and the host agree', async () => {
    const dir = tmp();
    const [a, b] = await Promise.all([loadIssuer(dir), loadIssuer(dir)]);
    expect((await b!.verify(await a!.sign('demo-admin'))).sub).toBe('demo-admin');
    expect(decodeProtectedHeader(await a!.sign('x')).kid).toBe(decodeProtectedHeader(await b!.sign('x')).kid);
  });

  it('signs by the clock the host keeps in the data directory when given none', async () => {
    const dir = tmp();
    const issuer = await loadIssuer(dir);
    const ahead = 30 * 86_400_000;
    writeFileSync(join(dir, 'clock.json'), JSON.stringify({ offsetMs: ahead }));
    const { iat, exp } = decodeJwt(await issuer.sign('demo-admin', { expiresIn: '1h' }));
    expect(Math.abs(iat! * 1000 - (Date.now() + ahead))).toBeLessThan(5000);
    expect(exp! - iat!).toBe(3600);
  });
});
