/**
 * The AWS SDK's credential chain, as bundled into our Lambda functions. In Lambda the
 * credentials of the function's role are always in the environment (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so the chain's other providers (profiles, SSO, web
 * identity, IMDS, the nested STS and SSO clients they carry: about 80 KB of every bundle) only
 * cost cold-start time. The bundler puts this module in place of `@aws-sdk/credential-provider-node`
 * (infra/bundling.ts); the embedded host and the scripts run unbundled, with the full chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
export const credentialsWillNeedRefresh = () => false;
export const credentialsTreatedAsExpired = () => false;
