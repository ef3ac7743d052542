import { describe, expect, it } from 'vitest';
import { dueAt } from '../../infra/local/sfn/deadlines.ts';
import type { PendingTask } from '../../infra/local/sfn/pending.ts';
import type { StepRecord } from '../../infra/local/sfn/store.ts';
import { anExecution } from '../support/sfn-records.ts';

const taskOn = (step: StepRecord) => {
  const exec = anExecution({}, { k: step });
  return { exec, key: 'k', stateName: 'S', done: false } as PendingTask;
};

describe('what is due', () => {
  it('finishes a Wait, fails a missed heartbeat before a timeout, and times out a task at its deadline', () => {
    const wait = taskOn({ kind: 'wait', status: 'pending', deadlineAt: 100 });
    const heartbeat = taskOn({ kind: 'callback', status: 'pending', deadlineAt: 100, heartbeatAt: 50 });
    const timeout = taskOn({ kind: 'lambda', status: 'started', deadlineAt: 100 });
    const later = taskOn({ kind: 'callback', status: 'pending', deadlineAt: 101 });
    expect(dueAt(99, [wait, timeout, later], [])).toEqual([]);
    expect(dueAt(100, [wait, heartbeat, timeout, later], [])).toEqual([
      { kind: 'waited', task: wait },
      { kind: 'heartbeat', task: heartbeat },
      { kind: 'timeout', task: timeout },
    ]);
  });

  it('times out a function invocation on the wall clock, so moving the host clock on by days does not fail one that is running', () => {
    const running = taskOn({ kind: 'lambda', status: 'started', deadlineAt: 1_000 });
    const callback = taskOn({ kind: 'callback', status: 'pending', deadlineAt: 1_000 });
    // The host clock is days ahead, the wall clock is not: only the human step is due.
    expect(dueAt(1_000 + 5 * 86_400_000, [running, callback], [], 500)).toEqual([{ kind: 'timeout', task: callback }]);
    expect(dueAt(500, [running, callback], [], 1_000)).toEqual([{ kind: 'timeout', task: running }]);
  });

  it('leaves tasks already settled, and executions that are closed or within their time', () => {
    const settled = { ...taskOn({ kind: 'wait', status: 'pending', deadlineAt: 1 }), done: true };
    const running = anExecution({ name: 'a', timeoutAt: 100 });
    const closed = anExecution({ name: 'b', timeoutAt: 10, status: 'FAILED' });
    const young = anExecution({ name: 'c', timeoutAt: 1000 });
    expect(dueAt(100, [settled], [running, closed, young])).toEqual([{ kind: 'execution', exec: running }]);
  });
});
