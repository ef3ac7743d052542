/**
 * How long an invocation has run, as Lambda would count it. In AWS every invocation has a
 * sandbox of its own; here all of them share one process and one DynamoDB Local, so two hundred
 * requests at once each take far longer than any of them would alone. An invocation's time is
 * therefore its share of the wall clock: while no more invocations run than the machine has
 * cores, each counts the wall clock; beyond that, each counts cores/n of it. A function that is
 * slow on its own times out as in AWS; a burst of concurrent invocations is not failed for the
 * host's own contention.
 */
import { availableParallelism } from 'node:os';

interface Running {
  budgetMs: number;
  usedMs: number;
  /** Wall time up to which `usedMs` is counted. */
  countedTo: number;
  timer?: NodeJS.Timeout;
  onExpire: () => void;
}

export interface InvocationBudget {
  /** What Lambda's context.getRemainingTimeInMillis answers. */
  remainingMs(): number;
  /** The invocation ended: its time stops counting, and the others' share grows. */
  stop(): void;
}

export class SharedProcessTime {
  private readonly running = new Set<Running>();

  constructor(
    private readonly parallelism: number = availableParallelism(),
    private readonly now: () => number = Date.now,
  ) {}

  /** The part of the wall clock each running invocation counts. */
  private share(): number {
    return Math.min(1, this.parallelism / Math.max(1, this.running.size));
  }

  /** Starts counting an invocation's time; `onExpire` is called once its share reaches `budgetMs`. */
  start(budgetMs: number, onExpire: () => void): InvocationBudget {
    this.countUpToNow();
    const r: Running = { budgetMs, usedMs: 0, countedTo: this.now(), onExpire };
    this.running.add(r);
    this.reschedule();
    return {
      remainingMs: () => Math.max(0, Math.floor(r.budgetMs - r.usedMs - (this.running.has(r) ? (this.now() - r.countedTo) * this.share() : 0))),
      stop: () => this.end(r),
    };
  }

  private end(r: Running): void {
    if (!this.running.has(r)) return;
    this.countUpToNow();
    clearTimeout(r.timer);
    this.running.delete(r);
    this.reschedule();
  }

  /** Adds each running invocation's share of the time since it was last counted. */
  private countUpToNow(): void {
    const now = this.now();
    const share = this.share();
    for (const r of this.running) {
      r.usedMs += (now - r.countedTo) * share;
      r.countedTo = now;
    }
  }

  /** What is left of each budget, in wall time at the present share. */
  private reschedule(): void {
    const share = this.share();
    for (const r of this.running) {
      clearTimeout(r.timer);
      r.timer = setTimeout(
        () => {
          this.end(r);
          r.onExpire();
        },
        Math.max(0, Math.ceil((r.budgetMs - r.usedMs) / share)),
      );
    }
  }
}
