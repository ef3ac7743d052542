/**
 * Execution history events with AWS's types and members (HistoryEventType and the *EventDetails
 * of the Step Functions API), built here so every part writes the same shapes. A Task whose
 * Resource is an integration (`arn:aws:states:::lambda:invoke`, `….waitForTaskToken`) writes
 * Task* events naming `resourceType` and `resource`; only a Task whose Resource is a bare Lambda
 * ARN writes LambdaFunction* events. Pure.
 */

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: Date;
  type: string;
  [details: string]: unknown;
}

/** An event before the journal numbers and stamps it. */
export interface EventBody {
  type: string;
  details: Record<string, unknown>;
}

const body = (type: string, details: Record<string, unknown> = {}): EventBody => ({ type, details });

/** The endpoint never truncates data; AWS says so on every input and output. */
const WHOLE = { truncated: false };

export const executionEvents = {
  started: (input: string, roleArn: string) => body('ExecutionStarted', { executionStartedEventDetails: { input, inputDetails: WHOLE, roleArn } }),
  succeeded: (output: string) => body('ExecutionSucceeded', { executionSucceededEventDetails: { output, outputDetails: WHOLE } }),
  failed: (error?: string, cause?: string) => body('ExecutionFailed', { executionFailedEventDetails: { error, cause } }),
  timedOut: (error?: string, cause?: string) => body('ExecutionTimedOut', { executionTimedOutEventDetails: { error, cause } }),
  aborted: (error?: string, cause?: string) => body('ExecutionAborted', { executionAbortedEventDetails: { error, cause } }),
  redriven: (redriveCount: number) => body('ExecutionRedriven', { executionRedrivenEventDetails: { redriveCount } }),
};

/** How a Task's Resource shows in its events. */
export type TaskResource = { style: 'integration'; resourceType: string; resource: string } | { style: 'lambda'; arn: string };

/**
 * `arn:aws:states:::lambda:invoke.waitForTaskToken` is resourceType `lambda`, resource
 * `invoke.waitForTaskToken`; `arn:aws:lambda:…:function:f` is a bare Lambda ARN.
 */
export const taskResourceOf = (resourceArn: string): TaskResource => {
  if (/^arn:aws[\w-]*:lambda:/.test(resourceArn)) return { style: 'lambda', arn: resourceArn };
  const service = /^arn:aws[\w-]*:states:::(.+)$/.exec(resourceArn)?.[1] ?? resourceArn;
  const cut = service.lastIndexOf(':');
  return { style: 'integration', resourceType: service.slice(0, cut), resource: service.slice(cut + 1) };
};

/** The events of one Task state's attempt, for its resource. */
export const taskEvents = (resourceArn: string, region: string) => {
  const r = taskResourceOf(resourceArn);
  if (r.style === 'lambda') {
    return {
      scheduled: (input: unknown, timeoutSeconds?: number, _heartbeatSeconds?: number) =>
        body('LambdaFunctionScheduled', {
          lambdaFunctionScheduledEventDetails: { resource: r.arn, input: JSON.stringify(input), inputDetails: WHOLE, timeoutInSeconds: timeoutSeconds },
        }),
      started: () => body('LambdaFunctionStarted'),
      submitted: (_output: unknown) => undefined,
      succeeded: (output: string) => body('LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: { output, outputDetails: WHOLE } }),
      failed: (error: string, cause: string) => body('LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error, cause } }),
      timedOut: (error: string, cause: string) => body('LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: { error, cause } }),
    };
  }
  const of = { resourceType: r.resourceType, resource: r.resource };
  return {
    scheduled: (parameters: unknown, timeoutSeconds?: number, heartbeatSeconds?: number) =>
      body('TaskScheduled', {
        taskScheduledEventDetails: {
          ...of,
          region,
          parameters: JSON.stringify(parameters),
          timeoutInSeconds: timeoutSeconds,
          heartbeatInSeconds: heartbeatSeconds,
        },
      }),
    started: () => body('TaskStarted', { taskStartedEventDetails: of }),
    /** A callback's token is in its target's hands; `output` is what the target's invocation answered. */
    submitted: (output: unknown): EventBody | undefined =>
      body('TaskSubmitted', { taskSubmittedEventDetails: { ...of, output: JSON.stringify(output), outputDetails: WHOLE } }),
    succeeded: (output: string) => body('TaskSucceeded', { taskSucceededEventDetails: { ...of, output, outputDetails: WHOLE } }),
    failed: (error: string, cause: string) => body('TaskFailed', { taskFailedEventDetails: { ...of, error, cause } }),
    timedOut: (error: string, cause: string) => body('TaskTimedOut', { taskTimedOutEventDetails: { ...of, error, cause } }),
  };
};
