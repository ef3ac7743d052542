/** Errors the Step Functions API returns, with the names the AWS SDK turns into exceptions. */
export class SfnApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export const sfnError = {
  invalidArn: (arn: unknown) => new SfnApiError('InvalidArn', `Invalid Arn: '${String(arn)}'`),
  invalidName: (name: string) => new SfnApiError('InvalidName', `Invalid Name: '${name}'`),
  invalidToken: () => new SfnApiError('InvalidToken', 'Invalid Token'),
  invalidInput: (msg: string) => new SfnApiError('InvalidExecutionInput', msg),
  invalidOutput: (msg: string) => new SfnApiError('InvalidOutput', msg),
  noStateMachine: (arn: string) => new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`),
  noExecution: (arn: string) => new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`),
  alreadyExists: (arn: string) => new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`),
  noTask: () => new SfnApiError('TaskDoesNotExist', 'Task Does Not Exist'),
  taskTimedOut: () => new SfnApiError('TaskTimedOut', 'Task Timed Out'),
  notRedrivable: (msg: string) => new SfnApiError('ExecutionNotRedrivable', msg),
  validation: (msg: string) => new SfnApiError('ValidationException', msg),
  unknownOperation: (op: string) => new SfnApiError('UnknownOperationException', `Unknown operation ${op}`),
};

/**
 * An error raised inside a running execution; the engine matches Retry/Catch on `name`. It is
 * the shape of a function's error too, which is what most of them are.
 */
export { functionError as statesError } from '../lambda-limits.ts';
