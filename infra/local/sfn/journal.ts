/**
 * Writes down what happens to an execution: history events (numbered in order, stamped with
 * the host's clock), the execution's own record, and its steps. Each change is made in memory
 * at once and queued to the store in order; callers await the writes that must be durable
 * before they act (a token before it is handed out, a result before the engine sees it).
 */
import type { Clock } from '../../../shared/clock.ts';
import { type ExecutionRecord, storedMeta } from './execution.ts';
import type { EventBody, HistoryEvent } from './history.ts';
import type { SfnStore, StepRecord } from './store.ts';

export class Journal {
  private readonly savedDefinitions = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly store?: SfnStore,
  ) {}

  record(exec: ExecutionRecord, { type, details }: EventBody): HistoryEvent {
    const id = exec.history.length + 1;
    const event: HistoryEvent = { id, previousEventId: id - 1, timestamp: this.clock.now(), type, ...details };
    exec.history.push(event);
    void this.store?.saveEvent(exec.executionArn, { ...event, timestamp: event.timestamp.toISOString() });
    return event;
  }

  saveMeta(exec: ExecutionRecord): Promise<void> {
    return this.store ? this.store.saveMeta(exec.executionArn, storedMeta(exec)) : Promise.resolve();
  }

  /** A definition an execution runs on, kept once (by its hash) so resumes and redrives find it again. */
  async saveDefinition(hash: string, definition: string): Promise<void> {
    if (!this.store || this.savedDefinitions.has(hash)) return;
    this.savedDefinitions.add(hash);
    await this.store.saveDefinition(hash, definition);
  }

  async saveStep(exec: ExecutionRecord, key: string, step: StepRecord): Promise<void> {
    exec.steps.set(key, step);
    await this.store?.saveStep(exec.executionArn, key, step);
  }
}
