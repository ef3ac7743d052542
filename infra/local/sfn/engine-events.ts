/**
 * Turns the engine's event stream (aws-local-stepfunctions' eventLogs) into history events.
 * Execution-level events are not taken from it: the endpoint records those itself, with its
 * clock. Hidden marker states (definition.ts) never show. Pure.
 */
import { ENTER_PREFIX } from './definition.ts';

export interface EngineEvent {
  type: string;
  state?: { name: string; type: string; input: unknown; output?: unknown };
  index?: number;
  parentState?: { name: string };
  Error?: string;
  Cause?: unknown;
}

export interface EventBody {
  type: string;
  details: Record<string, unknown>;
}

/** `isWait` names the Wait states the engine runs as Tasks (definition.ts), so they show as Waits. */
export const historyOfEngineEvent = (ev: EngineEvent, isWait: (stateName: string) => boolean): EventBody[] => {
  if (ev.state?.name.startsWith(ENTER_PREFIX)) return [];
  const stateType = (s: { name: string; type: string }) => (isWait(s.name) ? 'Wait' : s.type);
  switch (ev.type) {
    case 'StateEntered':
      return [{ type: `${stateType(ev.state!)}StateEntered`, details: { stateEnteredEventDetails: { name: ev.state!.name, input: JSON.stringify(ev.state!.input) } } }];
    case 'StateExited':
      return [{ type: `${stateType(ev.state!)}StateExited`, details: { stateExitedEventDetails: { name: ev.state!.name, output: JSON.stringify(ev.state!.output ?? null) } } }];
    case 'StateFailed':
      return [{ type: `${stateType(ev.state!)}StateFailed`, details: { stateFailedEventDetails: { name: ev.state!.name, error: ev.Error, cause: String(ev.Cause ?? '') } } }];
    case 'StateRetried':
      return [{ type: 'StateRetried', details: { stateRetriedEventDetails: { name: ev.state!.name } } }];
    case 'StateCaught':
      return [{ type: 'StateCaught', details: { stateCaughtEventDetails: { name: ev.state!.name } } }];
    case 'MapIterationStarted':
    case 'MapIterationSucceeded':
    case 'MapIterationFailed':
      return [{ type: ev.type, details: { mapIterationEventDetails: { name: ev.parentState?.name, index: ev.index } } }];
    default:
      return [];
  }
};
