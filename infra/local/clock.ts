/**
 * The embedded host's clock: real time plus an offset that `npm run clock` moves forward. The
 * offset is kept in a file so it survives a restart, and listeners (the Step Functions endpoint,
 * the scheduler) re-check their deadlines as soon as it moves.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Clock } from '../../shared/clock.ts';

export class ManualClock implements Clock {
  private offsetMs = 0;
  private readonly listeners = new Set<() => Promise<void> | void>();

  constructor(private readonly file?: string) {
    if (file && existsSync(file)) this.offsetMs = Number(JSON.parse(readFileSync(file, 'utf8')).offsetMs) || 0;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock forward and waits until every listener has acted on the new time. */
  async advance(ms: number): Promise<Date> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('The clock only moves forward');
    this.offsetMs += ms;
    if (this.file) writeFileSync(this.file, JSON.stringify({ offsetMs: this.offsetMs }));
    await this.notify();
    return this.now();
  }

  onChange(listener: () => Promise<void> | void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async notify(): Promise<void> {
    for (const l of this.listeners) await l();
  }
}

const UNITS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };

/** Parses `+30d`, `12h`, `+1d12h`, `90m` into milliseconds. */
export const parseDuration = (text: string): number => {
  const t = text.trim().replace(/^\+/, '');
  const re = /(\d+(?:\.\d+)?)([smhdw])/g;
  let total = 0;
  let consumed = 0;
  for (const m of t.matchAll(re)) {
    total += Number(m[1]) * UNITS[m[2]!]!;
    consumed += m[0].length;
  }
  if (consumed === 0 || consumed !== t.length) throw new Error(`Cannot read duration "${text}": use e.g. +30d, 12h, 1d6h, 90m`);
  return total;
};
