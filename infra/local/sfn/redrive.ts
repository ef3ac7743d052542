/**
 * RedriveExecution: a closed execution that did not succeed restarts at the top-level state
 * where it stopped, on the definition it started with. Steps that succeeded in that state are
 * replayed; the rest run again, as AWS redrives only the unsuccessful branches and iterations.
 * `redriveRefusal` holds AWS's rules and reasons (pure); DescribeExecution shows the same.
 */
import type { Clock } from '../../../shared/clock.ts';
import { sfnError } from './errors.ts';
import type { ExecutionRecord } from './execution.ts';
import type { Executions } from './executions.ts';
import { executionEvents } from './history.ts';
import type { Journal } from './journal.ts';
import type { Machines } from './machines.ts';
import type { Runner } from './runner.ts';

const DAY_MS = 86_400_000;
/** Counted from the execution's close, on the host's clock. */
export const REDRIVABLE_PERIOD_MS = 14 * DAY_MS;
/** A Standard execution may be open for one year, redrives included. */
export const MAX_EXECUTION_TIME_MS = 365 * DAY_MS;
/** The history limit is 25,000 events; a redrive needs room for ExecutionRedriven and one event more. */
export const REDRIVE_HISTORY_LIMIT = 24_999;

/** Why the execution cannot be redriven (AWS's redriveStatusReason), or undefined when it can. */
export const redriveRefusal = (exec: ExecutionRecord, now: Date): string | undefined => {
  if (exec.status === 'RUNNING' || exec.status === 'SUCCEEDED') return `Execution is ${exec.status} and cannot be redriven.`;
  if (exec.history.length >= REDRIVE_HISTORY_LIMIT) return 'Execution history event limit exceeded.';
  if (now.getTime() - exec.startDate.getTime() >= MAX_EXECUTION_TIME_MS) return 'Execution has exceeded the max execution time.';
  if (exec.stopDate && now.getTime() - exec.stopDate.getTime() > REDRIVABLE_PERIOD_MS) return 'Execution redrivable period exceeded.';
  return undefined;
};

/** The steps of the state being redriven that will run again: every one that did not succeed. */
export const stepsToRunAgain = (exec: ExecutionRecord): string[] =>
  exec.lastTopLevel
    ? [...exec.steps].filter(([key, step]) => key.startsWith(`${exec.lastTopLevel!.visit}#`) && step.status !== 'succeeded').map(([key]) => key)
    : [];

export class Redriver {
  constructor(private readonly d: { clock: Clock; machines: Machines; executions: Executions; journal: Journal; runner: Runner }) {}

  async redrive(arn: string) {
    const e = this.d.executions.get(arn);
    const now = this.d.clock.now();
    const refusal = redriveRefusal(e, now);
    if (refusal) throw sfnError.notRedrivable(refusal);
    this.d.machines.get(e.stateMachineArn);
    const machine = this.d.machines.runnableFor(e);
    if (!machine) throw sfnError.notRedrivable('The definition this execution started with is no longer known.');
    for (const key of stepsToRunAgain(e)) await this.d.journal.saveStep(e, key, { ...e.steps.get(key)!, status: 'discarded' });
    e.status = 'RUNNING';
    e.stopDate = undefined;
    e.error = undefined;
    e.cause = undefined;
    e.output = undefined;
    e.redriveCount++;
    e.redriveDate = now;
    this.d.journal.record(e, executionEvents.redriven(e.redriveCount));
    await this.d.journal.saveMeta(e);
    this.d.runner.resume(e, machine);
    return { redriveDate: e.redriveDate };
  }
}
