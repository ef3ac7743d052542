/** Execution records for unit tests of the Step Functions parts: no engine, no store. */
import { type ExecutionRecord, newExecution } from '../../infra/local/sfn/execution.ts';
import type { StepRecord } from '../../infra/local/sfn/store.ts';

export const T0 = new Date('2026-03-02T01:00:00Z');

export const anExecution = (over: Partial<ExecutionRecord> = {}, steps: Record<string, StepRecord> = {}): ExecutionRecord =>
  Object.assign(
    newExecution({
      executionArn: `arn:aws:states:cn-local-1:000000000000:execution:m:${over.name ?? 'e1'}`,
      stateMachineArn: 'arn:aws:states:cn-local-1:000000000000:stateMachine:m',
      name: 'e1',
      input: '{}',
      startDate: T0,
      definitionHash: 'h',
    }),
    { steps: new Map(Object.entries(steps)) },
    over,
  );

export const fixedClock = (at: Date = T0) => {
  let now = at.getTime();
  return { now: () => new Date(now), set: (d: Date) => void (now = d.getTime()), advance: (ms: number) => void (now += ms) };
};
