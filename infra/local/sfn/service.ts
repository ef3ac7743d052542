/**
 * The embedded Step Functions service: runs ASL on aws-local-stepfunctions, keeps executions,
 * their history and task tokens, and enforces every timeout, heartbeat and Wait from stored
 * deadlines against one clock. The HTTP endpoint (server.ts) exposes it over the real Step
 * Functions JSON protocol.
 */
import { createHash, randomBytes } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import type { Clock } from '../../../shared/clock.ts';
import { canonicalJson } from '../../../shared/domain/canonical-json.ts';
import type { FunctionHost } from '../functions.ts';
import { ENTER_PREFIX, enterMarker, prepareDefinition, substitute, type PreparedDefinition, type TaskMeta } from './definition.ts';
import { sfnError, statesError } from './errors.ts';
import type { SfnStore, StepRecord } from './store.ts';

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
  /** The top-level state last entered, its input and visit number: where a resume or redrive restarts. */
  lastTopLevel?: { name: string; input: unknown; visit: number };
  abort?: () => void;
  /** Incremented per run so a stale run's late events are ignored after a redrive. */
  generation: number;
  /** Counts entries into top-level states; step records are keyed within a visit. */
  visit: number;
  /** Set when a run resumes a visit instead of starting a new one (restart, redrive). */
  resumeVisit?: number;
  steps: Map<string, StepRecord>;
  /** Occurrences of (state, input) within the current visit, so loops get distinct keys. */
  occurrences: Map<string, number>;
}

/** A step the engine is waiting on in this process. Its durable state is `exec.steps.get(key)`. */
interface PendingTask {
  exec: ExecutionRecord;
  key: string;
  stateName: string;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  done: boolean;
}

/** Where a token points: the step record is the truth, the task is there while the engine waits. */
interface TokenRef {
  executionArn: string;
  key: string;
  stateName: string;
  task?: PendingTask;
}

