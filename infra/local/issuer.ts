/**
 * A local OIDC-style token issuer for the embedded host. Its key pair is kept under the data
 * directory so `npm run token` (another process) and the gateway agree. In AWS, tokens come from
 * Cognito or the city's identity service instead and API Gateway checks them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';

export const LOCAL_ISSUER = 'https://issuer.bianzhi.local';
export const LOCAL_AUDIENCE = 'bianzhi-api';
const ALG = 'ES256';

export interface LocalIssuer {
  sign(userId: string, opts?: { expiresIn?: string; extra?: Record<string, unknown> }): Promise<string>;
  verify(token: string): Promise<JWTPayload>;
}

export const loadIssuer = async (dir: string): Promise<LocalIssuer> => {
  const file = join(dir, 'issuer-key.json');
  let jwk: { privateKey: JWK; publicKey: JWK };
  if (existsSync(file)) {
    jwk = JSON.parse(readFileSync(file, 'utf8'));
  } else {
    const pair = await generateKeyPair(ALG, { extractable: true });
    jwk = { privateKey: await exportJWK(pair.privateKey), publicKey: await exportJWK(pair.publicKey) };
    writeFileSync(file, JSON.stringify(jwk), { mode: 0o600 });
  }
  const privateKey = await importJWK(jwk.privateKey, ALG);
  const publicKey = await importJWK(jwk.publicKey, ALG);
  return {
    sign: (userId, opts = {}) =>
      new SignJWT({ ...opts.extra, token_use: 'access', scope: 'bianzhi/api', amr: ['pwd'] })
        .setProtectedHeader({ alg: ALG, kid: 'local' })
        .setSubject(userId)
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(opts.expiresIn ?? '12h')
        .setJti(crypto.randomUUID())
        .sign(privateKey),
    verify: async (token) =>
      (await jwtVerify(token, publicKey, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: [ALG] })).payload,
  };
};
