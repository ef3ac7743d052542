/**
 * The deployment's secret, from which one key per purpose is derived (HMAC-SHA256 of the
 * purpose under the secret), so a key leaked for one use says nothing of the others:
 * - `personId`: a person's record id is a keyed hash of their national ID, so an id seen in a
 *   URL or an export cannot be matched to an ID number by guessing (about 36,000 tries would
 *   do it for an unkeyed hash: region, birth date and sequence are few);
 * - `pageToken`: page tokens are signed and bound to their query.
 *
 * Where the secret lives: in AWS, a Secrets Manager secret named by BIANZHI_KEY_SECRET_ID, read
 * once per cold start (top-level await, during the function's init); on the embedded host,
 * BIANZHI_DEPLOYMENT_KEY, which the host reads from `.data/deployment-key` (made once, mode 0600).
 * Changing the secret changes every person id: it is data that must outlive deployments.
 */
import { createHmac } from 'node:crypto';

export type KeyPurpose = 'personId' | 'pageToken';

const secretId = process.env.BIANZHI_KEY_SECRET_ID;

const fromSecretsManager = async (id: string): Promise<string> => {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  try {
    const out = await client.send(new GetSecretValueCommand({ SecretId: id }));
    if (!out.SecretString) throw new Error(`Secret ${id} has no string value`);
    return out.SecretString;
  } finally {
    client.destroy();
  }
};

const loaded: string | undefined = secretId ? await fromSecretsManager(secretId) : undefined;
const derived = new Map<string, Buffer>();

/** The key for one purpose. Throws when the host gave no secret (a deployment error, never a user's). */
export const deploymentKey = (purpose: KeyPurpose): Buffer => {
  const secret = loaded ?? process.env.BIANZHI_DEPLOYMENT_KEY;
  if (!secret || secret.length < 32) throw new Error('No deployment key: the host must set BIANZHI_DEPLOYMENT_KEY or BIANZHI_KEY_SECRET_ID');
  const cacheKey = `${purpose}\u0000${secret}`;
  let key = derived.get(cacheKey);
  if (!key) {
    key = createHmac('sha256', secret).update(`bianzhi-key:${purpose}`).digest();
    derived.set(cacheKey, key);
  }
  return key;
};

/** HMAC-SHA256 of `text` under the purpose's key, hex. */
export const keyedHash = (purpose: KeyPurpose, text: string): string => createHmac('sha256', deploymentKey(purpose)).update(text).digest('hex');
