/**
 * The embedded Step Functions service: the one object the HTTP endpoint (server.ts) and the host
 * (host.ts) use. It wires the parts and answers each API operation through the part that owns it:
 *
 *   server.ts         the Step Functions JSON protocol over HTTP, in front of this service
 *   machines.ts       state machines registered from ASL, and every definition by its hash
 *   definition.ts     an ASL definition prepared for the engine (time taken away from it)
 *   lifecycle.ts      StartExecution and StopExecution
 *   executions.ts     the executions the endpoint knows, and how one closes
 *   execution.ts      an execution's record, and its stored form
 *   runner.ts         one run of an execution on the engine
 *   tasks.ts          one Task state: a Lambda invocation, a callback, a Wait
 *   callbacks.ts      SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat
 *   tokens.ts         task tokens
 *   deadlines.ts      timeouts, heartbeats and Waits on the host's clock
 *   limits.ts         the 256 KiB payload limit
 *   redrive.ts        RedriveExecution and its rules
 *   restore.ts        carrying on after a restart of the host
 *   replay.ts         recognising steps already recorded
 *   pending.ts        steps the engine is waiting on in this process
 *   history.ts        history events with AWS's types and members
 *   engine-events.ts  the engine's own events, as history events
 *   journal.ts        history, records and steps, written durably in order (store.ts: the table)
 *   views.ts          DescribeExecution, ListExecutions, GetExecutionHistory
 *   errors.ts         the API's errors, and errors raised inside an execution
 */
import type { Clock } from '../../../shared/clock.ts';
import type { FunctionHost } from '../functions.ts';
import { Callbacks } from './callbacks.ts';
import { DeadlineEnforcer } from './deadlines.ts';
import type { ExecutionStatus } from './execution.ts';
import { Executions } from './executions.ts';
import { Journal } from './journal.ts';
import { Lifecycle } from './lifecycle.ts';
import { Machines } from './machines.ts';
import { PendingTasks } from './pending.ts';
import { Redriver, redriveRefusal } from './redrive.ts';
import { Restorer } from './restore.ts';
import { Runner } from './runner.ts';
import type { SfnStore } from './store.ts';
import { TaskRunner } from './tasks.ts';
import { TokenIndex } from './tokens.ts';
import { describeOf, historyPage, listPage } from './views.ts';

export type { ExecutionStatus } from './execution.ts';
export type { HistoryEvent } from './history.ts';

export class StepFunctionsService {
  private readonly machines: Machines;
  private readonly executions: Executions;
  private readonly lifecycle: Lifecycle;
  private readonly callbacks: Callbacks;
  private readonly deadlines: DeadlineEnforcer;
  private readonly redriver: Redriver;
  private readonly restorer: Restorer;
  /** Set while the host shuts down: the engine runs it aborts are not failures, and nothing more is written. */
  private stopping = false;

  constructor(private readonly opts: { clock: Clock; functions: FunctionHost; region: string; account: string; tickMs?: number; store?: SfnStore }) {
    const { clock, functions, region, account, store } = opts;
    const journal = new Journal(clock, store);
    const pending = new PendingTasks(journal);
    const tokens = new TokenIndex();
    this.machines = new Machines({ clock, functions, region, account });
    this.executions = new Executions({ clock, journal, pending });
    // The task runner ends an execution through the runner, which is made after it.
    let runner: Runner | undefined;
    const tasks = new TaskRunner({ clock, functions, journal, pending, tokens, region, terminate: (...a) => runner!.terminate(...a) });
    runner = new Runner({ executions: this.executions, journal, pending, tasks, roleArn: this.machines.roleArn, stopping: () => this.stopping });
    this.lifecycle = new Lifecycle({ clock, machines: this.machines, executions: this.executions, journal, runner, region, account });
    this.callbacks = new Callbacks({ clock, executions: this.executions, journal, pending, tokens, region });
    this.deadlines = new DeadlineEnforcer({ clock, pending, executions: this.executions, journal, region });
    this.redriver = new Redriver({ clock, machines: this.machines, executions: this.executions, journal, runner });
    this.restorer = new Restorer({ clock, store, machines: this.machines, executions: this.executions, journal, tokens, runner, tick: () => this.tick() });
  }

  start(): void {
    this.deadlines.start(this.opts.tickMs ?? 250);
  }

  stop(): void {
    this.stopping = true;
    this.deadlines.stop();
    for (const e of this.executions.all()) e.abort?.();
  }

  // ---------- state machines ----------

  arnOfMachine(name: string): string {
    return this.machines.arnOf(name);
  }

  /** Registers a state machine from its ASL text and `${Name}` → function id substitutions. */
  createStateMachine(name: string, aslText: string, functionSubstitutions: Record<string, string>): string {
    return this.machines.create(name, aslText, functionSubstitutions);
  }

  listStateMachines() {
    return this.machines.list();
  }

  describeStateMachine(arn: string) {
    return this.machines.describe(arn);
  }

  // ---------- executions ----------

  startExecution(req: { stateMachineArn: string; name?: string; input?: string }) {
    return this.lifecycle.start(req);
  }

  stopExecution(arn: string, error?: string, cause?: string) {
    return this.lifecycle.stop(arn, error, cause);
  }

  redriveExecution(arn: string) {
    return this.redriver.redrive(arn);
  }

  describeExecution(arn: string) {
    const e = this.executions.get(arn);
    return describeOf(e, redriveRefusal(e, this.opts.clock.now()));
  }

  listExecutions(req: { stateMachineArn: string; statusFilter?: ExecutionStatus; maxResults?: number; nextToken?: string }) {
    const m = this.machines.get(req.stateMachineArn);
    return listPage(this.executions.all(), { ...req, stateMachineArn: m.arn });
  }

  getExecutionHistory(req: { executionArn: string; reverseOrder?: boolean; maxResults?: number; nextToken?: string; includeExecutionData?: boolean }) {
    return historyPage(this.executions.get(req.executionArn), req);
  }

  // ---------- callbacks ----------

  sendTaskSuccess(token: string, output: string): Promise<void> {
    return this.callbacks.success(token, output);
  }

  sendTaskFailure(token: string, error?: string, cause?: string): Promise<void> {
    return this.callbacks.failure(token, error, cause);
  }

  sendTaskHeartbeat(token: string): Promise<void> {
    return this.callbacks.heartbeat(token);
  }

  // ---------- time and restarts ----------

  /** Enforces every stored deadline against the clock. Called by the ticker and on clock moves. */
  tick(): Promise<void> {
    return this.deadlines.tick();
  }

  /** After a restart: every execution comes back and each running one carries on. Returns how many. */
  restore(): Promise<number> {
    return this.restorer.restore();
  }
}
