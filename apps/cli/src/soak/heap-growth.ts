import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * The soak's memory invariant, as a pure function of per-cycle samples of the JavaScript heap.
 *
 * A single sample says little: the heap is a sawtooth (it climbs between collections and drops after one), and a
 * process's RSS also holds what legitimately grows with the data, such as the embedded database's pages in WebAssembly
 * memory. What a leak looks like is the *floor* of the sawtooth rising. So the baseline is the lowest heap seen over
 * the first simulated day (after the initial cycle, which builds the caches a steady state keeps), and each later
 * figure is the lowest heap over the last day's worth of cycles: many collections happen in a day of cycles, so each
 * floor is close to the live set. Growth is the difference between the two floors. The soak also runs a full
 * collection once a simulated day (collectGarbage), so each day's floor is the live set itself: without it, old-space
 * garbage awaiting a major collection raised the floor by up to 60 MB over a 300-user week that did not leak.
 */
export class HeapGrowth {
  private baseline: number | null = null;
  private firstDay: number[] = [];
  private readonly recent: number[] = [];

  /** @param cyclesPerDay how many cycles one simulated day holds (36 at one cycle per 40 minutes). */
  constructor(private readonly cyclesPerDay: number) {
    if (!Number.isInteger(cyclesPerDay) || cyclesPerDay < 1) throw new RangeError('cyclesPerDay must be a positive integer');
  }

  /**
   * Records the heap after cycle `cycle` (0 = the initial cycle) and returns the growth of the floor in bytes once a
   * baseline and a whole later day exist, or null before that.
   */
  add(cycle: number, heapUsedBytes: number): number | null {
    if (cycle === 0) return null;
    if (this.baseline === null) {
      this.firstDay.push(heapUsedBytes);
      if (this.firstDay.length === this.cyclesPerDay) {
        this.baseline = Math.min(...this.firstDay);
        this.firstDay = [];
      }
      return null;
    }
    this.recent.push(heapUsedBytes);
    if (this.recent.length > this.cyclesPerDay) this.recent.shift();
    if (this.recent.length < this.cyclesPerDay) return null;
    return Math.min(...this.recent) - this.baseline;
  }
}

let gc: (() => void) | null | undefined;

/**
 * Runs a full garbage collection, so the heap sampled next is the live set. Node exposes `gc` only under
 * --expose-gc; the flag can be set at run time and the function read from a fresh context (what jest's
 * --detectLeaks does). Returns false where that is not possible.
 */
export function collectGarbage(): boolean {
  if (gc === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') gc = exposed;
    else {
      try {
        setFlagsFromString('--expose-gc');
        const fn: unknown = runInNewContext('gc');
        gc = typeof fn === 'function' ? (fn as () => void) : null;
      } catch {
        gc = null;
      }
    }
  }
  if (!gc) return false;
  gc();
  return true;
}
