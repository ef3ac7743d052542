/**
 * RedriveExecution: a closed execution that did not succeed restarts at the top-level state
 * where it stopped. Steps that succeeded in that state are replayed; the rest run again, as AWS
 * redrives only the unsuccessful branches and iterations. `redriveRefusal` holds the rules (pure).
 */
import type { Clock } from '../../../shared/clock.ts';
import { sfnError } from './errors.ts';
import type { ExecutionRecord } from './execution.ts';
import { executionEvents } from './history.ts';
import type { Executions } from './executions.ts';
import type { Journal } from './journal.ts';
import type { Machines } from './machines.ts';
import type { Runner } from './runner.ts';

/** Why the execution cannot be redriven, or undefined when it can. */
export const redriveRefusal = (exec: ExecutionRecord): string | undefined => {
  if (exec.status === 'RUNNING' || exec.status === 'SUCCEEDED') return `Execution is ${exec.status}`;
  if (!exec.lastTopLevel) return 'Execution never entered a state';
  return undefined;
};

/** The steps of the state being redriven that will run again: every one that did not succeed. */
export const stepsToRunAgain = (exec: ExecutionRecord): string[] =>
  exec.lastTopLevel ? [...exec.steps].filter(([key, step]) => key.startsWith(`${exec.lastTopLevel!.visit}#`) && step.status !== 'succeeded').map(([key]) => key) : [];

export class Redriver {
  constructor(private readonly d: { clock: Clock; machines: Machines; executions: Executions; journal: Journal; runner: Runner }) {}

  async redrive(arn: string) {
    const e = this.d.executions.get(arn);
    const refusal = redriveRefusal(e);
    if (refusal) throw sfnError.notRedrivable(refusal);
    const m = this.d.machines.get(e.stateMachineArn);
    const resumeAt = e.lastTopLevel!;
    for (const key of stepsToRunAgain(e)) await this.d.journal.saveStep(e, key, { ...e.steps.get(key)!, status: 'discarded' });
    e.status = 'RUNNING';
    e.stopDate = undefined;
    e.error = undefined;
    e.cause = undefined;
    e.output = undefined;
    e.redriveCount++;
    e.redriveDate = this.d.clock.now();
    e.resumeVisit = resumeAt.visit;
    this.d.journal.record(e, executionEvents.redriven(e.redriveCount));
    await this.d.journal.saveMeta(e);
    this.d.runner.start(e, m, resumeAt.input, resumeAt.name);
    return { redriveDate: e.redriveDate };
  }
}