/** Steps are recognised on replay by their effective input, in RFC 8785 form (locale-independent). */
const hashOf = (v: unknown) => createHash('sha256').update(canonicalJson(v)).digest('hex').slice(0, 16);

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
  private readonly tokens = new Map<string, TokenRef>();
  private ticker?: NodeJS.Timeout;
  /** Set while the host shuts down: the engine runs it aborts are not failures, and nothing more is written. */
  private stopping = false;

  constructor(
    private readonly opts: { clock: Clock; functions: FunctionHost; region: string; account: string; tickMs?: number; store?: SfnStore },
  ) {}

  start(): void {
    this.ticker = setInterval(() => void this.tick(), this.opts.tickMs ?? 250);
    this.ticker.unref();
  }

  stop(): void {
    this.stopping = true;
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

  async startExecution(req: { stateMachineArn: string; name?: string; input?: string }) {
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
      visit: 0,
      steps: new Map(),
      occurrences: new Map(),
      timeoutAt: m.prepared.executionTimeoutSeconds ? now.getTime() + m.prepared.executionTimeoutSeconds * 1000 : undefined,
    };
    this.executions.set(executionArn, exec);
    this.record(exec, 'ExecutionStarted', { executionStartedEventDetails: { input, roleArn: `arn:aws:iam::${this.opts.account}:role/local` } });
    // Durable before we answer: a caller that got an ARN can always find its execution again.
    await this.saveMeta(exec);
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
        await this.finish(exec, generation, 'SUCCEEDED', { output: JSON.stringify(output ?? null) });
      },
      async (err: Error & { cause?: any }) => {
        // Stopping the host aborts the engine's runs: the executions carry on at the next start.
        if (this.stopping || exec.generation !== generation || exec.status !== 'RUNNING') return;
        await drained();
        const inner = err.cause ?? err;
        const cause = typeof inner.cause === 'string' ? inner.cause : inner.message;
        await this.finish(exec, generation, 'FAILED', { error: inner.name, cause });
      },
    );
  }

  private async finish(exec: ExecutionRecord, generation: number, status: ExecutionStatus, out: { output?: string; error?: string; cause?: string }) {
    if (exec.generation !== generation || exec.status !== 'RUNNING') return;
    exec.status = status;
    exec.stopDate = this.opts.clock.now();
    exec.output = out.output;
    exec.error = out.error;
    exec.cause = out.cause;
    exec.abort = undefined;
    for (const t of [...this.tasks]) if (t.exec === exec) this.detach(t);
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
    await this.saveMeta(exec);
  }

  /** A step key: the top-level visit, the state, its effective input, and the occurrence within the visit. */
  private stepKey(exec: ExecutionRecord, stateName: string, input: unknown): string {
    const base = `${exec.visit}#${stateName}#${hashOf(input)}`;
    const n = exec.occurrences.get(base) ?? 0;
    exec.occurrences.set(base, n + 1);
    return `${base}#${n}`;
  }

  private async saveStep(exec: ExecutionRecord, key: string, step: StepRecord): Promise<void> {
    exec.steps.set(key, step);
    await this.opts.store?.saveStep(exec.executionArn, key, step);
  }

  private async runTask(exec: ExecutionRecord, generation: number, stateName: string, meta: TaskMeta, input: any): Promise<unknown> {
    if (exec.generation !== generation) return new Promise(() => undefined); // a stale run: never continue it
    if (meta.kind === 'enter') return this.enter(exec, stateName.slice(ENTER_PREFIX.length), input);

    const key = this.stepKey(exec, stateName, input);
    const prior = exec.steps.get(key);
    if (prior && prior.status !== 'discarded' && prior.status !== 'aborted') {
      // Replay what is already recorded instead of running the handler again.
      if (prior.status === 'succeeded') return prior.result;
      if (prior.status === 'failed') throw statesError(prior.error ?? 'States.TaskFailed', prior.cause ?? '');
      if (prior.status === 'started') {
        // The host died during this invocation: the result is lost, as with a lost Lambda invocation.
        const lost = { ...prior, status: 'failed' as const, error: 'Lambda.ServiceException', cause: 'The invocation was lost when the embedded host stopped' };
        await this.saveStep(exec, key, lost);
        this.record(exec, 'LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error: lost.error, cause: lost.cause } });
        throw statesError(lost.error, lost.cause);
      }
      // Pending: wait again for the same token or deadline.
      const task = this.attach(exec, key, stateName);
      if (prior.kind === 'callback' && !prior.delivered) this.deliver(exec, key, meta, replaceDeep(input, TOKEN_PLACEHOLDER, prior.token!));
      return task.promise;
    }

    const now = this.opts.clock.now().getTime();
    if (meta.kind === 'wait') {
      const until = input.timestamp !== undefined ? Date.parse(String(input.timestamp)) : now + Number(input.seconds ?? 0) * 1000;
      if (Number.isNaN(until)) throw statesError('States.Runtime', `${stateName}: invalid Timestamp`);
      if (until <= now) return {};
      await this.saveStep(exec, key, { kind: 'wait', status: 'pending', deadlineAt: until });
      return this.attach(exec, key, stateName).promise;
    }

    const deadlineAt = meta.timeoutSeconds ? now + meta.timeoutSeconds * 1000 : undefined;
    if (meta.callback) {
      const token = `bz1.${randomBytes(32).toString('base64url')}`;
      const heartbeatMs = meta.heartbeatSeconds ? meta.heartbeatSeconds * 1000 : undefined;
      // The token is durable before anyone can see it.
      await this.saveStep(exec, key, { kind: 'callback', status: 'pending', token, deadlineAt, heartbeatMs, heartbeatAt: heartbeatMs ? now + heartbeatMs : undefined });
      const task = this.attach(exec, key, stateName);
      this.record(exec, 'TaskScheduled', { taskScheduledEventDetails: { resource: meta.resource, stateName } });
      this.deliver(exec, key, meta, replaceDeep(input, TOKEN_PLACEHOLDER, token));
      return task.promise;
    }

    const fnId = this.lambdaTarget(meta.resource, input);
    if (!fnId) throw statesError('States.Runtime', `${stateName}: resource ${meta.resource} is not supported by the embedded host`);
    await this.saveStep(exec, key, { kind: 'lambda', status: 'started', deadlineAt });
    const task = this.attach(exec, key, stateName);
    this.record(exec, 'LambdaFunctionScheduled', { lambdaFunctionScheduledEventDetails: { resource: this.opts.functions.arnOf(fnId) } });
    const invoke = meta.resource.startsWith('arn:aws:states:::lambda:invoke');
    this.opts.functions.invoke(fnId, invoke ? input.Payload : input).then(
      async (result) => {
        if (task.done) return;
        const out = invoke ? { ExecutedVersion: '$LATEST', Payload: result ?? null, StatusCode: 200 } : (result ?? null);
        this.record(exec, 'LambdaFunctionSucceeded', {});
        await this.complete(task, { kind: 'lambda', status: 'succeeded', result: out });
      },
      async (e: Error) => {
        if (task.done) return;
        const cause = JSON.stringify({ errorType: e.name, errorMessage: e.message });
        this.record(exec, 'LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error: e.name, cause } });
        await this.complete(task, { kind: 'lambda', status: 'failed', error: e.name || 'Lambda.Unknown', cause });
      },
    );
    return task.promise;
  }

  /** A marker before a top-level state: record the entry durably, then pass the input on. */
  private async enter(exec: ExecutionRecord, stateName: string, input: unknown): Promise<unknown> {
    if (exec.resumeVisit !== undefined) {
      exec.visit = exec.resumeVisit;
      exec.resumeVisit = undefined;
    } else {
      await this.abortLeftBehind(exec);
      exec.visit++;
    }
    exec.occurrences.clear();
    exec.lastTopLevel = { name: stateName, input, visit: exec.visit };
    await this.saveMeta(exec);
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
      for (const t of [...this.tasks]) if (t.exec === exec && t.key === key) this.detach(t);
      await this.saveStep(exec, key, { ...step, status: 'aborted' });
    }
  }

  /** Hands a callback token to its target: for a Lambda integration, invoke it with the payload. */
  private deliver(exec: ExecutionRecord, key: string, meta: TaskMeta, params: any): void {
    const fnId = this.lambdaTarget(meta.resource, params);
    if (!fnId) return;
    this.opts.functions.invoke(fnId, params.Payload ?? params).then(
      async () => {
        // As in AWS, TaskSubmitted marks the moment the token is in its target's hands; a crash
        // before it (and only then) delivers the same token again, so targets must be idempotent.
        const step = exec.steps.get(key);
        if (step?.status !== 'pending') return;
        await this.saveStep(exec, key, { ...step, delivered: true });
        this.record(exec, 'TaskSubmitted', { taskSubmittedEventDetails: { resource: meta.resource, stateName: key.split('#')[1] } });
      },
      async (e: Error) => {
        const task = [...this.tasks].find((t) => t.exec === exec && t.key === key);
        const failed: StepRecord = { kind: 'callback', status: 'failed', error: e.name || 'Lambda.Unknown', cause: JSON.stringify({ errorType: e.name, errorMessage: e.message }) };
        if (task) await this.complete(task, failed);
        else await this.saveStep(exec, key, { ...exec.steps.get(key)!, ...failed });
      },
    );
  }

  private lambdaTarget(resource: string, params: any): string | undefined {
    if (resource.startsWith('arn:aws:states:::lambda:invoke')) return this.opts.functions.idFromArn(String(params?.FunctionName ?? ''));
    if (resource.startsWith('arn:aws:lambda:')) return this.opts.functions.idFromArn(resource);
    return undefined;
  }

  private attach(exec: ExecutionRecord, key: string, stateName: string): PendingTask & { promise: Promise<unknown> } {
    let resolve!: (v: unknown) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const task = { exec, key, stateName, resolve, reject, done: false, promise };
    this.tasks.add(task);
    const token = exec.steps.get(key)?.token;
    if (token) this.tokens.set(token, { executionArn: exec.executionArn, key, stateName, task });
    return task;
  }

  private detach(task: PendingTask): void {
    task.done = true;
    this.tasks.delete(task);
  }

  /** Records a step's outcome durably, then lets the engine see it. */
  private async complete(task: PendingTask, step: StepRecord): Promise<void> {
    if (task.done) return;
    this.detach(task);
    const prior = task.exec.steps.get(task.key);
    await this.saveStep(task.exec, task.key, { ...prior, ...step, kind: prior?.kind ?? step.kind });
    if (step.status === 'succeeded') task.resolve(step.result ?? {});
    else task.reject(statesError(step.error ?? 'States.TaskFailed', step.cause ?? ''));
  }

  /** Enforces every stored deadline against the clock. Called by the ticker and on clock moves. */
  async tick(): Promise<void> {
    const now = this.opts.clock.now().getTime();
    const work: Promise<void>[] = [];
    for (const task of [...this.tasks]) {
      const step = task.exec.steps.get(task.key);
      if (!step || task.done) continue;
      if (step.kind === 'wait') {
        if (step.deadlineAt !== undefined && now >= step.deadlineAt) work.push(this.complete(task, { kind: 'wait', status: 'succeeded', result: {} }));
        continue;
      }
      if (step.heartbeatAt !== undefined && now >= step.heartbeatAt) {
        this.record(task.exec, 'TaskTimedOut', { taskTimedOutEventDetails: { error: 'States.HeartbeatTimeout', stateName: task.stateName } });
        work.push(this.complete(task, { kind: step.kind, status: 'failed', error: 'States.HeartbeatTimeout', cause: `${task.stateName}: no heartbeat within HeartbeatSeconds` }));
        continue;
      }
      if (step.deadlineAt !== undefined && now >= step.deadlineAt) {
        this.record(task.exec, 'TaskTimedOut', { taskTimedOutEventDetails: { error: 'States.Timeout', stateName: task.stateName } });
        work.push(this.complete(task, { kind: step.kind, status: 'failed', error: 'States.Timeout', cause: `${task.stateName}: timed out` }));
      }
    }
    for (const exec of this.executions.values()) {
      if (exec.status === 'RUNNING' && exec.timeoutAt !== undefined && now >= exec.timeoutAt) {
        exec.abort?.();
        work.push(this.finish(exec, exec.generation, 'TIMED_OUT', { cause: 'Execution timed out (TimeoutSeconds)' }));
      }
    }
    await Promise.all(work);
  }

  // ---------- callbacks ----------

  /**
   * Finds the step a token belongs to, answering as AWS does: a malformed token is invalid, an
   * unknown one does not exist, and the token of a task that is closed (answered, timed out,
   * abandoned with its branch, or of an execution that ended) has timed out.
   */
  private stepFor(token: unknown): { ref: TokenRef; exec: ExecutionRecord; step: StepRecord } {
    if (typeof token !== 'string' || !TOKEN_RE.test(token)) throw sfnError.invalidToken();
    const ref = this.tokens.get(token);
    const exec = ref && this.executions.get(ref.executionArn);
    const step = ref && exec?.steps.get(ref.key);
    if (!ref || !exec || !step) throw sfnError.noTask();
    if (step.status !== 'pending' || exec.status !== 'RUNNING') throw sfnError.taskTimedOut();
    return { ref, exec, step };
  }

  /** Settles a callback step: through the waiting task, or (just after a restart) in the record the engine will replay. */
  private async settleCallback(token: string, outcome: StepRecord): Promise<void> {
    const { ref, exec, step } = this.stepFor(token);
    if (ref.task && !ref.task.done) return this.complete(ref.task, outcome);
    await this.saveStep(exec, ref.key, { ...step, ...outcome });
  }

  async sendTaskSuccess(token: string, output: string): Promise<void> {
    const { ref, exec } = this.stepFor(token);
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw sfnError.invalidInput('Invalid output: not JSON');
    }
    this.record(exec, 'TaskSucceeded', { taskSucceededEventDetails: { stateName: ref.stateName, output } });
    await this.settleCallback(token, { kind: 'callback', status: 'succeeded', result: parsed });
  }

  async sendTaskFailure(token: string, error?: string, cause?: string): Promise<void> {
    const { ref, exec } = this.stepFor(token);
    this.record(exec, 'TaskFailed', { taskFailedEventDetails: { stateName: ref.stateName, error, cause } });
    await this.settleCallback(token, { kind: 'callback', status: 'failed', error: error || 'States.TaskFailed', cause: cause ?? '' });
  }

  async sendTaskHeartbeat(token: string): Promise<void> {
    const { ref, exec, step } = this.stepFor(token);
    if (step.heartbeatMs !== undefined) await this.saveStep(exec, ref.key, { ...step, heartbeatAt: this.opts.clock.now().getTime() + step.heartbeatMs });
  }

  // ---------- reads and operations ----------

  private execution(arn: unknown): ExecutionRecord {
    if (typeof arn !== 'string' || !arn.startsWith('arn:aws:states:')) throw sfnError.invalidArn(arn);
    const e = this.executions.get(arn);
    if (!e) throw sfnError.noExecution(arn);
    return e;
  }

  /** The fields ListExecutions shows; DescribeExecution adds input, output and error. */
  private summaryOf(e: ExecutionRecord) {
    return { executionArn: e.executionArn, stateMachineArn: e.stateMachineArn, name: e.name, status: e.status, startDate: e.startDate, stopDate: e.stopDate, redriveCount: e.redriveCount };
  }

  describeExecution(arn: string) {
    const e = this.execution(arn);
    return {
      ...this.summaryOf(e),
      input: e.input,
      inputDetails: { included: true },
      output: e.output,
      outputDetails: e.output !== undefined ? { included: true } : undefined,
      error: e.error,
      cause: e.cause,
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
      executions: page.map((e) => this.summaryOf(e)),
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

  async stopExecution(arn: string, error?: string, cause?: string) {
    const e = this.execution(arn);
    if (e.status === 'RUNNING') {
      e.abort?.();
      await this.finish(e, e.generation, 'ABORTED', { error, cause });
    }
    return { stopDate: e.stopDate ?? this.opts.clock.now() };
  }

  /**
   * Restarts a failed, timed-out or aborted execution at the top-level state where it stopped.
   * Steps that succeeded in that state are replayed; the rest run again, as AWS redrives
   * only the unsuccessful branches and iterations.
   */
  async redriveExecution(arn: string) {
    const e = this.execution(arn);
    if (e.status === 'RUNNING' || e.status === 'SUCCEEDED') throw sfnError.notRedrivable(`Execution is ${e.status}`);
    const m = this.machine(e.stateMachineArn);
    if (!e.lastTopLevel) throw sfnError.notRedrivable('Execution never entered a state');
    for (const [key, step] of e.steps) {
      if (key.startsWith(`${e.lastTopLevel.visit}#`) && step.status !== 'succeeded') await this.saveStep(e, key, { ...step, status: 'discarded' });
    }
    e.status = 'RUNNING';
    e.stopDate = undefined;
    e.error = undefined;
    e.cause = undefined;
    e.output = undefined;
    e.redriveCount++;
    e.redriveDate = this.opts.clock.now();
    e.resumeVisit = e.lastTopLevel.visit;
    this.record(e, 'ExecutionRedriven', { executionRedrivenEventDetails: { redriveCount: e.redriveCount } });
    await this.saveMeta(e);
    this.run(e, m, { ...m.prepared.definition, StartAt: enterMarker(e.lastTopLevel.name) }, e.lastTopLevel.input);
    return { redriveDate: e.redriveDate };
  }

  // ---------- durability ----------

  private saveMeta(exec: ExecutionRecord): Promise<void> {
    if (!this.opts.store) return Promise.resolve();
    const { history: _h, steps: _s, occurrences: _o, abort: _a, ...meta } = exec;
    return this.opts.store.saveMeta(exec.executionArn, {
      ...meta,
      startDate: exec.startDate.toISOString(),
      stopDate: exec.stopDate?.toISOString(),
      redriveDate: exec.redriveDate?.toISOString(),
    });
  }

  /**
   * After a restart: every execution comes back; each running one restarts at the top-level
   * state it was in, from that state's recorded input, replaying the steps already recorded.
   * Tokens stay valid (a callback that arrives before the engine gets there is recorded and replayed).
   */
  async restore(): Promise<number> {
    if (!this.opts.store) return 0;
    let resumed = 0;
    for (const stored of await this.opts.store.loadAll()) {
      const meta = stored.meta;
      const m = this.machines.get(meta.stateMachineArn);
      const exec: ExecutionRecord = {
        executionArn: meta.executionArn,
        stateMachineArn: meta.stateMachineArn,
        name: meta.name,
        status: meta.status,
        input: meta.input,
        output: meta.output,
        error: meta.error,
        cause: meta.cause,
        startDate: new Date(meta.startDate),
        stopDate: meta.stopDate ? new Date(meta.stopDate) : undefined,
        timeoutAt: meta.timeoutAt,
        history: stored.events.map((ev) => ({ ...ev, timestamp: new Date(ev.timestamp) }) as HistoryEvent),
        redriveCount: meta.redriveCount ?? 0,
        redriveDate: meta.redriveDate ? new Date(meta.redriveDate) : undefined,
        lastTopLevel: meta.lastTopLevel,
        generation: meta.generation ?? 0,
        visit: meta.visit ?? 0,
        steps: stored.steps,
        occurrences: new Map(),
      };
      this.executions.set(exec.executionArn, exec);
      for (const [key, step] of exec.steps) {
        if (step.token) this.tokens.set(step.token, { executionArn: exec.executionArn, key, stateName: key.split('#')[1] ?? '' });
      }
      if (exec.status !== 'RUNNING') continue;
      if (!m) {
        await this.finish(exec, exec.generation, 'FAILED', { error: 'States.Runtime', cause: 'Its state machine is no longer defined' });
        continue;
      }
      this.record(exec, 'ExecutionResumed', { executionResumedEventDetails: { afterRestartOfEmbeddedHost: true } });
      if (exec.lastTopLevel) {
        exec.resumeVisit = exec.lastTopLevel.visit;
        this.run(exec, m, { ...m.prepared.definition, StartAt: enterMarker(exec.lastTopLevel.name) }, exec.lastTopLevel.input);
      } else {
        this.run(exec, m, m.prepared.definition, JSON.parse(exec.input));
      }
      resumed++;
    }
    await this.tick();
    return resumed;
  }

  // ---------- history ----------

  private record(exec: ExecutionRecord, type: string, details: Record<string, unknown>): void {
    const id = exec.history.length + 1;
    const event = { id, previousEventId: id - 1, timestamp: this.opts.clock.now(), type, ...details };
    exec.history.push(event);
    void this.opts.store?.saveEvent(exec.executionArn, { ...event, timestamp: event.timestamp.toISOString() });
  }

  private recordEngineEvent(exec: ExecutionRecord, m: StateMachineRecord, ev: { type: string; state?: { name: string; type: string; input: unknown; output?: unknown }; index?: number; parentState?: { name: string }; Error?: string; Cause?: unknown }) {
    if (ev.state?.name.startsWith(ENTER_PREFIX)) return;
    const stateType = (name: string, type: string) => (m.prepared.tasks.get(name)?.kind === 'wait' ? 'Wait' : type);
    switch (ev.type) {
      case 'StateEntered': {
        const s = ev.state!;
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
