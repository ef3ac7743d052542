/**
 * Runs one Task state for the engine (its override handler): a Lambda invocation, a callback
 * (`.waitForTaskToken`: a token handed to the target, then a wait for SendTask*), or a Wait
 * state on the host's clock. Each step is recorded before anything is done, so that after a
 * restart or redrive it is replayed (replay.ts) instead of run again; each attempt writes the
 * events AWS writes for its resource (history.ts).
 */
import type { Clock } from '../../../shared/clock.ts';
import type { FunctionHost } from '../functions.ts';
import { HEARTBEAT_FROM_INPUT, type TaskMeta, TIMEOUT_FROM_INPUT } from './definition.ts';
import { statesError } from './errors.ts';
import type { ExecutionRecord } from './execution.ts';
import { taskEvents } from './history.ts';
import type { Journal } from './journal.ts';
import { DATA_LIMIT_EXCEEDED, dataLimitCause, overPayloadLimit } from './limits.ts';
import type { PendingTasks } from './pending.ts';
import { lostInvocation, nextStepKey, replayOf } from './replay.ts';
import type { StepRecord } from './store.ts';
import { mintToken, type TokenIndex, withToken } from './tokens.ts';

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';

/** The Resource a step was recorded for; records written before steps kept it were all Lambda integrations. */
export const resourceOfStep = (step: StepRecord): string => step.resource ?? (step.kind === 'callback' ? `${LAMBDA_INVOKE}.waitForTaskToken` : LAMBDA_INVOKE);

/** A function error as Step Functions reports it: the error type, and Lambda's error payload as the cause. */
const functionFailure = (e: Error) => ({ error: e.name || 'Lambda.Unknown', cause: JSON.stringify({ errorType: e.name, errorMessage: e.message }) });

/** Ends an execution with a terminal error no catcher takes (runner.ts). */
export type Terminate = (exec: ExecutionRecord, generation: number, error: string, cause: string) => void;

/** A whole number of seconds from the state's input (TimeoutSecondsPath), as AWS takes it. */
const validSeconds = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 31_536_000;

/**
 * The state's timeouts as its input gives them, and the input without them (the target never
 * sees them); or why they are not valid, which ends the execution with States.Runtime (no
 * Retry or Catch takes that error in AWS).
 */
export const withTimeoutsFromInput = (meta: TaskMeta, input: any, stateName: string): { meta: TaskMeta; input: any; invalid?: string } => {
  if (!input || typeof input !== 'object' || !(TIMEOUT_FROM_INPUT in input || HEARTBEAT_FROM_INPUT in input)) return { meta, input };
  const { [TIMEOUT_FROM_INPUT]: timeout, [HEARTBEAT_FROM_INPUT]: heartbeat, ...rest } = input;
  for (const [what, v] of [
    ['TimeoutSecondsPath', timeout],
    ['HeartbeatSecondsPath', heartbeat],
  ] as const) {
    if (v !== undefined && !validSeconds(v)) {
      return { meta, input: rest, invalid: `${stateName}: ${what} must give a whole number of seconds from 1 to 31536000, not ${JSON.stringify(v)}` };
    }
  }
  return {
    meta: { ...meta, ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}), ...(heartbeat !== undefined ? { heartbeatSeconds: heartbeat } : {}) },
    input: rest,
  };
};

/** What the engine awaits when the execution was ended under it, or the run is stale: nothing, ever. */
export const never = () => new Promise<never>(() => undefined);

export class TaskRunner {
  constructor(
    private readonly d: {
      clock: Clock;
      functions: FunctionHost;
      journal: Journal;
      pending: PendingTasks;
      tokens: TokenIndex;
      region: string;
      terminate: Terminate;
    },
  ) {}

  private events(resource: string) {
    return taskEvents(resource, this.d.region);
  }

