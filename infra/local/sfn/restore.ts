/**
 * After a restart of the embedded host: every execution comes back from the store; each running
 * one restarts at the top-level state it was in, from that state's recorded input, replaying the
 * steps already recorded. Tokens stay valid (a callback that arrives before the engine gets back
 * there is recorded and replayed). Deadlines that fell due while the host was down fire at once.
 */
import type { Clock } from '../../../shared/clock.ts';
import { logger } from '../../../shared/log.ts';
import { executionFromStore } from './execution.ts';
import type { Executions } from './executions.ts';
import type { Journal } from './journal.ts';
import type { Machines } from './machines.ts';
import type { Runner } from './runner.ts';
import type { SfnStore } from './store.ts';
import type { TokenIndex } from './tokens.ts';

export class Restorer {
  constructor(
    private readonly d: {
      clock: Clock;
      store?: SfnStore;
      machines: Machines;
      executions: Executions;
      journal: Journal;
      tokens: TokenIndex;
      runner: Runner;
      tick: () => Promise<void>;
    },
  ) {}

  /** Returns how many running executions carried on. */
  async restore(): Promise<number> {
    if (!this.d.store) return 0;
    let resumed = 0;
    const { executions, definitions } = await this.d.store.loadAll();
    for (const definition of definitions.values()) this.d.machines.adopt(definition);
    for (const stored of executions) {
      const exec = executionFromStore(stored);
      this.d.executions.add(exec);
      for (const [key, step] of exec.steps) {
        if (step.token) this.d.tokens.set(step.token, { executionArn: exec.executionArn, key });
      }
      if (exec.status !== 'RUNNING') continue;
      const m = this.d.machines.runnableFor(exec);
      if (!m) {
        await this.d.executions.finish(exec, exec.generation, 'FAILED', {
          error: 'States.Runtime',
          cause: 'Its state machine, or the definition it started with, is no longer defined',
        });
        continue;
      }
      // AWS has no history event for this: the host's log says it, and the execution's record keeps when.
      exec.resumedAfterRestart = [...(exec.resumedAfterRestart ?? []), this.d.clock.now().toISOString()];
      logger.info('execution resumed after a restart of the embedded host', { executionArn: exec.executionArn, state: exec.lastTopLevel?.name ?? null });
      await this.d.journal.saveMeta(exec);
      this.d.runner.resume(exec, m);
      resumed++;
    }
    await this.d.tick();
    return resumed;
  }
}
