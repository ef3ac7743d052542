/**
 * Task tokens: made for each callback step, handed to its target inside the task's parameters,
 * and looked up again when the callback comes, answering as AWS does when the token is
 * malformed (InvalidToken), unknown (TaskDoesNotExist) or of a task that is closed (TaskTimedOut).
 */
import { randomBytes } from 'node:crypto';
import { sfnError } from './errors.ts';
import type { ExecutionRecord } from './execution.ts';
import type { StepRecord } from './store.ts';

/** What the engine puts where `$$.Task.Token` is used; each callback step replaces it with its own token. */
export const TOKEN_PLACEHOLDER = '__bianzhi_task_token__';
const TOKEN_RE = /^bz1\.[A-Za-z0-9_-]{43}$/;

export const mintToken = (): string => `bz1.${randomBytes(32).toString('base64url')}`;

/** The task's parameters with the placeholder replaced by its token, wherever the definition put it. */
export const withToken = (v: unknown, token: string): unknown => {
  if (v === TOKEN_PLACEHOLDER) return token;
  if (Array.isArray(v)) return v.map((x) => withToken(x, token));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withToken(x, token)]));
  return v;
};

/** Where a token points: the step record is the truth. */
export interface TokenRef {
  executionArn: string;
  key: string;
}

/** The open step a token belongs to, as found. */
export interface TokenStep {
  ref: TokenRef;
  exec: ExecutionRecord;
  step: StepRecord;
}

export class TokenIndex {
  private readonly refs = new Map<string, TokenRef>();

  set(token: string, ref: TokenRef): void {
    this.refs.set(token, ref);
  }

  /** The open step a token belongs to, or the API error AWS answers for it. */
  lookup(token: unknown, executionOf: (arn: string) => ExecutionRecord | undefined): TokenStep {
    if (typeof token !== 'string' || !TOKEN_RE.test(token)) throw sfnError.invalidToken();
    const ref = this.refs.get(token);
    const exec = ref && executionOf(ref.executionArn);
    const step = ref && exec?.steps.get(ref.key);
    if (!ref || !exec || !step) throw sfnError.noTask();
    // Answered, timed out, abandoned with its branch, or of an execution that ended.
    if (step.status !== 'pending' || exec.status !== 'RUNNING') throw sfnError.taskTimedOut();
    return { ref, exec, step };
  }
}
