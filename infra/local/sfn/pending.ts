/**
 * Steps the engine is waiting on in this process: a callback, a Lambda invocation or a Wait.
 * Each is a promise the engine awaits; settling one records its outcome durably first, then
 * lets the engine see it. The durable side of a step is its record in `exec.steps`.
 */

import { statesError } from './errors.ts';
import type { ExecutionRecord } from './execution.ts';
import type { Journal } from './journal.ts';
import type { StepRecord } from './store.ts';

export interface PendingTask {
  exec: ExecutionRecord;
  key: string;
  stateName: string;
  /** What the engine awaits. */
  promise: Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  done: boolean;
}

export class PendingTasks {
  private readonly tasks = new Set<PendingTask>();

  constructor(private readonly journal: Journal) {}

  attach(exec: ExecutionRecord, key: string, stateName: string): PendingTask {
    let resolve!: (v: unknown) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const task = { exec, key, stateName, promise, resolve, reject, done: false };
    this.tasks.add(task);
    return task;
  }

  /** Forgets a task without settling it: the engine run it belonged to is over. */
  detach(task: PendingTask): void {
    task.done = true;
    this.tasks.delete(task);
  }

  find(exec: ExecutionRecord, key: string): PendingTask | undefined {
    for (const t of this.tasks) if (t.exec === exec && t.key === key) return t;
    return undefined;
  }

  ofExecution(exec: ExecutionRecord): PendingTask[] {
    return [...this.tasks].filter((t) => t.exec === exec);
  }

  all(): PendingTask[] {
    return [...this.tasks];
  }

  /** Records a step's outcome durably, then lets the engine see it. */
  async settle(task: PendingTask, step: StepRecord): Promise<void> {
    if (task.done) return;
    this.detach(task);
    const prior = task.exec.steps.get(task.key);
    await this.journal.saveStep(task.exec, task.key, { ...prior, ...step, kind: prior?.kind ?? step.kind });
    if (step.status === 'succeeded') task.resolve(step.result ?? {});
    else task.reject(statesError(step.error ?? 'States.TaskFailed', step.cause ?? ''));
  }
}
