/**
 * A local token issuer for the embedded host, shaped like Cognito: RS256 access tokens with a
 * kid, `token_use: 'access'`, `scope`, `client_id` (no `aud`), `exp`, `iat` and `jti`, so the
 * code behind the gateway sees in local runs what it sees in AWS. Its key pair is kept under the
 * data directory so `npm run token` (another process) and the gateway agree. Times come from
 * the embedded host's clock: when it moves forward, tokens expire as they would in that future.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../../shared/clock.ts';
import { COGNITO_API_SCOPE } from '../config.ts';
import { ManualClock, parseDuration } from './clock.ts';
import { createOnce } from './paths.ts';

export const LOCAL_ISSUER = 'https://issuer.bianzhi.local';
/** The app client id: in `client_id` of access tokens, as Cognito puts it (and in `aud` of ID tokens). */
export const LOCAL_AUDIENCE = 'bianzhi-api';
/** The scope every non-public route requires, the same string as the Cognito resource server's in AWS. */
export const LOCAL_SCOPE = COGNITO_API_SCOPE;
const ALG = 'RS256';
/**
 * Earlier versions kept an ES256 pair in `issuer-key.json`. A new file name lets such a data
 * directory keep working (a new RS256 pair is made beside it) and lets an older checkout that
 * shares the directory keep its own key; tokens signed with the old key are no longer accepted.
 */
const KEY_FILE = 'issuer-rs256.json';

export interface LocalIssuer {
  /** An access token for a user; `expiresIn` as `12h`, `90m`, `-1m` (default 12 h). */
  sign(userId: string, opts?: { expiresIn?: string; extra?: Record<string, unknown> }): Promise<string>;
  /**
   * Signature, issuer, algorithm, a required `exp` (and `nbf`) on the host's clock, and the
   * audience as API Gateway checks it: `aud` when present, else `client_id`.
   */
  verify(token: string): Promise<JWTPayload>;
}

interface KeyFile {
  privateKey: JWK;
  publicKey: JWK;
}

/** Made once per data directory: the host and `npm run token`, starting together, agree on one key. */
const loadKeys = async (dir: string): Promise<KeyFile> => {
  const file = join(dir, KEY_FILE);
  if (!existsSync(file)) {
    const pair = await generateKeyPair(ALG, { extractable: true, modulusLength: 2048 });
    const publicKey = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(publicKey);
    const keys: KeyFile = { privateKey: { ...(await exportJWK(pair.privateKey)), kid, alg: ALG }, publicKey: { ...publicKey, kid, alg: ALG } };
    createOnce(file, JSON.stringify(keys));
  }
  return JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
};

/** `npm run token` runs beside the host: it reads the host's persisted clock at every signature. */
const hostClockOf = (dir: string): Clock => ({ now: () => new ManualClock(join(dir, 'clock.json')).now() });

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

const durationSeconds = (text: string): number =>
  text.startsWith('-') ? -Math.round(parseDuration(text.slice(1)) / 1000) : Math.round(parseDuration(text) / 1000);

export const loadIssuer = async (dir: string, clock: Clock = hostClockOf(dir)): Promise<LocalIssuer> => {
  const keys = await loadKeys(dir);
  const privateKey = await importJWK(keys.privateKey, ALG);
  const publicKey = await importJWK(keys.publicKey, ALG);
  const kid = keys.publicKey.kid!;
  return {
    sign: (userId, opts = {}) => {
      const iat = seconds(clock.now());
      return new SignJWT({
        ...opts.extra,
        token_use: 'access',
        scope: LOCAL_SCOPE,
        client_id: LOCAL_AUDIENCE,
        username: userId,
        auth_time: iat,
        // Not in Cognito access tokens; kept so local events show how array claims render.
        amr: ['pwd'],
      })
        .setProtectedHeader({ alg: ALG, kid })
        .setSubject(userId)
        .setIssuer(LOCAL_ISSUER)
        .setIssuedAt(iat)
        .setExpirationTime(iat + durationSeconds(opts.expiresIn ?? '12h'))
        .setJti(crypto.randomUUID())
        .sign(privateKey);
    },
    verify: async (token) => {
      const { payload } = await jwtVerify(token, publicKey, {
        issuer: LOCAL_ISSUER,
        algorithms: [ALG],
        requiredClaims: ['exp', 'sub'],
        currentDate: clock.now(),
      });
      // API Gateway reads aud when the token has one and client_id only otherwise.
      const audience = payload.aud !== undefined ? [payload.aud].flat() : [payload.client_id];
      if (!audience.includes(LOCAL_AUDIENCE)) throw new Error('the token does not have a valid audience');
      return payload;
    },
  };
};
