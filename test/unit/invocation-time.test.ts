import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SharedProcessTime } from '../../infra/local/invocation-time.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("an invocation's time", () => {
  it('is the wall clock when it runs alone', () => {
    const time = new SharedProcessTime(1);
    const expired = vi.fn();
    const budget = time.start(1000, expired);
    vi.advanceTimersByTime(400);
    expect(budget.remainingMs()).toBe(600);
    vi.advanceTimersByTime(599);
    expect(expired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(expired).toHaveBeenCalledOnce();
  });

  it('is its share of the wall clock while more run in the process than it has cores', () => {
    const time = new SharedProcessTime(1);
    const first = vi.fn();
    const second = vi.fn();
    const a = time.start(1000, first);
    vi.advanceTimersByTime(400); // a alone: 400 used
    const b = time.start(1000, second);
    vi.advanceTimersByTime(600); // both: 300 each
    expect(a.remainingMs()).toBe(300);
    expect(b.remainingMs()).toBe(700);
    vi.advanceTimersByTime(599);
    expect(first).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1); // a's 300 left took 600 of wall time
    expect(first).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(399); // b alone again: 400 left
    expect(second).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(second).toHaveBeenCalledOnce();
  });

  it('is the wall clock while no more run than there are cores', () => {
    const time = new SharedProcessTime(2);
    const expired = [vi.fn(), vi.fn(), vi.fn()];
    const [a, b] = [time.start(1000, expired[0]!), time.start(1000, expired[1]!)];
    vi.advanceTimersByTime(500);
    expect([a.remainingMs(), b.remainingMs()]).toEqual([500, 500]);
    const c = time.start(1000, expired[2]!); // three on two cores: 2/3 of the wall clock each
    vi.advanceTimersByTime(300);
    expect([a.remainingMs(), c.remainingMs()]).toEqual([300, 800]);
    vi.advanceTimersByTime(451); // 300 left of a and b at 2/3: 450 ms, give or take rounding
    expect(expired.map((e) => e.mock.calls.length)).toEqual([1, 1, 0]);
  });

  it('stops counting when the invocation ends, and never expires after that', () => {
    const time = new SharedProcessTime(1);
    const expired = vi.fn();
    const budget = time.start(1000, expired);
    vi.advanceTimersByTime(500);
    budget.stop();
    budget.stop();
    vi.advanceTimersByTime(10_000);
    expect(expired).not.toHaveBeenCalled();
  });
});