  async run(exec: ExecutionRecord, generation: number, stateName: string, declared: TaskMeta, given: any): Promise<unknown> {
    if (exec.generation !== generation) return never();
    const { meta, input, invalid } = withTimeoutsFromInput(declared, given, stateName);
    if (invalid) {
      this.d.terminate(exec, generation, 'States.Runtime', invalid);
      return never();
    }
    const key = nextStepKey(exec, stateName, input);
    const prior = exec.steps.get(key);
    const replay = replayOf(prior);
    switch (replay.kind) {
      case 'succeeded':
        return replay.result;
      case 'failed':
        throw statesError(replay.error, replay.cause);
      case 'lost': {
        const lost = lostInvocation(prior!);
        await this.d.journal.saveStep(exec, key, lost);
        this.d.journal.record(exec, this.events(resourceOfStep(prior!)).failed(lost.error!, lost.cause!));
        throw statesError(lost.error!, lost.cause!);
      }
      case 'wait': {
        const task = this.d.pending.attach(exec, key, stateName);
        if (prior!.kind === 'callback' && !prior!.delivered) this.deliver(exec, key, meta, withToken(input, prior!.token!));
        return task.promise;
      }
      case 'run':
        break;
    }
    if (meta.kind === 'wait') return this.wait(exec, key, stateName, input);
    // A state's input after Parameters is held to the payload limit too.
    if (overPayloadLimit(JSON.stringify(input ?? null))) {
      await this.overLimit(exec, generation, key, stateName, meta.callback ? 'callback' : 'lambda');
      return never();
    }
    if (meta.callback) return this.callback(exec, key, stateName, meta, input);
    return this.invoke(exec, generation, key, stateName, meta, input);
  }

  /** A payload over the limit: the step fails for the record, and the execution ends (States.DataLimitExceeded is terminal). */
  private async overLimit(exec: ExecutionRecord, generation: number, key: string, stateName: string, kind: StepRecord['kind']): Promise<void> {
    const prior = exec.steps.get(key);
    await this.d.journal.saveStep(exec, key, { kind, ...prior, stateName, status: 'failed', error: DATA_LIMIT_EXCEEDED, cause: dataLimitCause(stateName) });
    const task = this.d.pending.find(exec, key);
    if (task) this.d.pending.detach(task);
    this.d.terminate(exec, generation, DATA_LIMIT_EXCEEDED, dataLimitCause(stateName));
  }

  /** A Wait state: done at once if its time has passed, else a deadline the enforcer watches. */
  private async wait(exec: ExecutionRecord, key: string, stateName: string, input: any): Promise<unknown> {
    const now = this.d.clock.now().getTime();
    const until = input.timestamp !== undefined ? Date.parse(String(input.timestamp)) : now + Number(input.seconds ?? 0) * 1000;
    if (Number.isNaN(until)) throw statesError('States.Runtime', `${stateName}: invalid Timestamp`);
    if (until <= now) return {};
    await this.d.journal.saveStep(exec, key, { kind: 'wait', status: 'pending', stateName, deadlineAt: until });
    return this.d.pending.attach(exec, key, stateName).promise;
  }

  private async callback(exec: ExecutionRecord, key: string, stateName: string, meta: TaskMeta, input: any): Promise<unknown> {
    const now = this.d.clock.now().getTime();
    const token = mintToken();
    const heartbeatMs = meta.heartbeatSeconds ? meta.heartbeatSeconds * 1000 : undefined;
    // The token is durable before anyone can see it.
    await this.d.journal.saveStep(exec, key, {
      kind: 'callback',
      status: 'pending',
      stateName,
      resource: meta.resource,
      token,
      deadlineAt: meta.timeoutSeconds ? now + meta.timeoutSeconds * 1000 : undefined,
      heartbeatMs,
      heartbeatAt: heartbeatMs ? now + heartbeatMs : undefined,
    });
    this.d.tokens.set(token, { executionArn: exec.executionArn, key });
    const task = this.d.pending.attach(exec, key, stateName);
    const params = withToken(input, token);
    const events = this.events(meta.resource);
    this.d.journal.record(exec, events.scheduled(params, meta.timeoutSeconds, meta.heartbeatSeconds));
    this.d.journal.record(exec, events.started());
    this.deliver(exec, key, meta, params);
    return task.promise;
  }

