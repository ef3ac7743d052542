/**
 * The embedded Step Functions service: runs ASL on aws-local-stepfunctions, keeps executions,
 * their history and task tokens, and enforces every timeout, heartbeat and Wait from stored
 * deadlines against one clock. The HTTP endpoint (server.ts) exposes it over the real Step
 * Functions JSON protocol.
 */
import { randomBytes } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import type { Clock } from '../../../shared/clock.ts';
import type { FunctionHost } from '../functions.ts';
import { LOCAL_WAIT_RESOURCE, prepareDefinition, substitute, type PreparedDefinition } from './definition.ts';
import { sfnError, statesError } from './errors.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface HistoryEvent {
  id: number;
  previousEventId: number;
  timestamp: Date;
  type: string;
  [details: string]: unknown;
}

interface StateMachineRecord {
  arn: string;
  name: string;
  definition: string;
  prepared: PreparedDefinition;
  creationDate: Date;
}

interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
  timeoutAt?: number;
  history: HistoryEvent[];
  redriveCount: number;
  redriveDate?: Date;
  /** The top-level state last entered, and its input: where a redrive restarts. */
  lastTopLevel?: { name: string; input: unknown };
  abort?: () => void;
  /** Incremented per run so a stale run's late events are ignored after a redrive. */
  generation: number;
}

type TaskStatus = 'pending' | 'succeeded' | 'failed' | 'timedOut' | 'aborted';

interface PendingTask {
  token?: string;
  executionArn: string;
  stateName: string;
  kind: 'callback' | 'lambda' | 'wait';
  deadlineAt?: number;
  heartbeatMs?: number;
  heartbeatAt?: number;
  status: TaskStatus;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

const TOKEN_PLACEHOLDER = '__bianzhi_task_token__';
const TOKEN_RE = /^bz1\.[A-Za-z0-9_-]{43}$/;
const NAME_RE = /^[A-Za-z0-9_-]{1,80}$/;

/** One page of a list, with AWS's opaque nextToken (here: the offset). */
const paginate = <T>(items: T[], nextToken: string | undefined, maxResults: number | undefined, defaultSize: number) => {
  const start = nextToken ? Number(Buffer.from(nextToken, 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0) throw sfnError.invalidToken();
  const size = maxResults || defaultSize;
  return {
    page: items.slice(start, start + size),
    nextToken: start + size < items.length ? Buffer.from(String(start + size)).toString('base64url') : undefined,
  };
};

const replaceDeep = (v: unknown, from: string, to: string): unknown => {
  if (v === from) return to;
  if (Array.isArray(v)) return v.map((x) => replaceDeep(x, from, to));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaceDeep(x, from, to)]));
  return v;
};

