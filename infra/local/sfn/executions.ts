/**
 * The executions the endpoint knows (every one, running or closed), found by ARN as the API
 * finds them, and the one way an execution closes: `finish` records its end, forgets the steps
 * it was waiting on, and saves it.
 */

import type { Clock } from '../../../shared/clock.ts';
import { sfnError } from './errors.ts';
import type { ExecutionRecord, ExecutionStatus } from './execution.ts';
import { executionEvents } from './history.ts';
import type { Journal } from './journal.ts';
import type { PendingTasks } from './pending.ts';

export interface Outcome {
  output?: string;
  error?: string;
  cause?: string;
}

export class Executions {
  private readonly byArn = new Map<string, ExecutionRecord>();

  constructor(private readonly d: { clock: Clock; journal: Journal; pending: PendingTasks }) {}

  add(exec: ExecutionRecord): void {
    this.byArn.set(exec.executionArn, exec);
  }

  find(arn: string): ExecutionRecord | undefined {
    return this.byArn.get(arn);
  }

  /** The execution an API call names, or the error AWS answers. */
  get(arn: unknown): ExecutionRecord {
    if (typeof arn !== 'string' || !arn.startsWith('arn:aws:states:')) throw sfnError.invalidArn(arn);
    const e = this.byArn.get(arn);
    if (!e) throw sfnError.noExecution(arn);
    return e;
  }

  all(): ExecutionRecord[] {
    return [...this.byArn.values()];
  }

  /**
   * Closes a running execution of the given run (a stale run's end is ignored). `abort` stops
   * the engine too, for an end it did not reach itself; it is closed first, so the engine's
   * aborted run finds it closed.
   */
  async finish(
    exec: ExecutionRecord,
    generation: number,
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    out: Outcome,
    opts: { abort?: boolean } = {},
  ): Promise<void> {
    if (exec.generation !== generation || exec.status !== 'RUNNING') return;
    const abort = opts.abort ? exec.abort : undefined;
    exec.status = status;
    exec.stopDate = this.d.clock.now();
    exec.output = out.output;
    exec.error = out.error;
    exec.cause = out.cause;
    exec.abort = undefined;
    for (const t of this.d.pending.ofExecution(exec)) this.d.pending.detach(t);
    this.d.journal.record(
      exec,
      status === 'SUCCEEDED'
        ? executionEvents.succeeded(out.output ?? 'null')
        : status === 'FAILED'
          ? executionEvents.failed(out.error, out.cause)
          : status === 'TIMED_OUT'
            ? executionEvents.timedOut('States.Timeout', out.cause)
            : executionEvents.aborted(out.error, out.cause),
    );
    abort?.();
    await this.d.journal.saveMeta(exec);
  }
}
