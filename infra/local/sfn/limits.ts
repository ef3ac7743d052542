/**
 * Step Functions' payload limit: 256 KiB of UTF-8 for an execution's input and output, a
 * state's input and output, and a task's result, refused where AWS refuses them and with AWS's
 * errors. Over the limit inside an execution is States.DataLimitExceeded, a terminal error no
 * catcher takes. Pure.
 */
import { sfnError } from './errors.ts';

export const PAYLOAD_LIMIT_BYTES = 256 * 1024;

export const overPayloadLimit = (json: string): boolean => Buffer.byteLength(json, 'utf8') > PAYLOAD_LIMIT_BYTES;

export const DATA_LIMIT_EXCEEDED = 'States.DataLimitExceeded';

/** The cause AWS gives, naming the state (or task) whose result was too large. */
export const dataLimitCause = (stateName: string): string =>
  `The state/task '${stateName}' returned a result with a size exceeding the maximum number of bytes service limit.`;

/** StartExecution: the input's length constraint is checked with the request, as every member's is. */
export const inputTooLarge = () =>
  sfnError.validation(
    `1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to ${PAYLOAD_LIMIT_BYTES}`,
  );

/** SendTaskSuccess answers an output it cannot take with InvalidOutput (its only error for the output). */
export const outputTooLarge = () => sfnError.invalidOutput(`Output exceeds the maximum size of ${PAYLOAD_LIMIT_BYTES} bytes`);
