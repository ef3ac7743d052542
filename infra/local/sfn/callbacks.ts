/**
 * SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat: a token's step is settled through the
 * task the engine is waiting on or, just after a restart before the engine got back there, in
 * the step's record, which the engine then replays.
 */
import type { Clock } from '../../../shared/clock.ts';
import { sfnError } from './errors.ts';
import type { Executions } from './executions.ts';
import type { Journal } from './journal.ts';
import type { PendingTasks } from './pending.ts';
import type { StepRecord } from './store.ts';
import type { TokenIndex } from './tokens.ts';

export class Callbacks {
  constructor(private readonly d: { clock: Clock; executions: Executions; journal: Journal; pending: PendingTasks; tokens: TokenIndex }) {}

  private lookup(token: unknown) {
    return this.d.tokens.lookup(token, (arn) => this.d.executions.find(arn));
  }

  private async settle(token: string, outcome: StepRecord): Promise<void> {
    const { ref, exec, step } = this.lookup(token);
    const task = this.d.pending.find(exec, ref.key);
    if (task && !task.done) return this.d.pending.settle(task, outcome);
    await this.d.journal.saveStep(exec, ref.key, { ...step, ...outcome });
  }

  async success(token: string, output: string): Promise<void> {
    const { ref, exec } = this.lookup(token);
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw sfnError.invalidInput('Invalid output: not JSON');
    }
    this.d.journal.record(exec, 'TaskSucceeded', { taskSucceededEventDetails: { stateName: ref.stateName, output } });
    await this.settle(token, { kind: 'callback', status: 'succeeded', result: parsed });
  }

  async failure(token: string, error?: string, cause?: string): Promise<void> {
    const { ref, exec } = this.lookup(token);
    this.d.journal.record(exec, 'TaskFailed', { taskFailedEventDetails: { stateName: ref.stateName, error, cause } });
    await this.settle(token, { kind: 'callback', status: 'failed', error: error || 'States.TaskFailed', cause: cause ?? '' });
  }

  async heartbeat(token: string): Promise<void> {
    const { ref, exec, step } = this.lookup(token);
    if (step.heartbeatMs !== undefined) await this.d.journal.saveStep(exec, ref.key, { ...step, heartbeatAt: this.d.clock.now().getTime() + step.heartbeatMs });
  }
}
