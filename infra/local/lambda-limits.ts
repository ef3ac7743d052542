/**
 * What Lambda enforces on every synchronous invocation, with the errors it reports, so the
 * embedded host fails where AWS would: the function's own timeout (`Sandbox.Timedout`) and the
 * 6 MB response limit (`Function.ResponseSizeTooLarge`). Callers (the gateway, the Step Functions
 * endpoint, the scheduler) see these as function errors, as they would see them from Lambda.
 */

/** The limit Lambda's own error message names (6 MiB and 100 bytes). */
export const SYNC_RESPONSE_LIMIT_BYTES = 6_291_556;

/** An error as Lambda reports it for a function: `name` is its errorType. */
export const functionError = (errorType: string, errorMessage: string): Error => {
  const e = new Error(errorMessage);
  e.name = errorType;
  return e;
};

export const timedOut = (requestId: string, timeoutSeconds: number): Error =>
  functionError('Sandbox.Timedout', `RequestId: ${requestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`);

export const responseTooLarge = (): Error =>
  functionError('Function.ResponseSizeTooLarge', `Response payload size exceeded maximum allowed payload size (${SYNC_RESPONSE_LIMIT_BYTES} bytes).`);

/** Lambda serializes the handler's result as JSON; `undefined` travels as `null`. */
export const responseBytes = (result: unknown): number => Buffer.byteLength(JSON.stringify(result ?? null) ?? 'null', 'utf8');
