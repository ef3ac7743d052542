/** Drives requests one after another or many at once and times them. */

/** Runs `fn(i)` for i < n one at a time; the time each took. */
export const oneAfterAnother = async (n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> => {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await fn(i);
    ms.push(performance.now() - s);
  }
  return ms;
};

/** Runs `fn(i)` for i < n with `inFlight` at a time; the rate overall and each one's time. */
export const manyAtOnce = async (
  n: number,
  inFlight: number,
  fn: (i: number) => Promise<unknown>,
): Promise<{ perSecond: number; ms: number[]; totalMs: number }> => {
  const ms: number[] = [];
  let next = 0;
  const s = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(inFlight, n) }, async () => {
      while (next < n) {
        const i = next++;
        const t = performance.now();
        await fn(i);
        ms.push(performance.now() - t);
      }
    }),
  );
  const totalMs = performance.now() - s;
  return { perSecond: n / (totalMs / 1000), ms, totalMs };
};
