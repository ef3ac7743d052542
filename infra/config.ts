/**
 * Typed deployment configuration per stage. Choose with `-c stage=prod` (default dev).
 * The identity provider is configurable because Cognito user pools are not offered in every
 * region (not in AWS China): give `issuer` and `audience` of any OIDC provider, such as a
 * city's unified identity service, and no user pool is created.
 */
export interface StageConfig {
  stage: 'dev' | 'prod';
  /** Tables and the user pool: RETAIN + deletion protection in prod. */
  retainData: boolean;
  logRetentionDays: 30 | 90 | 365 | 3653;
  /** External OIDC issuer; omitted → a Cognito user pool is created. */
  oidc?: { issuer: string; audience: string[] };
  /** E-mail address subscribed to the alarm topic, if any. */
  alarmEmail?: string;
  apiThrottle: { rateLimit: number; burstLimit: number };
}

const stages: Record<StageConfig['stage'], StageConfig> = {
  dev: { stage: 'dev', retainData: false, logRetentionDays: 30, apiThrottle: { rateLimit: 50, burstLimit: 100 } },
  prod: { stage: 'prod', retainData: true, logRetentionDays: 3653, apiThrottle: { rateLimit: 200, burstLimit: 400 } },
};

export const stageConfig = (
  stage: string | undefined,
  overrides: { oidcIssuer?: string; oidcAudience?: string; alarmEmail?: string } = {},
): StageConfig => {
  const name = (stage ?? 'dev') as StageConfig['stage'];
  const base = stages[name];
  if (!base) throw new Error(`Unknown stage "${stage}": use one of ${Object.keys(stages).join(', ')}`);
  const cfg: StageConfig = { ...base };
  if (overrides.oidcIssuer) {
    if (!overrides.oidcAudience) throw new Error('oidcIssuer needs oidcAudience (the client id your issuer puts in aud)');
    cfg.oidc = { issuer: overrides.oidcIssuer, audience: overrides.oidcAudience.split(',') };
  }
  if (overrides.alarmEmail) cfg.alarmEmail = overrides.alarmEmail;
  return cfg;
};
