/**
 * The time the running invocation has left, for code far below the handler (the write path) that
 * must give up in time to answer: a Lambda stopped at its timeout answers the caller with a 500
 * and no reason, where a 409 BUSY a moment earlier tells the clerk to try again.
 *
 * Kept per invocation (AsyncLocalStorage), not in a module variable: the embedded host runs many
 * invocations of one function at once in one process. Outside an invocation (scripts, the
 * importer's CLI, tests) there is no limit.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface Invocation {
  remainingMs: () => number;
}

const current = new AsyncLocalStorage<Invocation>();

export const withInvocation = <R>(context: { getRemainingTimeInMillis: () => number }, fn: () => R): R =>
  current.run({ remainingMs: () => context.getRemainingTimeInMillis() }, fn);

/** Milliseconds before the running invocation is stopped; Infinity outside one. */
export const remainingMs = (): number => current.getStore()?.remainingMs() ?? Number.POSITIVE_INFINITY;
