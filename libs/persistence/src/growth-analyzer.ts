/** Runs one SQL statement and answers its rows. */
export type RunSql = (text: string, values?: unknown[]) => Promise<Array<Record<string, unknown>>>;

export interface GrowthAnalyzerOptions {
  /** Rows inserted before the first ANALYZE, and the least growth between two. */
  minRows?: number;
  /** Told when an ANALYZE fails (it is retried after the next growth step; callers never see the error). */
  onError?: (error: unknown) => void;
}

/**
 * Keeps the planner's statistics in step with a table that an application fills quickly.
 *
 * A table that has never been analyzed has no column statistics, so the planner guesses that `tenant = $1` selects
 * 0.5 % of the rows, and any index that starts with `(tenant, resource_type)` then looks as good for a one-row lookup
 * as the primary key. Autovacuum corrects this only after its next pass (up to a minute, and never on PGlite, which
 * has no autovacuum); a SCIM target filling up during an initial cycle meanwhile walks whole index ranges per lookup
 * (30 ms instead of 0.05 ms at 30,000 rows, getting worse as it grows).
 *
 * So the writer reports its inserts here, and once the table has grown by as many rows as it held at the last
 * ANALYZE (at least `minRows`), one ANALYZE runs in the background: about log2(rows) runs while a table grows,
 * each sampling at most 30,000 rows. ANALYZE also invalidates cached plans of prepared statements, so named
 * statements re-plan with the new figures.
 */
export class GrowthAnalyzer {
  private readonly minRows: number;
  private threshold: number;
  private pending = 0;
  private running: Promise<void> | undefined;

  constructor(
    private readonly run: RunSql,
    /** Schema-qualified table name, a trusted identifier (never user input). */
    private readonly table: string,
    private readonly options: GrowthAnalyzerOptions = {},
  ) {
    this.minRows = options.minRows ?? 500;
    this.threshold = this.minRows;
  }

  /** Records `rows` inserted rows; may start an ANALYZE in the background. */
  noteInserted(rows = 1): void {
    this.pending += rows;
    if (this.running || this.pending < this.threshold) return;
    this.pending = 0;
    this.running = this.analyze().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves when no ANALYZE is in flight (for shutdown: the connection must outlive it). */
  async idle(): Promise<void> {
    await this.running;
  }

  private async analyze(): Promise<void> {
    try {
      await this.run(`ANALYZE ${this.table}`);
      const rows = await this.run(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = $1::regclass`, [this.table]);
      const analyzed = Number(rows[0]?.n ?? 0);
      this.threshold = Math.max(this.minRows, Number.isFinite(analyzed) ? analyzed : 0);
    } catch (error) {
      this.options.onError?.(error);
    }
  }
}
