import { fieldIssue, ValidationError } from '../errors.ts';

/** A DynamoDB LastEvaluatedKey handed to the caller as an opaque page token, and back. */
export const encodePageToken = (key?: Record<string, unknown>): string | undefined =>
  key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;

/** Undefined for no token; a 422 naming `path` for anything that is not a token of ours. */
export const decodePageToken = (token: string | undefined, path: string): Record<string, unknown> | undefined => {
  if (!token) return undefined;
  try {
    const key = JSON.parse(Buffer.from(token, 'base64url').toString()) as unknown;
    if (key && typeof key === 'object' && typeof (key as { pk?: unknown }).pk === 'string') return key as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new ValidationError([fieldIssue(path, 'invalid', 'not a page token from this list', '不是本列表返回的分页标记')]);
};
