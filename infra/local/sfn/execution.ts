/**
 * An execution as the endpoint keeps it: status, input and output, its history, the steps
 * recorded for replay, and where it is (the top-level state it last entered). Pure conversions
 * to and from the form the store keeps; nothing here talks to the store or the engine.
 */
import type { HistoryEvent } from './history.ts';
import type { StepRecord, StoredExecution } from './store.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** A top-level state entered: where a resume or a redrive starts again, and with what input. */
export interface TopLevelEntry {
  name: string;
  input: unknown;
  visit: number;
}

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
  /**
   * The definition it started with (machines.ts keeps them by hash): a resume or a redrive runs
   * on it, as AWS runs a redriven execution on its original definition. Absent on older records.
   */
  definitionHash?: string;
  /** The execution's own TimeoutSeconds, as a deadline on the host's clock. */
  timeoutAt?: number;
  history: HistoryEvent[];
  redriveCount: number;
  redriveDate?: Date;
  lastTopLevel?: TopLevelEntry;
  /** Stops the engine's current run (in this process only). */
  abort?: () => void;
  /** Incremented per run so a stale run's late events are ignored after a redrive. */
  generation: number;
  /** Counts entries into top-level states; step records are keyed within a visit. */
  visit: number;
  /** Set when a run resumes a visit instead of starting a new one (restart, redrive). */
  resumeVisit?: number;
  steps: Map<string, StepRecord>;
  /** Occurrences of (state, input) within the current visit, so loops get distinct keys. */
  occurrences: Map<string, number>;
  /** When (host clock) it carried on after a restart of the embedded host: not an AWS event, so kept here and logged. */
  resumedAfterRestart?: string[];
}

export const newExecution = (f: {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  startDate: Date;
  definitionHash: string;
  timeoutAt?: number;
}): ExecutionRecord => ({
  ...f,
  status: 'RUNNING',
  history: [],
  redriveCount: 0,
  generation: 0,
  visit: 0,
  steps: new Map(),
  occurrences: new Map(),
});

/** The execution's own item in the store: everything but its history, steps and in-process handles. */
export const storedMeta = (exec: ExecutionRecord): Record<string, unknown> => {
  const { history: _h, steps: _s, occurrences: _o, abort: _a, ...meta } = exec;
  return {
    ...meta,
    startDate: exec.startDate.toISOString(),
    stopDate: exec.stopDate?.toISOString(),
    redriveDate: exec.redriveDate?.toISOString(),
  };
};

export const executionFromStore = (stored: StoredExecution): ExecutionRecord => {
  const meta = stored.meta;
  return {
    executionArn: meta.executionArn,
    stateMachineArn: meta.stateMachineArn,
    name: meta.name,
    status: meta.status,
    input: meta.input,
    output: meta.output,
    error: meta.error,
    cause: meta.cause,
    startDate: new Date(meta.startDate),
    stopDate: meta.stopDate ? new Date(meta.stopDate) : undefined,
    definitionHash: meta.definitionHash,
    timeoutAt: meta.timeoutAt,
    history: stored.events.map((ev) => ({ ...ev, timestamp: new Date(ev.timestamp) }) as HistoryEvent),
    redriveCount: meta.redriveCount ?? 0,
    redriveDate: meta.redriveDate ? new Date(meta.redriveDate) : undefined,
    lastTopLevel: meta.lastTopLevel,
    resumedAfterRestart: meta.resumedAfterRestart,
    generation: meta.generation ?? 0,
    visit: meta.visit ?? 0,
    steps: stored.steps,
    occurrences: new Map(),
  };
};
