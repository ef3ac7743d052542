/**
 * The one error hierarchy. Every error a user can see has a stable `code`, an HTTP `statusCode`
 * and a message in English and Chinese; the HTTP layer maps them once (shared/http/errors.ts).
 * Anything that is not an AppError is a bug and becomes a 500 without detail.
 */
export interface FieldIssue {
  /** Path of the offending field, e.g. `body.people[3].nationalId`. */
  path: string;
  /** Stable rule id, e.g. `required`, `checksum`, `too_big`. */
  rule: string;
  message: string;
  messageZh: string;
}

export abstract class AppError extends Error {
  abstract readonly code: string;
  abstract readonly statusCode: number;
  readonly messageZh: string;
  constructor(message: string, messageZh: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.messageZh = messageZh;
  }
  toBody(): Record<string, unknown> {
    return { error: { code: this.code, message: this.message, messageZh: this.messageZh } };
  }
}

export class ValidationError extends AppError {
  readonly code = 'VALIDATION_FAILED';
  readonly statusCode: number;
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[], statusCode: 400 | 422 = 422) {
    const first = issues[0];
    super(first ? `${first.path}: ${first.message}` : 'Invalid request', first ? `${first.path}：${first.messageZh}` : '请求无效');
    this.issues = issues;
    this.statusCode = statusCode;
  }
  override toBody(): Record<string, unknown> {
    return { error: { code: this.code, message: this.message, messageZh: this.messageZh, issues: this.issues } };
  }
}

export class MalformedRequestError extends AppError {
  readonly code = 'MALFORMED_REQUEST';
  readonly statusCode = 400;
}

/** A body sent as something other than JSON (curl's -d alone says form data; fetch's string body says text/plain). */
export class UnsupportedMediaTypeError extends AppError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
  readonly statusCode = 415;
}

export class UnauthorizedError extends AppError {
  readonly code = 'UNAUTHORIZED';
  readonly statusCode = 401;
  constructor(message = 'A valid bearer token is required', messageZh = '需要有效的访问令牌') {
    super(message, messageZh);
  }
}

export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
  readonly statusCode = 403;
  constructor(message = 'Your role may not do this', messageZh = '您的角色无权执行此操作') {
    super(message, messageZh);
  }
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  readonly statusCode = 404;
}

export class ConflictError extends AppError {
  readonly code: string;
  readonly statusCode = 409;
  constructor(message: string, messageZh: string, code = 'CONFLICT') {
    super(message, messageZh);
    this.code = code;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export const fieldIssue = (path: string, rule: string, message: string, messageZh: string): FieldIssue => ({
  path,
  rule,
  message,
  messageZh,
});
