import { SFNClient } from '@aws-sdk/client-sfn';

/** One Step Functions client per process; the endpoint comes from AWS_ENDPOINT_URL_SFN locally. */
let client: SFNClient | undefined;
export const sfn = (): SFNClient => (client ??= new SFNClient({}));

/** The ARN of an execution of one of our state machines, by its ASCII business name. */
export const executionArn = (stateMachineArn: string, executionName: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`;