  private async invoke(exec: ExecutionRecord, generation: number, key: string, stateName: string, meta: TaskMeta, input: any): Promise<unknown> {
    const fnId = this.lambdaTarget(meta.resource, input);
    if (!fnId) throw statesError('States.Runtime', `${stateName}: resource ${meta.resource} is not supported by the embedded host`);
    // On the wall clock, as the function runs (deadlines.ts).
    const now = Date.now();
    await this.d.journal.saveStep(exec, key, {
      kind: 'lambda',
      status: 'started',
      stateName,
      resource: meta.resource,
      deadlineAt: meta.timeoutSeconds ? now + meta.timeoutSeconds * 1000 : undefined,
    });
    const task = this.d.pending.attach(exec, key, stateName);
    const events = this.events(meta.resource);
    this.d.journal.record(exec, events.scheduled(input, meta.timeoutSeconds, meta.heartbeatSeconds));
    this.d.journal.record(exec, events.started());
    const integration = meta.resource.startsWith(LAMBDA_INVOKE);
    this.d.functions.invoke(fnId, integration ? input.Payload : input).then(
      async (result) => {
        if (task.done) return;
        const out = integration ? { ExecutedVersion: '$LATEST', Payload: result ?? null, StatusCode: 200 } : (result ?? null);
        const output = JSON.stringify(out);
        if (overPayloadLimit(output)) return this.overLimit(exec, generation, key, stateName, 'lambda');
        this.d.journal.record(exec, events.succeeded(output));
        await this.d.pending.settle(task, { kind: 'lambda', status: 'succeeded', result: out });
      },
      async (e: Error) => {
        if (task.done) return;
        const { error, cause } = functionFailure(e);
        this.d.journal.record(exec, events.failed(error, cause));
        await this.d.pending.settle(task, { kind: 'lambda', status: 'failed', error, cause });
      },
    );
    return task.promise;
  }

  /**
   * Hands a callback token to its target: for a Lambda integration, invokes it with the payload.
   * As in AWS, TaskSubmitted marks the moment the token is in its target's hands; a crash before
   * it (and only then) delivers the same token again, so targets must be idempotent for their token.
   */
  private deliver(exec: ExecutionRecord, key: string, meta: TaskMeta, params: any): void {
    const fnId = this.lambdaTarget(meta.resource, params);
    if (!fnId) return;
    const events = this.events(meta.resource);
    this.d.functions.invoke(fnId, params.Payload ?? params).then(
      async (result) => {
        const step = exec.steps.get(key);
        if (step?.status !== 'pending') return;
        await this.d.journal.saveStep(exec, key, { ...step, delivered: true });
        const submitted = events.submitted({ ExecutedVersion: '$LATEST', Payload: result ?? null, StatusCode: 200 });
        if (submitted) this.d.journal.record(exec, submitted);
      },
      async (e: Error) => {
        const step = exec.steps.get(key);
        if (step?.status !== 'pending') return;
        const { error, cause } = functionFailure(e);
        this.d.journal.record(exec, events.failed(error, cause));
        const failed: StepRecord = { kind: 'callback', status: 'failed', error, cause };
        const task = this.d.pending.find(exec, key);
        if (task) await this.d.pending.settle(task, failed);
        else await this.d.journal.saveStep(exec, key, { ...step, ...failed });
      },
    );
  }

  private lambdaTarget(resource: string, params: any): string | undefined {
    if (resource.startsWith(LAMBDA_INVOKE)) return this.d.functions.idFromArn(String(params?.FunctionName ?? ''));
    if (resource.startsWith('arn:aws:lambda:')) return this.d.functions.idFromArn(resource);
    return undefined;
  }
}
