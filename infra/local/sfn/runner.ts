/**
 * One run of an execution on the engine (aws-local-stepfunctions): from its start, or resumed at
 * a top-level state (after a restart or a redrive). It gives the engine a handler for every Task
 * (tasks.ts) and for the hidden marker before each top-level state, records the engine's events
 * as history, and closes the execution with the engine's result.
 */
import { StateMachine } from 'aws-local-stepfunctions';
import { ENTER_PREFIX, enterMarker, type PreparedDefinition } from './definition.ts';
import { type EngineEvent, EngineEventMapper } from './engine-events.ts';
import type { ExecutionRecord } from './execution.ts';
import type { Executions } from './executions.ts';
import type { Journal } from './journal.ts';
import { DATA_LIMIT_EXCEEDED, dataLimitCause, overPayloadLimit } from './limits.ts';
import type { PendingTasks } from './pending.ts';
import { enterTopLevel } from './replay.ts';
import { never, type TaskRunner } from './tasks.ts';
import { TOKEN_PLACEHOLDER } from './tokens.ts';

/** What a run needs of its state machine. */
export interface RunnableMachine {
  arn: string;
  name: string;
  prepared: PreparedDefinition;
}

export class Runner {
  constructor(
    private readonly d: {
      executions: Executions;
      journal: Journal;
      pending: PendingTasks;
      tasks: TaskRunner;
      roleArn: string;
      /** True while the host shuts down: the runs it aborts are not failures, they carry on at the next start. */
      stopping: () => boolean;
    },
  ) {}

  /** Runs the execution from `resumeAt` (a top-level state) with `input`, or from its start. */
  start(exec: ExecutionRecord, machine: RunnableMachine, input: unknown, resumeAt?: string): void {
    const generation = ++exec.generation;
    const definition = resumeAt ? { ...machine.prepared.definition, StartAt: enterMarker(resumeAt) } : machine.prepared.definition;
    const sm = new StateMachine(definition as never, { validationOptions: { noValidate: true } });
    const overrides: Record<string, (input: any) => Promise<any>> = {};
    for (const [stateName, meta] of machine.prepared.tasks) {
      overrides[stateName] =
        meta.kind === 'enter'
          ? (stateInput) => (exec.generation === generation ? this.enter(exec, generation, stateName.slice(ENTER_PREFIX.length), stateInput) : never())
          : (stateInput) => this.d.tasks.run(exec, generation, stateName, meta, stateInput);
    }
    const handle = sm.run(input as never, {
      overrides: { taskResourceLocalHandlers: overrides },
      context: {
        Execution: { Id: exec.executionArn, Name: exec.name, RoleArn: this.d.roleArn, StartTime: exec.startDate.toISOString() },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: { Token: TOKEN_PLACEHOLDER },
      },
    });
    exec.abort = handle.abort;
    const events = new EngineEventMapper((name) => machine.prepared.tasks.get(name)?.kind === 'wait');
    const logsDone = (async () => {
      for await (const ev of handle.eventLogs) {
        if (exec.generation !== generation) return;
        // Nothing follows the execution's end in its history (a terminal error stops the engine mid-stream).
        if (exec.status !== 'RUNNING') continue;
        for (const body of events.map(ev as EngineEvent)) this.d.journal.record(exec, body);
      }
    })();
    // The engine's event stream lags its result: drain it first so the history stays in order.
    const drained = () => Promise.race([logsDone, new Promise((r) => setTimeout(r, 1000))]);
    handle.result.then(
      async (result) => {
        await drained();
        const output = JSON.stringify(result ?? null);
        if (overPayloadLimit(output)) return this.terminate(exec, generation, DATA_LIMIT_EXCEEDED, dataLimitCause(exec.lastTopLevel?.name ?? exec.name));
        await this.d.executions.finish(exec, generation, 'SUCCEEDED', { output });
      },
      async (err: Error & { cause?: any }) => {
        if (this.d.stopping() || exec.generation !== generation || exec.status !== 'RUNNING') return;
        await drained();
        const inner = err.cause ?? err;
        const cause = typeof inner.cause === 'string' ? inner.cause : inner.message;
        await this.d.executions.finish(exec, generation, 'FAILED', { error: inner.name, cause });
      },
    );
  }

  /**
   * Runs the execution again at the top-level state it was last in, from that state's recorded
   * input, so the steps recorded in that visit replay; one that entered none starts over.
   */
  resume(exec: ExecutionRecord, machine: RunnableMachine): void {
    const last = exec.lastTopLevel;
    exec.resumeVisit = last?.visit;
    if (last) this.start(exec, machine, last.input, last.name);
    else this.start(exec, machine, JSON.parse(exec.input));
  }

  /**
   * Ends the execution with a terminal error (States.DataLimitExceeded), which no Catch takes:
   * the engine, which would let a States.ALL catcher have it, is stopped instead.
   */
  terminate(exec: ExecutionRecord, generation: number, error: string, cause: string): void {
    void this.d.executions.finish(exec, generation, 'FAILED', { error, cause }, { abort: true });
  }

  /**
   * The marker before a top-level state: records the entry durably, then passes the input on.
   * Its input is the output of the top-level state before it, held here to the payload limit.
   */
  private async enter(exec: ExecutionRecord, generation: number, stateName: string, input: unknown): Promise<unknown> {
    if (exec.lastTopLevel && exec.resumeVisit === undefined && overPayloadLimit(JSON.stringify(input ?? null))) {
      this.terminate(exec, generation, DATA_LIMIT_EXCEEDED, dataLimitCause(exec.lastTopLevel.name));
      return never();
    }
    if (enterTopLevel(exec, stateName, input)) await this.abortLeftBehind(exec);
    await this.d.journal.saveMeta(exec);
    return input;
  }

  /**
   * Moving on to the next top-level state, every step still pending belongs to a Parallel
   * branch or Map iteration the engine abandoned when a sibling failed: as in AWS, its token
   * is dead from now on (TaskTimedOut) and its deadline no longer runs.
   */
  private async abortLeftBehind(exec: ExecutionRecord): Promise<void> {
    for (const [key, step] of exec.steps) {
      if (step.status !== 'pending') continue;
      const task = this.d.pending.find(exec, key);
      if (task) this.d.pending.detach(task);
      await this.d.journal.saveStep(exec, key, { ...step, status: 'aborted' });
    }
  }
}
