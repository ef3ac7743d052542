import { describe, expect, it } from 'vitest';
import { enterTopLevel, inputHash, lostInvocation, nextStepKey, replayOf, stateNameOfKey } from '../../infra/local/sfn/replay.ts';
import { anExecution } from '../support/sfn-records.ts';

describe('step keys', () => {
  it('name the visit, the state, the effective input and its occurrence, so loops stay distinct', () => {
    const exec = anExecution({ visit: 3 });
    const a = nextStepKey(exec, 'Ask', { section: 'organs' });
    const b = nextStepKey(exec, 'Ask', { section: 'organs' });
    const c = nextStepKey(exec, 'Ask', { section: 'institutions' });
    expect(a).toBe(`3#Ask#${inputHash({ section: 'organs' })}#0`);
    expect(b).toBe(`3#Ask#${inputHash({ section: 'organs' })}#1`);
    expect(c.endsWith('#0')).toBe(true);
    expect(stateNameOfKey(a)).toBe('Ask');
  });

  it('do not depend on the order of an object’s members (RFC 8785)', () => {
    expect(inputHash({ a: 1, b: [1, 2] })).toBe(inputHash({ b: [1, 2], a: 1 }));
    expect(inputHash({ a: 1 })).not.toBe(inputHash({ a: 2 }));
  });
});

describe('entering a top-level state', () => {
  it('starts a new visit and forgets the occurrences of the last one', () => {
    const exec = anExecution();
    nextStepKey(exec, 'Ask', {});
    expect(enterTopLevel(exec, 'Review', { planId: 'p1' })).toBe(true);
    expect(exec).toMatchObject({ visit: 1, lastTopLevel: { name: 'Review', input: { planId: 'p1' }, visit: 1 } });
    expect(exec.occurrences.size).toBe(0);
  });

  it('resumes the visit a restart or redrive names, once', () => {
    const exec = anExecution({ visit: 7, resumeVisit: 4 });
    expect(enterTopLevel(exec, 'Review', {})).toBe(false);
    expect(exec.visit).toBe(4);
    expect(exec.resumeVisit).toBeUndefined();
    expect(enterTopLevel(exec, 'Decide', {})).toBe(true);
    expect(exec.visit).toBe(5);
  });
});

describe('what a recorded step means on replay', () => {
  it('runs a step never recorded, discarded by a redrive or aborted with its branch', () => {
    expect(replayOf(undefined)).toEqual({ kind: 'run' });
    expect(replayOf({ kind: 'lambda', status: 'discarded' })).toEqual({ kind: 'run' });
    expect(replayOf({ kind: 'callback', status: 'aborted' })).toEqual({ kind: 'run' });
  });

  it('replays a result or an error, waits again for an open step, and calls a cut-off invocation lost', () => {
    expect(replayOf({ kind: 'lambda', status: 'succeeded', result: { ok: 1 } })).toEqual({ kind: 'succeeded', result: { ok: 1 } });
    expect(replayOf({ kind: 'callback', status: 'failed', error: 'Refused', cause: 'no' })).toEqual({ kind: 'failed', error: 'Refused', cause: 'no' });
    expect(replayOf({ kind: 'callback', status: 'pending', token: 't' })).toEqual({ kind: 'wait' });
    expect(replayOf({ kind: 'lambda', status: 'started' })).toEqual({ kind: 'lost' });
    expect(lostInvocation({ kind: 'lambda', status: 'started', deadlineAt: 5 })).toMatchObject({
      status: 'failed',
      error: 'Lambda.ServiceException',
      deadlineAt: 5,
    });
  });
});
