/** At most `limit` holders at a time; the others wait in arrival order. */
export class ConcurrencyGate {
  private holders = 0;
  private readonly queue: Array<() => void> = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  }

  /** Requests holding a slot. */
  get active(): number {
    return this.holders;
  }

  /** Requests waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with a release function once a slot is free; calling release more than once is harmless. */
  acquire(): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = (): void => {
        this.holders += 1;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.holders -= 1;
          this.queue.shift()?.();
        });
      };
      if (this.holders < this.limit) grant();
      else this.queue.push(grant);
    });
  }
}
