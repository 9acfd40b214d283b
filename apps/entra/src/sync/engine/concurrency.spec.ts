import { mapConcurrent } from './concurrency';

describe('mapConcurrent', () => {
  it.each([
    [0, 3],
    [1, 3],
    [5, 1],
    [10, 3],
    [7, 100],
  ])('%i items, limit %i: results in order, never more than the limit in flight', async (count, limit) => {
    let inFlight = 0;
    let peak = 0;
    const items = Array.from({ length: count }, (_, i) => i);
    const results = await mapConcurrent(items, limit, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return n * 2;
    });
    expect(results).toEqual(items.map((n) => n * 2));
    expect(peak).toBe(Math.min(count, limit));
  });

  it('rejects with the first failure', async () => {
    await expect(mapConcurrent([1, 2, 3], 2, async (n) => (n === 2 ? Promise.reject(new Error('boom')) : n))).rejects.toThrow('boom');
  });
});
