/**
 * SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat: a token's step is settled through the
 * task the engine is waiting on or, just after a restart before the engine got back there, in
 * the step's record, which the engine then replays.
 */
import type { Clock } from '../../../shared/clock.ts';
import { sfnError } from './errors.ts';
import type { Executions } from './executions.ts';
import { taskEvents } from './history.ts';
import type { Journal } from './journal.ts';
import { outputTooLarge, overPayloadLimit } from './limits.ts';
import type { PendingTasks } from './pending.ts';
import type { StepRecord } from './store.ts';
import { resourceOfStep } from './tasks.ts';
import type { TokenIndex, TokenStep } from './tokens.ts';

export class Callbacks {
  constructor(private readonly d: { clock: Clock; executions: Executions; journal: Journal; pending: PendingTasks; tokens: TokenIndex; region: string }) {}

  private lookup(token: unknown) {
    return this.d.tokens.lookup(token, (arn) => this.d.executions.find(arn));
  }

  private async settle({ ref, exec, step }: TokenStep, outcome: StepRecord): Promise<void> {
    const task = this.d.pending.find(exec, ref.key);
    if (task && !task.done) return this.d.pending.settle(task, outcome);
    await this.d.journal.saveStep(exec, ref.key, { ...step, ...outcome });
  }

  private events(step: StepRecord) {
    return taskEvents(resourceOfStep(step), this.d.region);
  }

  async success(token: string, output: string): Promise<void> {
    const open = this.lookup(token);
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw sfnError.invalidOutput('Invalid output: not JSON');
    }
    if (overPayloadLimit(output)) throw outputTooLarge();
    this.d.journal.record(open.exec, this.events(open.step).succeeded(output));
    await this.settle(open, { kind: 'callback', status: 'succeeded', result: parsed });
  }

  async failure(token: string, error?: string, cause?: string): Promise<void> {
    const open = this.lookup(token);
    const failure = { error: error || 'States.TaskFailed', cause: cause ?? '' };
    this.d.journal.record(open.exec, this.events(open.step).failed(failure.error, failure.cause));
    await this.settle(open, { kind: 'callback', status: 'failed', ...failure });
  }

  async heartbeat(token: string): Promise<void> {
    const { ref, exec, step } = this.lookup(token);
    if (step.heartbeatMs !== undefined) await this.d.journal.saveStep(exec, ref.key, { ...step, heartbeatAt: this.d.clock.now().getTime() + step.heartbeatMs });
  }
}
