/**
 * Replay after a restart or a redrive: each step is recognised by its key (the top-level visit,
 * the state, its effective input, and the occurrence within the visit), and what is already
 * recorded under that key decides whether the step runs, is replayed, or waits again.
 * Pure functions over the execution record.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../shared/domain/canonical-json.ts';
import type { ExecutionRecord } from './execution.ts';
import type { StepRecord } from './store.ts';

/** Steps are recognised by their effective input, in RFC 8785 form (locale-independent). */
export const inputHash = (v: unknown): string => createHash('sha256').update(canonicalJson(v)).digest('hex').slice(0, 16);

/** The next key for (state, input) in the execution's current visit; counts occurrences so loops get distinct keys. */
export const nextStepKey = (exec: ExecutionRecord, stateName: string, input: unknown): string => {
  const base = `${exec.visit}#${stateName}#${inputHash(input)}`;
  const n = exec.occurrences.get(base) ?? 0;
  exec.occurrences.set(base, n + 1);
  return `${base}#${n}`;
};

export const stateNameOfKey = (key: string): string => key.split('#')[1] ?? '';

/**
 * Enters a top-level state: a new visit, or (on the first entry after a restart or redrive) the
 * visit being resumed, so the steps recorded in it are found again. Returns whether the visit is new.
 */
export const enterTopLevel = (exec: ExecutionRecord, stateName: string, input: unknown): boolean => {
  const fresh = exec.resumeVisit === undefined;
  exec.visit = fresh ? exec.visit + 1 : exec.resumeVisit!;
  exec.resumeVisit = undefined;
  exec.occurrences.clear();
  exec.lastTopLevel = { name: stateName, input, visit: exec.visit };
  return fresh;
};

export type Replay =
  | { kind: 'run' }
  | { kind: 'succeeded'; result: unknown }
  | { kind: 'failed'; error: string; cause: string }
  /** The host died while the function ran: its result is lost, as with a lost Lambda invocation. */
  | { kind: 'lost' }
  /** Still open: wait again for the same token or deadline. */
  | { kind: 'wait' };

export const replayOf = (prior: StepRecord | undefined): Replay => {
  if (!prior || prior.status === 'discarded' || prior.status === 'aborted') return { kind: 'run' };
  if (prior.status === 'succeeded') return { kind: 'succeeded', result: prior.result };
  if (prior.status === 'failed') return { kind: 'failed', error: prior.error ?? 'States.TaskFailed', cause: prior.cause ?? '' };
  if (prior.status === 'started') return { kind: 'lost' };
  return { kind: 'wait' };
};

/** The record of an invocation lost with the host: failed as Lambda's service error, which Retry policies name. */
export const lostInvocation = (prior: StepRecord): StepRecord => ({
  ...prior,
  status: 'failed',
  error: 'Lambda.ServiceException',
  cause: 'The invocation was lost when the embedded host stopped',
});
