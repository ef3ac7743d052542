/**
 * Turns the engine's event stream (aws-local-stepfunctions' eventLogs) into history events with
 * AWS's types: `<Type>StateEntered/Exited` for each state, Parallel and Map with their Started,
 * Succeeded and Failed events, Map iterations with their index. The engine's own inventions
 * (StateRetried, StateCaught, branch events, `<Task>StateFailed`) have no AWS counterpart: a
 * retry shows as the task's next TaskScheduled, a task's failure as its TaskFailed (tasks.ts).
 * Execution-level events are recorded by the endpoint itself, with its clock; hidden marker
 * states (definition.ts) never show.
 */
import { ENTER_PREFIX } from './definition.ts';
import type { EventBody } from './history.ts';

export interface EngineEvent {
  type: string;
  state?: { name: string; type: string; input: unknown; output?: unknown };
  index?: number;
  parentState?: { name: string };
  Error?: string;
  Cause?: unknown;
}

const STATE_TYPES = new Set(['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);
const WHOLE = { truncated: false };

/** One per engine run: it remembers which Parallel and Map states failed, so their exit after a Catch is not called a success. */
export class EngineEventMapper {
  private readonly failed = new Map<string, number>();

  /** `isWait` names the Wait states the engine runs as Tasks (definition.ts), so they show as Waits. */
  constructor(private readonly isWait: (stateName: string) => boolean) {}

  map(ev: EngineEvent): EventBody[] {
    const s = ev.state;
    if (s?.name.startsWith(ENTER_PREFIX)) return [];
    const type = s && (this.isWait(s.name) ? 'Wait' : s.type);
    switch (ev.type) {
      case 'StateEntered': {
        if (!s || !STATE_TYPES.has(type!)) return [];
        const entered = {
          type: `${type}StateEntered`,
          details: { stateEnteredEventDetails: { name: s.name, input: JSON.stringify(s.input ?? null), inputDetails: WHOLE } },
        };
        return type === 'Parallel' || type === 'Map' ? [entered, { type: `${type}StateStarted`, details: {} }] : [entered];
      }
      case 'StateExited': {
        // A Fail state has no exit in AWS's history: the execution fails there.
        if (!s || !STATE_TYPES.has(type!) || type === 'Fail') return [];
        const exited = {
          type: `${type}StateExited`,
          details: { stateExitedEventDetails: { name: s.name, output: JSON.stringify(s.output ?? null), outputDetails: WHOLE } },
        };
        if (type !== 'Parallel' && type !== 'Map') return [exited];
        const failures = this.failed.get(s.name) ?? 0;
        if (failures > 0) {
          this.failed.set(s.name, failures - 1);
          return [exited];
        }
        return [{ type: `${type}StateSucceeded`, details: {} }, exited];
      }
      case 'StateFailed':
        if (!s || (type !== 'Parallel' && type !== 'Map')) return [];
        this.failed.set(s.name, (this.failed.get(s.name) ?? 0) + 1);
        return [{ type: `${type}StateFailed`, details: {} }];
      case 'MapIterationStarted':
      case 'MapIterationSucceeded':
      case 'MapIterationFailed': {
        const detailsKey = `mapIteration${ev.type.slice('MapIteration'.length)}EventDetails`;
        return [{ type: ev.type, details: { [detailsKey]: { name: ev.parentState?.name, index: ev.index } } }];
      }
      default:
        return [];
    }
  }
}
