/**
 * Time, owned by the endpoint: every Wait, task TimeoutSeconds, HeartbeatSeconds and execution
 * TimeoutSeconds is a deadline stored on its step or execution, compared with the host's clock
 * by a ticker and whenever the clock moves. `dueAt` decides what is due (pure); the enforcer
 * carries it out.
 */
import type { Clock } from '../../../shared/clock.ts';
import type { ExecutionRecord } from './execution.ts';
import type { Executions } from './executions.ts';
import { taskEvents } from './history.ts';
import type { Journal } from './journal.ts';
import type { PendingTask, PendingTasks } from './pending.ts';
import { resourceOfStep } from './tasks.ts';

export type Due =
  /** A Wait whose time has come. */
  | { kind: 'waited'; task: PendingTask }
  /** A task that missed its heartbeat. */
  | { kind: 'heartbeat'; task: PendingTask }
  /** A task past its TimeoutSeconds. */
  | { kind: 'timeout'; task: PendingTask }
  /** An execution past its own TimeoutSeconds. */
  | { kind: 'execution'; exec: ExecutionRecord };

/**
 * `now` is the host's clock; `wallNow` the machine's. A function invocation runs in wall time, so
 * its TimeoutSeconds is counted on the wall clock (its deadline was set so): moving the host's
 * clock on by days to bring a due date near must not time out a function that is running, as no
 * amount of waiting for a deadline in AWS would.
 */
export const dueAt = (now: number, tasks: Iterable<PendingTask>, executions: Iterable<ExecutionRecord>, wallNow = now): Due[] => {
  const due: Due[] = [];
  for (const task of tasks) {
    const step = task.exec.steps.get(task.key);
    if (!step || task.done) continue;
    if (step.kind === 'lambda') {
      if (step.deadlineAt !== undefined && wallNow >= step.deadlineAt) due.push({ kind: 'timeout', task });
    } else if (step.kind === 'wait') {
      if (step.deadlineAt !== undefined && now >= step.deadlineAt) due.push({ kind: 'waited', task });
    } else if (step.heartbeatAt !== undefined && now >= step.heartbeatAt) {
      due.push({ kind: 'heartbeat', task });
    } else if (step.deadlineAt !== undefined && now >= step.deadlineAt) {
      due.push({ kind: 'timeout', task });
    }
  }
  for (const exec of executions) {
    if (exec.status === 'RUNNING' && exec.timeoutAt !== undefined && now >= exec.timeoutAt) due.push({ kind: 'execution', exec });
  }
  return due;
};

export class DeadlineEnforcer {
  private ticker?: NodeJS.Timeout;

  constructor(private readonly d: { clock: Clock; pending: PendingTasks; executions: Executions; journal: Journal; region: string }) {}

  start(tickMs: number): void {
    this.ticker = setInterval(() => void this.tick(), tickMs);
    this.ticker.unref();
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
  }

  /** Enforces every deadline that is due now. */
  async tick(): Promise<void> {
    const { pending, executions } = this.d;
    const work = dueAt(this.d.clock.now().getTime(), pending.all(), executions.all(), Date.now()).map((due) => {
      switch (due.kind) {
        case 'waited':
          return pending.settle(due.task, { kind: 'wait', status: 'succeeded', result: {} });
        case 'heartbeat':
          return this.timeOut(due.task, 'States.HeartbeatTimeout', `${due.task.stateName}: no heartbeat within HeartbeatSeconds`);
        case 'timeout':
          return this.timeOut(due.task, 'States.Timeout', `${due.task.stateName}: timed out`);
        case 'execution':
          return executions.finish(due.exec, due.exec.generation, 'TIMED_OUT', { cause: 'Execution timed out (TimeoutSeconds)' }, { abort: true });
        default:
          throw new Error(`Unknown deadline ${JSON.stringify(due satisfies never)}`);
      }
    });
    await Promise.all(work);
  }

  private timeOut(task: PendingTask, error: string, cause: string): Promise<void> {
    const step = task.exec.steps.get(task.key)!;
    this.d.journal.record(task.exec, taskEvents(resourceOfStep(step), this.d.region).timedOut(error, cause));
    return this.d.pending.settle(task, { kind: step.kind, status: 'failed', error, cause });
  }
}
