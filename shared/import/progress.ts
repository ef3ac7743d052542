/**
 * Shows an import's progress on a console: rows done, rows per second and time left. On a
 * terminal one bar is redrawn in place; elsewhere (a log file, a pipe, CI) a plain line is
 * written when a phase starts, every few seconds, and when it ends, so the log shows that the
 * work moves without filling up with redraws.
 */
export interface ImportProgress {
  phase: 'organizations' | 'people';
  done: number;
  total: number;
}

export interface ProgressOptions {
  write: (text: string) => void;
  /** Redraw one line in place (a terminal) or write whole lines (anything else). */
  tty: boolean;
  /** Put before each line, e.g. `demo city: `. */
  prefix?: string;
  /** Plain lines at most this often, besides the first and the last of a phase. */
  everyMs?: number;
  now?: () => number;
}

const WIDTH = 30;

const seconds = (s: number): string => (s >= 90 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${Math.max(0, Math.round(s))} s`);

/** One line: the bar, the count, and speed with time left (or the time taken, once done). */
export const progressLine = (p: ImportProgress, elapsedMs: number): string => {
  const filled = p.total ? Math.round((p.done / p.total) * WIDTH) : WIDTH;
  const bar = `${p.phase.padEnd(14)} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${p.done}/${p.total}`;
  const secs = elapsedMs / 1000;
  const rate = secs > 0 ? p.done / secs : 0;
  if (p.done >= p.total) return `${bar}  ${Math.round(rate)} rows/s, done in ${seconds(secs)}`;
  if (rate === 0) return bar;
  return `${bar}  ${Math.round(rate)} rows/s, ${seconds((p.total - p.done) / rate)} left`;
};

export const progressReporter = (opts: ProgressOptions): ((p: ImportProgress) => void) => {
  const now = opts.now ?? Date.now;
  const everyMs = opts.everyMs ?? 5_000;
  const prefix = opts.prefix ?? '';
  let phase: string | undefined;
  let started = 0;
  let lastShown = 0;
  return (p) => {
    const t = now();
    const first = p.phase !== phase;
    if (first) {
      // Each phase reports 0 done as it starts: its rate and time left count from there.
      phase = p.phase;
      started = t;
      lastShown = 0;
    }
    const last = p.done >= p.total;
    if (opts.tty) {
      // A terminal redraws cheaply, but not on every one of thousands of batches.
      if (!first && !last && t - lastShown < 100) return;
      lastShown = t;
      opts.write(`\r${prefix}${progressLine(p, t - started)}${last ? '\n' : ''}`);
      return;
    }
    if (!first && !last && t - lastShown < everyMs) return;
    lastShown = t;
    opts.write(`${prefix}${progressLine(p, t - started)}\n`);
  };
};
