/** Import progress on a console: rate and time left; redrawn on a terminal, plain lines now and then elsewhere. */
import { describe, expect, it } from 'vitest';
import { type ImportProgress, progressLine, progressReporter } from '../../shared/import/progress.ts';

const run = (tty: boolean, steps: [number, ImportProgress][]) => {
  let t = 0;
  const out: string[] = [];
  const report = progressReporter({ write: (s) => out.push(s), tty, prefix: 'demo city: ', everyMs: 5_000, now: () => t });
  for (const [at, p] of steps) {
    t = at;
    report(p);
  }
  return out;
};

const people = (done: number): ImportProgress => ({ phase: 'people', done, total: 15_000 });

describe('import progress', () => {
  it('says how many rows a second and how long is left', () => {
    expect(progressLine(people(3000), 5_000)).toMatch(/people +\[#{6}\.{24}\] 3000\/15000 {2}600 rows\/s, 20 s left$/);
    expect(progressLine(people(15_000), 25_000)).toMatch(/15000\/15000 {2}600 rows\/s, done in 25 s$/);
    expect(progressLine(people(100), 1_000)).toMatch(/100 rows\/s, 2 min 29 s left$/);
  });

  it('writes plain lines where the output is not a terminal: when a phase starts, every few seconds, and at its end', () => {
    const steps: [number, ImportProgress][] = [[0, people(0)]];
    for (let ms = 100; ms <= 24_900; ms += 100) steps.push([ms, people(Math.floor(ms * 0.6))]);
    steps.push([25_000, people(15_000)]);
    const out = run(false, steps);
    expect(out.every((l) => l.startsWith('demo city: people') && l.endsWith('\n') && !l.includes('\r'))).toBe(true);
    expect(out).toHaveLength(1 + 4 + 1);
    expect(out[2]).toMatch(/6000\/15000 {2}600 rows\/s, 15 s left/);
    expect(out.at(-1)).toMatch(/done in 25 s/);
  });

  it('redraws one line in place on a terminal, at most ten times a second, and ends it with a newline', () => {
    const out = run(true, [
      [0, people(0)],
      [50, people(30)],
      [150, people(90)],
      [200, people(15_000)],
    ]);
    expect(out).toHaveLength(3);
    expect(out.every((l) => l.startsWith('\rdemo city: people'))).toBe(true);
    expect(out.at(-1)!.endsWith('\n')).toBe(true);
  });
});
