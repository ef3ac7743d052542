import { SFNClient } from '@aws-sdk/client-sfn';

/** One Step Functions client per process; the endpoint comes from AWS_ENDPOINT_URL_SFN locally. */
let client: SFNClient | undefined;
export const sfn = (): SFNClient => (client ??= new SFNClient({}));
