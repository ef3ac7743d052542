/** How the bench counts sequential round trips from call start and end times. */
import { describe, expect, it } from 'vitest';
import { sequentialDepth, summarize } from '../support/aws-calls.ts';

const call = (start: number, end: number) => ({ start, end });

describe('sequentialDepth', () => {
  it('counts none for no calls and one for one', () => {
    expect(sequentialDepth([])).toBe(0);
    expect(sequentialDepth([call(0, 5)])).toBe(1);
  });
  it('counts calls in flight together once', () => {
    expect(sequentialDepth([call(0, 5), call(1, 6), call(2, 4)])).toBe(1);
  });
  it('counts a call sent after another returned as one more', () => {
    expect(sequentialDepth([call(0, 5), call(5, 9), call(10, 12)])).toBe(3);
  });
  it('follows the longest chain, not the groups of overlapping calls', () => {
    // One long call beside two short ones in sequence: the handler waited on two round trips.
    expect(sequentialDepth([call(0, 10), call(1, 3), call(4, 6)])).toBe(2);
    expect(sequentialDepth([call(4, 6), call(0, 10), call(1, 3), call(11, 12)])).toBe(3);
  });
  it('takes a call that never returned as ending never', () => {
    expect(sequentialDepth([call(0, Number.NaN), call(1, 2), call(3, 4)])).toBe(2);
  });
});

describe('summarize', () => {
  it('names each operation once with its count', () => {
    expect(summarize([{ operation: 'GetItem' }, { operation: 'Query' }, { operation: 'GetItem' }])).toBe('GetItem ×2, Query');
  });
});
