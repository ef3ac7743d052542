import { describe, expect, it } from 'vitest';
import { Journal } from '../../infra/local/sfn/journal.ts';
import { PendingTasks } from '../../infra/local/sfn/pending.ts';
import { anExecution, fixedClock, T0 } from '../support/sfn-records.ts';

describe('the journal', () => {
  it('numbers history events in order, each pointing at the one before, on the host’s clock', () => {
    const clock = fixedClock();
    const journal = new Journal(clock);
    const exec = anExecution();
    journal.record(exec, { type: 'ExecutionStarted', details: { executionStartedEventDetails: { input: '{}' } } });
    clock.advance(1000);
    journal.record(exec, { type: 'PassStateEntered', details: { stateEnteredEventDetails: { name: 'A' } } });
    expect(exec.history.map(({ id, previousEventId, timestamp, type }) => ({ id, previousEventId, timestamp, type }))).toEqual([
      { id: 1, previousEventId: 0, timestamp: T0, type: 'ExecutionStarted' },
      { id: 2, previousEventId: 1, timestamp: new Date(T0.getTime() + 1000), type: 'PassStateEntered' },
    ]);
  });
});

describe('steps the engine waits on', () => {
  it('record the outcome before the engine sees it, and settle once', async () => {
    const journal = new Journal(fixedClock());
    const pending = new PendingTasks(journal);
    const exec = anExecution({}, { k: { kind: 'callback', status: 'pending', token: 't' } });
    const task = pending.attach(exec, 'k', 'Ask');
    const seen = task.promise.then((v) => ({ v, step: exec.steps.get('k') }));
    await pending.settle(task, { kind: 'callback', status: 'succeeded', result: { ok: 1 } });
    await pending.settle(task, { kind: 'callback', status: 'failed', error: 'Late' });
    expect(await seen).toEqual({ v: { ok: 1 }, step: { kind: 'callback', status: 'succeeded', token: 't', result: { ok: 1 } } });
    expect(pending.all()).toEqual([]);
  });

  it('fail the engine’s wait with the recorded error name, as Retry and Catch match it', async () => {
    const pending = new PendingTasks(new Journal(fixedClock()));
    const task = pending.attach(anExecution(), 'k', 'Ask');
    const failed = task.promise.catch((e: Error) => e);
    await pending.settle(task, { kind: 'lambda', status: 'failed', error: 'Sandbox.Timedout', cause: '{}' });
    expect(await failed).toMatchObject({ name: 'Sandbox.Timedout', message: '{}' });
  });
});
