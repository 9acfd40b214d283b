/**
 * Runs `fn` over `items` with at most `limit` calls in flight and answers the results in input order.
 * Hand-written because the well-known packages for this (p-limit, p-map) ship as ES modules only, which this
 * CommonJS build cannot require; it is ten lines and tested in concurrency.spec.ts.
 */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
