/** Small statistics and the machine's state, so every figure the bench prints says how busy the machine was. */
import { cpus, loadavg } from 'node:os';

export const median = (xs: number[]): number => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Nearest-rank percentile. */
export const pct = (xs: number[], p: number): number => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};

/** One-minute load average, rounded: what `uptime` shows first. */
export const load1 = (): number => Math.round(loadavg()[0]! * 100) / 100;

export interface Load {
  /** One-minute load average when the measurement started and when it ended. */
  before: number;
  after: number;
}

/** Runs `fn` and notes the load average around it. */
export const underLoad = async <T>(fn: () => Promise<T>): Promise<{ value: T; load: Load }> => {
  const before = load1();
  const value = await fn();
  return { value, load: { before, after: load1() } };
};

export const machine = () => ({ cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', loadavg: loadavg().map((x) => Math.round(x * 100) / 100) });

export const elapsed = async <T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> => {
  const s = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - s };
};
