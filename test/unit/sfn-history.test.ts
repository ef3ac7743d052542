import { HistoryEvent$ } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { EngineEventMapper } from '../../infra/local/sfn/engine-events.ts';
import { type EventBody, executionEvents, taskEvents, taskResourceOf } from '../../infra/local/sfn/history.ts';
import { historyEventProblems } from '../support/aws-shape.ts';

const asEvent = (b: EventBody, id = 1) => ({ id, previousEventId: id - 1, timestamp: new Date(0), type: b.type, ...b.details });
const problemsOf = (bodies: EventBody[]) => bodies.flatMap((b, i) => historyEventProblems(HistoryEvent$, asEvent(b, i + 1)));

describe('task resources', () => {
  it('split an integration into resourceType and resource, and keep a bare Lambda ARN', () => {
    expect(taskResourceOf('arn:aws:states:::lambda:invoke')).toEqual({ style: 'integration', resourceType: 'lambda', resource: 'invoke' });
    expect(taskResourceOf('arn:aws:states:::lambda:invoke.waitForTaskToken')).toEqual({
      style: 'integration',
      resourceType: 'lambda',
      resource: 'invoke.waitForTaskToken',
    });
    expect(taskResourceOf('arn:aws:lambda:cn-local-1:000000000000:function:f')).toEqual({
      style: 'lambda',
      arn: 'arn:aws:lambda:cn-local-1:000000000000:function:f',
    });
  });
});

describe('task events', () => {
  it('are Task* events naming the integration, with AWS members only', () => {
    const e = taskEvents('arn:aws:states:::lambda:invoke', 'cn-local-1');
    const bodies = [
      e.scheduled({ FunctionName: 'f', Payload: {} }, 30),
      e.started(),
      e.succeeded('{}'),
      e.failed('Sandbox.Timedout', '{}'),
      e.timedOut('States.Timeout', 'x'),
    ];
    expect(bodies.map((b) => b.type)).toEqual(['TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskFailed', 'TaskTimedOut']);
    expect(bodies[0]!.details).toEqual({
      taskScheduledEventDetails: {
        resourceType: 'lambda',
        resource: 'invoke',
        region: 'cn-local-1',
        parameters: '{"FunctionName":"f","Payload":{}}',
        timeoutInSeconds: 30,
        heartbeatInSeconds: undefined,
      },
    });
    expect(problemsOf(bodies)).toEqual([]);
  });

  it('are LambdaFunction* events for a bare Lambda ARN, with no TaskSubmitted', () => {
    const e = taskEvents('arn:aws:lambda:cn-local-1:000000000000:function:f', 'cn-local-1');
    const bodies = [e.scheduled({ a: 1 }), e.started(), e.succeeded('{}'), e.failed('E', 'c'), e.timedOut('States.Timeout', 'c')];
    expect(bodies.map((b) => b.type)).toEqual([
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'LambdaFunctionFailed',
      'LambdaFunctionTimedOut',
    ]);
    expect(e.submitted({})).toBeUndefined();
    expect(problemsOf(bodies)).toEqual([]);
  });

  it('include TaskSubmitted for a callback', () => {
    const e = taskEvents('arn:aws:states:::lambda:invoke.waitForTaskToken', 'cn-local-1');
    expect(problemsOf([e.scheduled({}, 60, 10), e.started(), e.submitted({ StatusCode: 200 })!])).toEqual([]);
  });
});

describe('execution events', () => {
  it('have AWS members only', () => {
    expect(
      problemsOf([
        executionEvents.started('{}', 'arn:aws:iam::000000000000:role/local'),
        executionEvents.succeeded('{}'),
        executionEvents.failed('E', 'c'),
        executionEvents.timedOut('States.Timeout', 'c'),
        executionEvents.aborted(),
        executionEvents.redriven(1),
      ]),
    ).toEqual([]);
  });
});

describe("the engine's events", () => {
  const state = (name: string, type: string) => ({ name, type, input: { a: 1 }, output: { b: 2 } });
  const mapper = () => new EngineEventMapper((name) => name === 'Pause');

  it('become <Type>StateEntered/Exited, with Parallel and Map started and succeeded', () => {
    const m = mapper();
    const bodies = [
      ...m.map({ type: 'StateEntered', state: state('Review', 'Parallel') }),
      ...m.map({ type: 'StateExited', state: state('Review', 'Parallel') }),
      ...m.map({ type: 'StateEntered', state: state('Pause', 'Task') }),
      ...m.map({ type: 'MapIterationStarted', index: 2, parentState: { name: 'Sections' } }),
    ];
    expect(bodies.map((b) => b.type)).toEqual([
      'ParallelStateEntered',
      'ParallelStateStarted',
      'ParallelStateSucceeded',
      'ParallelStateExited',
      'WaitStateEntered',
      'MapIterationStarted',
    ]);
    expect(bodies.at(-1)!.details).toEqual({ mapIterationStartedEventDetails: { name: 'Sections', index: 2 } });
    expect(problemsOf(bodies)).toEqual([]);
  });

  it('drop what AWS does not write: retries, catches, task and Fail state failures, hidden markers', () => {
    const m = mapper();
    expect(m.map({ type: 'StateRetried', state: state('Work', 'Task') })).toEqual([]);
    expect(m.map({ type: 'StateCaught', state: state('Work', 'Task') })).toEqual([]);
    expect(m.map({ type: 'StateFailed', state: state('Work', 'Task'), Error: 'E' })).toEqual([]);
    expect(m.map({ type: 'StateExited', state: state('Stop', 'Fail') })).toEqual([]);
    expect(m.map({ type: 'StateEntered', state: state('__enter__Work', 'Task') })).toEqual([]);
    expect(m.map({ type: 'ParallelBranchStarted' })).toEqual([]);
  });

  it('do not call a caught Parallel a success', () => {
    const m = mapper();
    const bodies = [
      ...m.map({ type: 'StateFailed', state: state('Review', 'Parallel') }),
      ...m.map({ type: 'StateExited', state: state('Review', 'Parallel') }),
    ];
    expect(bodies.map((b) => b.type)).toEqual(['ParallelStateFailed', 'ParallelStateExited']);
  });
});
