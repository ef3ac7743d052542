/** The Idempotency-Key of a submission (a plan, a matter): required, and of a shape a retrying client can keep. */
import { fieldIssue, MalformedRequestError, ValidationError } from '../errors.ts';

export const idempotencyKeyOf = (headers: Record<string, string | undefined>): string => {
  const key = headers['idempotency-key'];
  if (!key || !/^[A-Za-z0-9._:-]{8,128}$/.test(key)) {
    throw new MalformedRequestError(
      'An Idempotency-Key header (8–128 letters, digits, . _ : -) is required',
      '需要 Idempotency-Key 请求头（8–128 位字母、数字或 . _ : -）',
    );
  }
  return key;
};

/** A key sent again with another request is a client's mistake, not a replay. */
export const keyReused = () =>
  new ValidationError([fieldIssue('headers.idempotency-key', 'reused', 'was used before with a different request', '已用于另一份不同的申请')]);