export class StepFunctionsService {
  private readonly machines = new Map<string, StateMachineRecord>();
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly tasks = new Set<PendingTask>();
  private readonly tokens = new Map<string, PendingTask>();
  private ticker?: NodeJS.Timeout;
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly opts: { clock: Clock; functions: FunctionHost; region: string; account: string; tickMs?: number },
  ) {}

  start(): void {
    this.ticker = setInterval(() => this.tick(), this.opts.tickMs ?? 250);
    this.ticker.unref();
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    for (const e of this.executions.values()) e.abort?.();
  }

  // ---------- state machines ----------

  arnOfMachine(name: string): string {
    return `arn:aws:states:${this.opts.region}:${this.opts.account}:stateMachine:${name}`;
  }

  /** Registers a state machine from its ASL text and `${Name}` → function id substitutions. */
  createStateMachine(name: string, aslText: string, functionSubstitutions: Record<string, string>): string {
    const values = Object.fromEntries(Object.entries(functionSubstitutions).map(([k, fnId]) => [k, this.opts.functions.arnOf(fnId)]));
    const definition = substitute(aslText, values);
    const prepared = prepareDefinition(JSON.parse(definition));
    // Validate once now, so a broken file fails at start-up rather than at the first execution.
    new StateMachine(prepared.definition as never, { validationOptions: { checkArn: false } });
    const arn = this.arnOfMachine(name);
    this.machines.set(arn, { arn, name, definition, prepared, creationDate: this.opts.clock.now() });
    return arn;
  }

  listStateMachines() {
    return [...this.machines.values()].map((m) => ({ stateMachineArn: m.arn, name: m.name, type: 'STANDARD', creationDate: m.creationDate }));
  }

  describeStateMachine(arn: string) {
    const m = this.machine(arn);
    return { stateMachineArn: m.arn, name: m.name, status: 'ACTIVE', definition: m.definition, roleArn: `arn:aws:iam::${this.opts.account}:role/local`, type: 'STANDARD', creationDate: m.creationDate };
  }

  private machine(arn: string): StateMachineRecord {
    if (typeof arn !== 'string' || !arn.startsWith('arn:aws:states:')) throw sfnError.invalidArn(arn);
    const m = this.machines.get(arn);
    if (!m) throw sfnError.noStateMachine(arn);
    return m;
  }

  // ---------- executions ----------

  startExecution(req: { stateMachineArn: string; name?: string; input?: string }) {
    const m = this.machine(req.stateMachineArn);
    const name = req.name ?? crypto.randomUUID();
    if (!NAME_RE.test(name)) throw sfnError.invalidName(name);
    const input = req.input ?? '{}';
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch {
      throw sfnError.invalidInput('Invalid execution input: not JSON');
    }
    const executionArn = `arn:aws:states:${this.opts.region}:${this.opts.account}:execution:${m.name}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      // As in AWS Standard workflows: the same name and input while running is the same start.
      if (existing.status === 'RUNNING' && existing.input === input) return { executionArn, startDate: existing.startDate };
      throw sfnError.alreadyExists(executionArn);
    }
    const now = this.opts.clock.now();
    const exec: ExecutionRecord = {
      executionArn,
      stateMachineArn: m.arn,
      name,
      status: 'RUNNING',
      input,
      startDate: now,
      history: [],
      redriveCount: 0,
      generation: 0,
      timeoutAt: m.prepared.executionTimeoutSeconds ? now.getTime() + m.prepared.executionTimeoutSeconds * 1000 : undefined,
    };
    this.executions.set(executionArn, exec);
    this.record(exec, 'ExecutionStarted', { executionStartedEventDetails: { input, roleArn: `arn:aws:iam::${this.opts.account}:role/local` } });
    this.run(exec, m, m.prepared.definition, parsed);
    return { executionArn, startDate: now };
  }

  private run(exec: ExecutionRecord, m: StateMachineRecord, definition: Record<string, any>, input: unknown): void {
    const generation = ++exec.generation;
    const sm = new StateMachine(definition as never, { validationOptions: { noValidate: true } });
    const overrides: Record<string, (input: any) => Promise<any>> = {};
    for (const [stateName, meta] of m.prepared.tasks) {
      overrides[stateName] = (taskInput) => this.runTask(exec, generation, stateName, meta, taskInput);
    }
    const handle = sm.run(input as never, {
      overrides: { taskResourceLocalHandlers: overrides },
      context: {
        Execution: { Id: exec.executionArn, Name: exec.name, RoleArn: `arn:aws:iam::${this.opts.account}:role/local`, StartTime: exec.startDate.toISOString() },
        StateMachine: { Id: m.arn, Name: m.name },
        Task: { Token: TOKEN_PLACEHOLDER },
      },
    });
    exec.abort = handle.abort;
    const logsDone = (async () => {
      for await (const ev of handle.eventLogs) {
        if (exec.generation !== generation) return;
        this.recordEngineEvent(exec, m, ev as any);
      }
    })();
    // The engine's event stream lags its result: drain it first so the history stays in order.
    const drained = () => Promise.race([logsDone, new Promise((r) => setTimeout(r, 1000))]);
    handle.result.then(
      async (output) => {
        await drained();
        this.finish(exec, generation, 'SUCCEEDED', { output: JSON.stringify(output ?? null) });
      },
      async (err: Error & { cause?: any }) => {
        if (exec.generation !== generation || exec.status !== 'RUNNING') return;
        await drained();
        const inner = err.cause ?? err;
        const cause = typeof inner.cause === 'string' ? inner.cause : inner.message;
        this.finish(exec, generation, 'FAILED', { error: inner.name, cause });
      },
    );
  }

  private finish(exec: ExecutionRecord, generation: number, status: ExecutionStatus, out: { output?: string; error?: string; cause?: string }) {
    if (exec.generation !== generation || exec.status !== 'RUNNING') return;
    exec.status = status;
    exec.stopDate = this.opts.clock.now();
    exec.output = out.output;
    exec.error = out.error;
    exec.cause = out.cause;
    exec.abort = undefined;
    for (const t of this.tasks) {
      if (t.executionArn === exec.executionArn && t.status === 'pending') this.settle(t, 'aborted');
    }
    const type = { SUCCEEDED: 'ExecutionSucceeded', FAILED: 'ExecutionFailed', TIMED_OUT: 'ExecutionTimedOut', ABORTED: 'ExecutionAborted', RUNNING: '' }[status];
    const details =
      status === 'SUCCEEDED'
        ? { executionSucceededEventDetails: { output: out.output } }
        : status === 'FAILED'
          ? { executionFailedEventDetails: { error: out.error, cause: out.cause } }
          : status === 'TIMED_OUT'
            ? { executionTimedOutEventDetails: { error: 'States.Timeout', cause: out.cause } }
            : { executionAbortedEventDetails: { error: out.error, cause: out.cause } };
    this.record(exec, type, details);
    this.notifyIdle();
  }

  private async runTask(exec: ExecutionRecord, generation: number, stateName: string, meta: PreparedDefinition['tasks'] extends Map<string, infer M> ? M : never, input: any): Promise<unknown> {
    const now = this.opts.clock.now().getTime();
    if (meta.kind === 'wait') {
      const until =
        input.timestamp !== undefined
          ? Date.parse(String(input.timestamp))
          : now + Number(input.seconds ?? 0) * 1000;
      if (Number.isNaN(until)) throw statesError('States.Runtime', `${stateName}: invalid Timestamp`);
      if (until <= now) return {};
      return this.pending({ executionArn: exec.executionArn, stateName, kind: 'wait', deadlineAt: until });
    }

    const deadlineAt = meta.timeoutSeconds ? now + meta.timeoutSeconds * 1000 : undefined;
    if (meta.callback) {
      const token = `bz1.${randomBytes(32).toString('base64url')}`;
      const params = replaceDeep(input, TOKEN_PLACEHOLDER, token) as Record<string, any>;
      const task = this.pendingTask({
        token,
        executionArn: exec.executionArn,
        stateName,
        kind: 'callback',
        deadlineAt,
        heartbeatMs: meta.heartbeatSeconds ? meta.heartbeatSeconds * 1000 : undefined,
        heartbeatAt: meta.heartbeatSeconds ? now + meta.heartbeatSeconds * 1000 : undefined,
      });
      this.record(exec, 'TaskSubmitted', { taskSubmittedEventDetails: { resource: meta.resource, stateName } });
      // Deliver the token: for a Lambda integration, invoke the function with its payload.
      const fnId = this.lambdaTarget(meta.resource, params);
      if (fnId) {
        this.opts.functions.invoke(fnId, params.Payload ?? params).catch((e: Error) => {
          if (task.status === 'pending') {
            this.settle(task, 'failed');
            task.reject(statesError(e.name || 'Lambda.Unknown', JSON.stringify({ errorType: e.name, errorMessage: e.message })));
          }
        });
      }
      return task.promise;
    }

    const fnId = this.lambdaTarget(meta.resource, input);
    if (!fnId) throw statesError('States.Runtime', `${stateName}: resource ${meta.resource} is not supported by the embedded host`);
    const task = this.pendingTask({ executionArn: exec.executionArn, stateName, kind: 'lambda', deadlineAt });
    this.record(exec, 'LambdaFunctionScheduled', { lambdaFunctionScheduledEventDetails: { resource: this.opts.functions.arnOf(fnId) } });
    const payload = meta.resource.startsWith('arn:aws:states:::lambda:invoke') ? input.Payload : input;
    this.opts.functions.invoke(fnId, payload, meta.timeoutSeconds ?? 900).then(
      (result) => {
        if (task.status !== 'pending' || exec.generation !== generation) return;
        this.settle(task, 'succeeded');
        this.record(exec, 'LambdaFunctionSucceeded', {});
        task.resolve(
          meta.resource.startsWith('arn:aws:states:::lambda:invoke')
            ? { ExecutedVersion: '$LATEST', Payload: result ?? null, StatusCode: 200 }
            : (result ?? null),
        );
      },
      (e: Error) => {
        if (task.status !== 'pending') return;
        this.settle(task, 'failed');
        const cause = JSON.stringify({ errorType: e.name, errorMessage: e.message });
        this.record(exec, 'LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error: e.name, cause } });
        task.reject(statesError(e.name || 'Lambda.Unknown', cause));
      },
    );
    return task.promise;
  }

  private lambdaTarget(resource: string, params: any): string | undefined {
    if (resource.startsWith('arn:aws:states:::lambda:invoke')) return this.opts.functions.idFromArn(String(params?.FunctionName ?? ''));
    if (resource.startsWith('arn:aws:lambda:')) return this.opts.functions.idFromArn(resource);
    if (resource === LOCAL_WAIT_RESOURCE) return undefined;
    return undefined;
  }

  private pendingTask(t: Omit<PendingTask, 'status' | 'resolve' | 'reject'>): PendingTask & { promise: Promise<unknown> } {
    let resolve!: (v: unknown) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const task = { ...t, status: 'pending' as TaskStatus, resolve, reject, promise };
    this.tasks.add(task);
    if (task.token) this.tokens.set(task.token, task);
    return task;
  }

  private pending(t: Omit<PendingTask, 'status' | 'resolve' | 'reject'>): Promise<unknown> {
    return this.pendingTask(t).promise;
  }

  private settle(task: PendingTask, status: TaskStatus): void {
    task.status = status;
    this.tasks.delete(task);
    // Spent tokens stay known so a late callback gets AWS's answer, not "invalid".
  }

  /** Enforces every stored deadline against the clock. Called by the ticker and on clock moves. */
  tick(): void {
    const now = this.opts.clock.now().getTime();
    for (const task of [...this.tasks]) {
      if (task.status !== 'pending') continue;
      const exec = this.executions.get(task.executionArn);
      if (task.kind === 'wait' && task.deadlineAt !== undefined && now >= task.deadlineAt) {
        this.settle(task, 'succeeded');
        task.resolve({});
        continue;
      }
      if (task.heartbeatAt !== undefined && now >= task.heartbeatAt) {
        this.settle(task, 'timedOut');
        if (exec) this.record(exec, 'TaskTimedOut', { taskTimedOutEventDetails: { error: 'States.HeartbeatTimeout', stateName: task.stateName } });
        task.reject(statesError('States.HeartbeatTimeout', `${task.stateName}: no heartbeat within HeartbeatSeconds`));
        continue;
      }
      if (task.kind !== 'wait' && task.deadlineAt !== undefined && now >= task.deadlineAt) {
        this.settle(task, 'timedOut');
        if (exec) this.record(exec, 'TaskTimedOut', { taskTimedOutEventDetails: { error: 'States.Timeout', stateName: task.stateName } });
        task.reject(statesError('States.Timeout', `${task.stateName}: timed out`));
      }
    }
    for (const exec of this.executions.values()) {
      if (exec.status === 'RUNNING' && exec.timeoutAt !== undefined && now >= exec.timeoutAt) {
        exec.abort?.();
        this.finish(exec, exec.generation, 'TIMED_OUT', { cause: 'Execution timed out (TimeoutSeconds)' });
      }
    }
  }

  // ---------- callbacks ----------

  private taskFor(token: unknown): PendingTask {
    if (typeof token !== 'string' || !TOKEN_RE.test(token)) throw sfnError.invalidToken();
    const t = this.tokens.get(token);
    if (!t) throw sfnError.noTask();
    if (t.status === 'timedOut') throw sfnError.taskTimedOut();
    if (t.status !== 'pending') throw sfnError.noTask();
    return t;
  }

  sendTaskSuccess(token: string, output: string): void {
    const t = this.taskFor(token);
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw sfnError.invalidInput('Invalid output: not JSON');
    }
    this.settle(t, 'succeeded');
    const exec = this.executions.get(t.executionArn);
    if (exec) this.record(exec, 'TaskSucceeded', { taskSucceededEventDetails: { stateName: t.stateName, output } });
    t.resolve(parsed);
  }

  sendTaskFailure(token: string, error?: string, cause?: string): void {
    const t = this.taskFor(token);
    this.settle(t, 'failed');
    const exec = this.executions.get(t.executionArn);
    if (exec) this.record(exec, 'TaskFailed', { taskFailedEventDetails: { stateName: t.stateName, error, cause } });
    t.reject(statesError(error || 'States.TaskFailed', cause ?? ''));
  }

  sendTaskHeartbeat(token: string): void {
    const t = this.taskFor(token);
    if (t.heartbeatMs !== undefined) t.heartbeatAt = this.opts.clock.now().getTime() + t.heartbeatMs;
  }

  // ---------- reads and operations ----------

  private execution(arn: unknown): ExecutionRecord {
    if (typeof arn !== 'string' || !arn.startsWith('arn:aws:states:')) throw sfnError.invalidArn(arn);
    const e = this.executions.get(arn);
    if (!e) throw sfnError.noExecution(arn);
    return e;
  }

  describeExecution(arn: string) {
    const e = this.execution(arn);
    return {
      executionArn: e.executionArn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: e.startDate,
      stopDate: e.stopDate,
      input: e.input,
      inputDetails: { included: true },
      output: e.output,
      outputDetails: e.output !== undefined ? { included: true } : undefined,
      error: e.error,
      cause: e.cause,
      redriveCount: e.redriveCount,
      redriveDate: e.redriveDate,
      redriveStatus: e.status === 'RUNNING' || e.status === 'SUCCEEDED' ? 'NOT_REDRIVABLE' : 'REDRIVABLE',
    };
  }

  listExecutions(req: { stateMachineArn: string; statusFilter?: ExecutionStatus; maxResults?: number; nextToken?: string }) {
    const m = this.machine(req.stateMachineArn);
    const all = [...this.executions.values()]
      .filter((e) => e.stateMachineArn === m.arn && (!req.statusFilter || e.status === req.statusFilter))
      .sort((a, b) => b.startDate.getTime() - a.startDate.getTime());
    const { page, nextToken } = paginate(all, req.nextToken, req.maxResults, 100);
    return {
      executions: page.map((e) => ({
        executionArn: e.executionArn,
        stateMachineArn: e.stateMachineArn,
        name: e.name,
        status: e.status,
        startDate: e.startDate,
        stopDate: e.stopDate,
        redriveCount: e.redriveCount,
      })),
      nextToken,
    };
  }

  getExecutionHistory(req: { executionArn: string; reverseOrder?: boolean; maxResults?: number; nextToken?: string; includeExecutionData?: boolean }) {
    const e = this.execution(req.executionArn);
    let events = [...e.history];
    if (req.reverseOrder) events.reverse();
    if (req.includeExecutionData === false) {
      events = events.map((ev) => JSON.parse(JSON.stringify(ev, (k, v) => (k === 'input' || k === 'output' ? undefined : v)), (k, v) => (k === 'timestamp' ? new Date(v) : v)));
    }
    const { page, nextToken } = paginate(events, req.nextToken, req.maxResults, 1000);
    return { events: page, nextToken };
  }

  stopExecution(arn: string, error?: string, cause?: string) {
    const e = this.execution(arn);
    if (e.status === 'RUNNING') {
      e.abort?.();
      this.finish(e, e.generation, 'ABORTED', { error, cause });
    }
    return { stopDate: e.stopDate ?? this.opts.clock.now() };
  }

  /** Restarts a failed, timed-out or aborted execution at the top-level state where it stopped. */
  redriveExecution(arn: string) {
    const e = this.execution(arn);
    if (e.status === 'RUNNING' || e.status === 'SUCCEEDED') throw sfnError.notRedrivable(`Execution is ${e.status}`);
    const m = this.machine(e.stateMachineArn);
    if (!e.lastTopLevel) throw sfnError.notRedrivable('Execution never entered a state');
    const definition = { ...m.prepared.definition, StartAt: e.lastTopLevel.name };
    e.status = 'RUNNING';
    e.stopDate = undefined;
    e.error = undefined;
    e.cause = undefined;
    e.output = undefined;
    e.redriveCount++;
    e.redriveDate = this.opts.clock.now();
    this.record(e, 'ExecutionRedriven', { executionRedrivenEventDetails: { redriveCount: e.redriveCount } });
    this.run(e, m, definition, e.lastTopLevel.input);
    return { redriveDate: e.redriveDate };
  }

  /** Resolves once no execution is running or the timeout passes (for tests and shutdown). */
  runningCount(): number {
    return [...this.executions.values()].filter((e) => e.status === 'RUNNING').length;
  }

  private notifyIdle() {
    for (const f of this.idle) f();
  }

  // ---------- history ----------

  private record(exec: ExecutionRecord, type: string, details: Record<string, unknown>): void {
    const id = exec.history.length + 1;
    exec.history.push({ id, previousEventId: id - 1, timestamp: this.opts.clock.now(), type, ...details });
  }

  private recordEngineEvent(exec: ExecutionRecord, m: StateMachineRecord, ev: { type: string; state?: { name: string; type: string; input: unknown; output?: unknown }; index?: number; parentState?: { name: string }; Error?: string; Cause?: unknown }) {
    const stateType = (name: string, type: string) => (m.prepared.tasks.get(name)?.kind === 'wait' ? 'Wait' : type);
    switch (ev.type) {
      case 'StateEntered': {
        const s = ev.state!;
        if (m.prepared.topLevelStates.has(s.name)) exec.lastTopLevel = { name: s.name, input: s.input };
        this.record(exec, `${stateType(s.name, s.type)}StateEntered`, { stateEnteredEventDetails: { name: s.name, input: JSON.stringify(s.input) } });
        break;
      }
      case 'StateExited': {
        const s = ev.state!;
        this.record(exec, `${stateType(s.name, s.type)}StateExited`, { stateExitedEventDetails: { name: s.name, output: JSON.stringify(s.output ?? null) } });
        break;
      }
      case 'StateFailed':
        this.record(exec, `${stateType(ev.state!.name, ev.state!.type)}StateFailed`, { stateFailedEventDetails: { name: ev.state!.name, error: ev.Error, cause: String(ev.Cause ?? '') } });
        break;
      case 'StateRetried':
        this.record(exec, 'StateRetried', { stateRetriedEventDetails: { name: ev.state!.name } });
        break;
      case 'StateCaught':
        this.record(exec, 'StateCaught', { stateCaughtEventDetails: { name: ev.state!.name } });
        break;
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        this.record(exec, ev.type, { mapIterationEventDetails: { name: ev.parentState?.name, index: ev.index } });
        break;
      default:
        // Execution-level events are recorded by the service itself, with our clock.
        break;
    }
  }
}
