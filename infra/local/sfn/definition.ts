/**
 * Prepares an ASL definition for aws-local-stepfunctions so that the endpoint, not the engine,
 * owns time. The engine's timers cannot be trusted: a Task without TimeoutSeconds dies after
 * 60 s, HeartbeatSeconds is ignored, and Node fires any timer longer than 2^31−1 ms at once.
 * So every Task gets the longest timeout the engine can hold, Wait states become Tasks whose
 * handler waits on our clock, and the real TimeoutSeconds / HeartbeatSeconds are returned as
 * metadata for the endpoint to enforce from stored deadlines.
 */

/** The longest TimeoutSeconds whose timer does not overflow (2^31−1 ms). */
export const ENGINE_MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
export const LOCAL_WAIT_RESOURCE = 'arn:aws:states:::bianzhi-local:wait';
export const LOCAL_ENTER_RESOURCE = 'arn:aws:states:::bianzhi-local:enter';
/** Hidden marker states: one before every top-level state, so the endpoint records each entry. */
export const ENTER_PREFIX = '__enter__';
export const enterMarker = (stateName: string) => `${ENTER_PREFIX}${stateName}`;

/**
 * TimeoutSecondsPath / HeartbeatSecondsPath name a value of the state's input, as Parameters do:
 * the path is carried into Parameters under these keys, and the task runner takes the values out
 * (tasks.ts) before the target sees its input.
 */
export const TIMEOUT_FROM_INPUT = '__bianzhiTimeoutSeconds';
export const HEARTBEAT_FROM_INPUT = '__bianzhiHeartbeatSeconds';

export interface TaskMeta {
  kind: 'task' | 'wait' | 'enter';
  resource: string;
  callback: boolean;
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  /** True for states directly under the top-level States (not inside Parallel or Map). */
  topLevel: boolean;
}

export interface PreparedDefinition {
  definition: Record<string, any>;
  tasks: Map<string, TaskMeta>;
  topLevelStates: Set<string>;
  executionTimeoutSeconds?: number;
}

export class DefinitionError extends Error {}

/** Replaces `${Name}` placeholders as CloudFormation's DefinitionSubstitutions does. */
export const substitute = (text: string, values: Record<string, string>): string =>
  text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_whole, name: string) => {
    if (!(name in values)) throw new DefinitionError(`No substitution for \${${name}}`);
    return values[name]!;
  });

export const prepareDefinition = (source: Record<string, any>): PreparedDefinition => {
  const definition = structuredClone(source);
  const tasks = new Map<string, TaskMeta>();
  const executionTimeoutSeconds: number | undefined = definition.TimeoutSeconds;
  delete definition.TimeoutSeconds;

  // In AWS a heartbeat expiry matches both States.HeartbeatTimeout and States.Timeout; the
  // engine matches one name, so every States.Timeout matcher also names the heartbeat error.
  const widenTimeouts = (state: any) => {
    for (const m of [...(state.Retry ?? []), ...(state.Catch ?? [])]) {
      if (m.ErrorEquals.includes('States.Timeout') && !m.ErrorEquals.includes('States.HeartbeatTimeout')) {
        m.ErrorEquals = [...m.ErrorEquals, 'States.HeartbeatTimeout'];
      }
    }
  };

  const walk = (machine: { States: Record<string, any> }, topLevel: boolean) => {
    for (const [name, state] of Object.entries(machine.States)) {
      if (tasks.has(name)) throw new DefinitionError(`State name ${name} is used twice`);
      widenTimeouts(state);
      if (state.Type === 'Parallel') {
        for (const b of state.Branches) walk(b, false);
      } else if (state.Type === 'Map') {
        walk(state.ItemProcessor ?? state.Iterator, false);
      } else if (state.Type === 'Task') {
        if (state.TimeoutSecondsPath || state.HeartbeatSecondsPath) {
          if (!state.Parameters || typeof state.Parameters !== 'object') {
            throw new DefinitionError(`${name}: TimeoutSecondsPath/HeartbeatSecondsPath need Parameters on the embedded host`);
          }
          if (state.TimeoutSecondsPath) state.Parameters[`${TIMEOUT_FROM_INPUT}.$`] = state.TimeoutSecondsPath;
          if (state.HeartbeatSecondsPath) state.Parameters[`${HEARTBEAT_FROM_INPUT}.$`] = state.HeartbeatSecondsPath;
          delete state.TimeoutSecondsPath;
          delete state.HeartbeatSecondsPath;
        }
        tasks.set(name, {
          kind: 'task',
          resource: state.Resource,
          callback: String(state.Resource).endsWith('.waitForTaskToken'),
          timeoutSeconds: state.TimeoutSeconds,
          heartbeatSeconds: state.HeartbeatSeconds,
          topLevel,
        });
        state.TimeoutSeconds = ENGINE_MAX_TIMEOUT_SECONDS;
        delete state.HeartbeatSeconds;
      } else if (state.Type === 'Wait') {
        const parameters: Record<string, unknown> = {};
        if (state.Seconds !== undefined) parameters.seconds = state.Seconds;
        if (state.SecondsPath) parameters['seconds.$'] = state.SecondsPath;
        if (state.Timestamp) parameters.timestamp = state.Timestamp;
        if (state.TimestampPath) parameters['timestamp.$'] = state.TimestampPath;
        const { Seconds: _a, SecondsPath: _b, Timestamp: _c, TimestampPath: _d, ...rest } = state;
        machine.States[name] = {
          ...rest,
          Type: 'Task',
          Resource: LOCAL_WAIT_RESOURCE,
          Parameters: parameters,
          ResultPath: null,
          TimeoutSeconds: ENGINE_MAX_TIMEOUT_SECONDS,
        };
        tasks.set(name, { kind: 'wait', resource: LOCAL_WAIT_RESOURCE, callback: false, topLevel });
      }
    }
  };
  walk(definition as { States: Record<string, any> }, true);
  const topLevelStates = new Set(Object.keys(definition.States));
  addEnterMarkers(definition, tasks);
  return { definition, tasks, topLevelStates, executionTimeoutSeconds };
};

/**
 * Puts a marker Task before every top-level state and points every transition (StartAt, Next,
 * Choice rules, Default, Catch) at the marker. The marker's handler records "entered X with
 * input I" durably before X runs; the engine's own event stream lags too far behind for that.
 * Markers pass their input through unchanged and are hidden from the execution history.
 */
const addEnterMarkers = (definition: Record<string, any>, tasks: Map<string, TaskMeta>) => {
  const states = definition.States as Record<string, any>;
  const names = Object.keys(states);
  const to = (target: string) => (names.includes(target) ? enterMarker(target) : target);
  for (const state of Object.values(states)) {
    if (state.Next) state.Next = to(state.Next);
    if (state.Default) state.Default = to(state.Default);
    for (const c of state.Choices ?? []) c.Next = to(c.Next);
    for (const c of state.Catch ?? []) c.Next = to(c.Next);
  }
  for (const name of names) {
    states[enterMarker(name)] = { Type: 'Task', Resource: LOCAL_ENTER_RESOURCE, TimeoutSeconds: ENGINE_MAX_TIMEOUT_SECONDS, Next: name };
    tasks.set(enterMarker(name), { kind: 'enter', resource: LOCAL_ENTER_RESOURCE, callback: false, topLevel: true });
  }
  definition.StartAt = to(definition.StartAt);
};
