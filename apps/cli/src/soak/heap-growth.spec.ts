import { collectGarbage, HeapGrowth } from './heap-growth';

const MB = 1_048_576;

/** Feeds `cycles` samples from `sample(cycle)` and returns the last growth figure (null if none yet). */
function run(cyclesPerDay: number, cycles: number, sample: (cycle: number) => number): number | null {
  const watch = new HeapGrowth(cyclesPerDay);
  let last: number | null = null;
  for (let cycle = 0; cycle < cycles; cycle++) last = watch.add(cycle, sample(cycle));
  return last;
}

describe('HeapGrowth', () => {
  it.each([
    // name, cycles per day, cycles, sample, expected growth in MB (null: not enough days yet)
    ['a flat heap', 36, 36 * 7 + 1, () => 100 * MB, 0],
    ['a sawtooth between collections (the floor holds)', 36, 36 * 7 + 1, (c: number) => (100 + (c % 9) * 40) * MB, 0],
    ['a heavy initial cycle is not the baseline', 36, 36 * 3 + 1, (c: number) => (c === 0 ? 900 : 100) * MB, 0],
    ['a floor rising 1 MB a cycle (a leak)', 36, 36 * 7 + 1, (c: number) => (100 + c) * MB, 36 * 6],
    ['a leak under a sawtooth', 10, 10 * 5 + 1, (c: number) => (100 + c + (c % 3) * 50) * MB, 39],
    ['the heap shrinking after the first day', 36, 36 * 3 + 1, (c: number) => (c <= 36 ? 200 : 150) * MB, -50],
    ['less than two days: no figure yet', 36, 36 * 2, () => 100 * MB, null],
  ])('%s', (_name, perDay, cycles, sample, expected) => {
    const growth = run(perDay, cycles, sample);
    expect(growth === null ? null : growth / MB).toBe(expected);
  });

  it('gives the first figure after the first day and one more whole day', () => {
    const watch = new HeapGrowth(3);
    const figures = [0, 1, 2, 3, 4, 5, 6, 7].map((cycle) => watch.add(cycle, 10));
    expect(figures).toEqual([null, null, null, null, null, null, 0, 0]);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects %p cycles per day', (n) => {
    expect(() => new HeapGrowth(n)).toThrow(RangeError);
  });
});

describe('collectGarbage', () => {
  it('runs a full collection: an unreachable buffer is gone from the heap afterwards', () => {
    expect(collectGarbage()).toBe(true);
    const before = process.memoryUsage().heapUsed;
    const holder: { garbage?: number[][] } = {
      garbage: Array.from({ length: 200 }, () => Array.from({ length: 1000 }, (_, i) => i + 0.5)),
    };
    expect(process.memoryUsage().heapUsed - before).toBeGreaterThan(1_000_000);
    delete holder.garbage;
    collectGarbage();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(500_000);
  });
});
