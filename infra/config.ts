/**
 * Typed deployment configuration per stage. Choose with `-c stage=prod` (default dev).
 * The identity provider is configurable because Cognito user pools are not offered in every
 * region (not in AWS China): give `issuer`, `audience` and `scope` of any OIDC provider, such as
 * a city's unified identity service, and no user pool is created.
 */

/**
 * The scope every non-public route requires with a Cognito user pool: resource server
 * `bianzhi`, scope `api`. API Gateway's JWT authorizer accepts a token whose `aud` or
 * `client_id` is the app client, which an ID token also satisfies (its aud is the client);
 * only access tokens carry scopes, so requiring one admits access tokens only.
 */
export const COGNITO_RESOURCE_SERVER = 'bianzhi';
export const COGNITO_SCOPE_NAME = 'api';
export const COGNITO_API_SCOPE = `${COGNITO_RESOURCE_SERVER}/${COGNITO_SCOPE_NAME}`;

export interface StageConfig {
  stage: 'dev' | 'prod';
  /** Tables and the user pool: RETAIN + deletion protection in prod. */
  retainData: boolean;
  logRetentionDays: 30 | 90 | 365 | 3653;
  /**
   * External OIDC issuer; omitted → a Cognito user pool is created. `scopes`: any one of them
   * must be in the token's `scope` (or `scp`), a scope the issuer grants in access tokens only.
   */
  oidc?: { issuer: string; audience: string[]; scopes: string[] };
  /** Where the user pool's code flow may return to (the portal); a loopback URL otherwise. */
  oauthCallbackUrls?: string[];
  /** E-mail address subscribed to the alarm topic, if any. */
  alarmEmail?: string;
  apiThrottle: { rateLimit: number; burstLimit: number };
}

const stages: Record<StageConfig['stage'], StageConfig> = {
  dev: { stage: 'dev', retainData: false, logRetentionDays: 30, apiThrottle: { rateLimit: 50, burstLimit: 100 } },
  prod: { stage: 'prod', retainData: true, logRetentionDays: 3653, apiThrottle: { rateLimit: 200, burstLimit: 400 } },
};

const list = (v: string) =>
  v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

export const stageConfig = (
  stage: string | undefined,
  overrides: { oidcIssuer?: string; oidcAudience?: string; oidcScope?: string; oauthCallbackUrls?: string; alarmEmail?: string } = {},
): StageConfig => {
  const name = (stage ?? 'dev') as StageConfig['stage'];
  const base = stages[name];
  if (!base) throw new Error(`Unknown stage "${stage}": use one of ${Object.keys(stages).join(', ')}`);
  const cfg: StageConfig = { ...base };
  if (overrides.oidcIssuer) {
    if (!overrides.oidcAudience) throw new Error('oidcIssuer needs oidcAudience (the client id your issuer puts in aud)');
    // Without a required scope the authorizer would take the issuer's ID tokens too.
    if (!overrides.oidcScope || list(overrides.oidcScope).length === 0) {
      throw new Error('oidcIssuer needs oidcScope (a scope your issuer puts in access tokens for this API, e.g. bianzhi/api)');
    }
    cfg.oidc = { issuer: overrides.oidcIssuer, audience: list(overrides.oidcAudience), scopes: list(overrides.oidcScope) };
  }
  if (overrides.oauthCallbackUrls) cfg.oauthCallbackUrls = list(overrides.oauthCallbackUrls);
  if (overrides.alarmEmail) cfg.alarmEmail = overrides.alarmEmail;
  return cfg;
};
