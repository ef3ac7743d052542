/**
 * The local gateway checks tokens as API Gateway's JWT authorizer with route scopes does, on the
 * embedded host's clock, and the functions refuse anything but an access token; a malformed
 * path is the client's fault (400), never a 500.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader, importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../infra/local/issuer.ts';
import { startTestHost } from '../support/host.ts';

let host: Awaited<ReturnType<typeof startTestHost>>;

beforeAll(async () => {
  host = await startTestHost({ seedDemo: true });
});
afterAll(async () => host?.cleanup());

const get = async (path: string, token?: string) => {
  const res = await fetch(`${host.apiUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
};

/** Signs with the issuer's own private key, as a token the issuer would never hand out. */
const forge = async (payload: JWTPayload, opts: { exp?: number | false } = {}) => {
  const keys = readdirSync(host.dataDir)
    .filter((f) => /^issuer.*\.json$/.test(f))
    .map((f) => (JSON.parse(readFileSync(join(host.dataDir, f), 'utf8')) as { privateKey: JWK }).privateKey)
    .sort((a) => (a.kty === 'RSA' ? -1 : 1));
  const privateKey = keys[0];
  if (!privateKey) throw new Error('no issuer key in the data directory');
  const alg = privateKey.kty === 'RSA' ? 'RS256' : 'ES256';
  const now = Math.floor(host.clock.now().getTime() / 1000);
  const jwt = new SignJWT({ iss: LOCAL_ISSUER, iat: now, jti: crypto.randomUUID(), ...payload }).setProtectedHeader({ alg, kid: privateKey.kid ?? 'local' });
  if (opts.exp !== false) jwt.setExpirationTime(opts.exp ?? now + 3600);
  return jwt.sign(await importJWK(privateKey, alg));
};

describe('local tokens', () => {
  it('look like Cognito access tokens: RS256 with a kid; token_use, scope, client_id, exp, iat, jti', async () => {
    const token = await host.issuer.sign('demo-admin');
    const header = decodeProtectedHeader(token);
    expect(header.alg).toBe('RS256');
    expect(header.kid).toMatch(/^.{8,}$/);
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: 'demo-admin', iss: LOCAL_ISSUER, token_use: 'access', scope: 'bianzhi/api', client_id: LOCAL_AUDIENCE });
    for (const c of ['exp', 'iat', 'jti'] as const) expect(claims[c], c).toBeDefined();
    expect(claims.aud).toBeUndefined();
    expect(claims.exp! - claims.iat!).toBe(12 * 3600);
    expect((await get('/me', token)).status).toBe(200);
  });

  it('expire on the embedded clock: a 12 h token is refused once the clock has moved 13 h', async () => {
    const token = await host.issuer.sign('demo-admin');
    expect((await get('/me', token)).status).toBe(200);
    await host.clock.advance(13 * 3600_000);
    const late = await get('/me', token);
    expect(late.status).toBe(401);
    expect(late.json).toEqual({ message: 'Unauthorized' });
    // A token signed now is valid at the new time.
    expect((await get('/me', await host.issuer.sign('demo-admin'))).status).toBe(200);
  });

  it('must carry exp', async () => {
    // aud as well as client_id, so that exp is the only thing either check could miss.
    const claims = { sub: 'demo-admin', token_use: 'access', scope: 'bianzhi/api', client_id: LOCAL_AUDIENCE, aud: LOCAL_AUDIENCE };
    expect((await get('/me', await forge(claims))).status).toBe(200);
    expect((await get('/me', await forge(claims, { exp: false }))).status).toBe(401);
  });

  it('are refused when they are ID tokens (aud is the client, no scope), as API Gateway with route scopes refuses them', async () => {
    const idToken = await forge({ sub: 'demo-admin', token_use: 'id', aud: LOCAL_AUDIENCE, auth_time: Math.floor(Date.now() / 1000) });
    const res = await get('/me', idToken);
    expect(res.status).toBe(403);
    expect(res.json).toEqual({ message: 'Forbidden' });
    expect(res.headers.get('www-authenticate')).toMatch(/insufficient_scope/);
  });

  it('are refused by the functions when token_use says anything but access, even with the scope', async () => {
    const token = await forge({ sub: 'demo-admin', token_use: 'id', aud: LOCAL_AUDIENCE, scope: 'bianzhi/api' });
    const res = await get('/me', token);
    expect(res.status).toBe(401);
    expect(res.json.error).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(res.json.error.messageZh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('need the audience in aud, or in client_id when there is no aud', async () => {
    const base = { sub: 'demo-admin', token_use: 'access', scope: 'bianzhi/api' };
    expect((await get('/me', await forge({ ...base, client_id: 'another-client' }))).status).toBe(401);
    expect((await get('/me', await forge({ ...base, aud: 'another-client', client_id: LOCAL_AUDIENCE }))).status).toBe(401);
    expect((await get('/me', await forge({ ...base, aud: LOCAL_AUDIENCE }))).status).toBe(200);
    expect((await get('/me', await forge({ ...base, client_id: LOCAL_AUDIENCE }))).status).toBe(200);
  });
});

describe('malformed percent-encoding in a path', () => {
  it('gets 400 naming the path, not 500', async () => {
    const token = await host.issuer.sign('demo-admin');
    for (const path of ['/users/%ZZ', '/organizations/%ED%A0%80', '/users/%E4%BA']) {
      const res = await get(path, token);
      expect(res.status, path).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/json/);
      expect(res.json.message, path).toContain(path);
    }
    // Well-formed encoding is still decoded on its way to the function.
    const ok = await get('/users/demo%2Dleader', token);
    expect(ok.status).toBe(200);
    expect(ok.json.userId).toBe('demo-leader');
  });
});
