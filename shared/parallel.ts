/** Runs `act` over `items` with at most `n` at a time (a Lambda's sockets and DynamoDB's partitions both prefer a few), keeping their order. */
export const mapLimited = async <T, R>(items: readonly T[], n: number, act: (item: T) => Promise<R>): Promise<R[]> => {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await act(items[i]!);
    }),
  );
  return out;
};
