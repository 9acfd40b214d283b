/**
 * When a purge of time-stamped rows (a retention) can next delete anything. Rows are stamped with the simulated
 * clock's now when written and the clock only moves forward, so after a purge the oldest row left — or, with none
 * left, now — plus the retention is the first instant anything is due. A purge run on every clock advance asks
 * `isDue` first and skips its queries until then; a purge on a wall-clock timer can ignore it (nothing goes stale).
 */
export class NextDue {
  /** Epoch ms; undefined until the first purge tells. */
  private at?: number;

  constructor(private readonly retentionMs: number) {}

  /** Whether a purge at `now` may find something due (always, until a purge has settled it). */
  isDue(now: Date): boolean {
    return this.at === undefined || now.getTime() >= this.at;
  }

  /** After a purge at `now`: the oldest row it left (null when none). */
  settle(oldest: Date | null, now: Date): void {
    this.at = (oldest ?? now).getTime() + this.retentionMs;
  }

  /** Rows stamped `time` were written (a writer that may use a time other than now tells it here). */
  wrote(time: Date): void {
    if (this.at !== undefined) this.at = Math.min(this.at, time.getTime() + this.retentionMs);
  }

  /** Forget what is known (rows may have been written with other times, e.g. by an import). */
  reset(): void {
    this.at = undefined;
  }
}
