import { describe, expect, it } from 'vitest';
import { MAX_EXECUTION_TIME_MS, REDRIVABLE_PERIOD_MS, redriveRefusal, stepsToRunAgain } from '../../infra/local/sfn/redrive.ts';
import { describeOf } from '../../infra/local/sfn/views.ts';
import { anExecution, T0 } from '../support/sfn-records.ts';

const at = (ms: number) => new Date(T0.getTime() + ms);
const closed = (over = {}, steps = {}) => anExecution({ status: 'FAILED', stopDate: at(1000), ...over }, steps);

describe('who may be redriven', () => {
  it('not a running or succeeded execution, with AWS’s reasons', () => {
    expect(redriveRefusal(anExecution(), at(0))).toBe('Execution is RUNNING and cannot be redriven.');
    expect(redriveRefusal(closed({ status: 'SUCCEEDED' }), at(2000))).toBe('Execution is SUCCEEDED and cannot be redriven.');
  });

  it('a failed, timed-out or aborted one within 14 days of closing', () => {
    for (const status of ['FAILED', 'TIMED_OUT', 'ABORTED'] as const)
      expect(redriveRefusal(closed({ status }), at(1000 + REDRIVABLE_PERIOD_MS))).toBeUndefined();
    expect(redriveRefusal(closed(), at(1001 + REDRIVABLE_PERIOD_MS))).toBe('Execution redrivable period exceeded.');
  });

  it('not one whose history has no room left, or that has been open a year', () => {
    const full = closed();
    for (let id = 1; id <= 24_999; id++) full.history.push({ id, previousEventId: id - 1, timestamp: T0, type: 'PassStateEntered' });
    expect(redriveRefusal(full, at(2000))).toBe('Execution history event limit exceeded.');
    full.history.pop();
    expect(redriveRefusal(full, at(2000))).toBeUndefined();
    expect(redriveRefusal(closed({ stopDate: at(MAX_EXECUTION_TIME_MS - 1) }), at(MAX_EXECUTION_TIME_MS))).toBe(
      'Execution has exceeded the max execution time.',
    );
  });

  it('is what DescribeExecution says', () => {
    expect(describeOf(closed({ status: 'SUCCEEDED' }), 'Execution is SUCCEEDED and cannot be redriven.')).toMatchObject({
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven.',
    });
    expect(describeOf(closed(), undefined)).toMatchObject({ redriveStatus: 'REDRIVABLE', redriveStatusReason: undefined });
  });
});

describe('what a redrive runs again', () => {
  it('every step of the state it stopped in that did not succeed', () => {
    const e = closed(
      { lastTopLevel: { name: 'Review', input: {}, visit: 2 } },
      {
        '1#Check#a#0': { kind: 'lambda', status: 'failed' },
        '2#Check#a#0': { kind: 'lambda', status: 'succeeded' },
        '2#Check#b#0': { kind: 'lambda', status: 'failed' },
        '2#Ask#c#0': { kind: 'callback', status: 'aborted' },
      },
    );
    expect(stepsToRunAgain(e)).toEqual(['2#Check#b#0', '2#Ask#c#0']);
  });
});
