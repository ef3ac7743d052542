import { describe, expect, it } from 'vitest';
import { historyPage, listPage, paginate } from '../../infra/local/sfn/views.ts';
import { anExecution, T0 } from '../support/sfn-records.ts';

describe('paging', () => {
  it('walks a list by opaque next tokens and refuses a forged one', () => {
    const items = [1, 2, 3, 4, 5];
    const first = paginate(items, undefined, 2, 100);
    const second = paginate(items, first.nextToken, 2, 100);
    const last = paginate(items, second.nextToken, 2, 100);
    expect([first.page, second.page, last.page]).toEqual([[1, 2], [3, 4], [5]]);
    expect(last.nextToken).toBeUndefined();
    expect(() => paginate(items, Buffer.from('-3').toString('base64url'), 2, 100)).toThrow(expect.objectContaining({ type: 'InvalidToken' }));
  });
});

describe('ListExecutions', () => {
  it('lists one state machine’s executions, newest first, by status', () => {
    const old = anExecution({ name: 'old', startDate: T0 });
    const young = anExecution({ name: 'young', startDate: new Date(T0.getTime() + 1000), status: 'FAILED' });
    const other = anExecution({ name: 'other', stateMachineArn: 'arn:aws:states:cn-local-1:000000000000:stateMachine:n' });
    const arn = old.stateMachineArn;
    expect(listPage([old, young, other], { stateMachineArn: arn }).executions.map((e) => e.name)).toEqual(['young', 'old']);
    expect(listPage([old, young, other], { stateMachineArn: arn, statusFilter: 'RUNNING' }).executions.map((e) => e.name)).toEqual(['old']);
  });
});

describe('GetExecutionHistory', () => {
  it('reverses on request and leaves out inputs and outputs without execution data', () => {
    const exec = anExecution();
    exec.history.push(
      { id: 1, previousEventId: 0, timestamp: T0, type: 'ExecutionStarted', executionStartedEventDetails: { input: '{"id":"secret"}', roleArn: 'r' } },
      { id: 2, previousEventId: 1, timestamp: T0, type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{}' } },
    );
    expect(historyPage(exec, { reverseOrder: true }).events.map((e) => e.id)).toEqual([2, 1]);
    const [started] = historyPage(exec, { includeExecutionData: false }).events;
    expect(started).toEqual({ id: 1, previousEventId: 0, timestamp: T0, type: 'ExecutionStarted', executionStartedEventDetails: { roleArn: 'r' } });
  });
});
