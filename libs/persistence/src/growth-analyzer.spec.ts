import { GrowthAnalyzer, RunSql } from './growth-analyzer';

/** A fake database whose table holds `rows` rows; ANALYZE records the count it saw. */
function fakeDatabase(options: { failAnalyze?: boolean } = {}) {
  const state = { rows: 0, analyzedAt: [] as number[], reltuples: -1 };
  const run: RunSql = async (text) => {
    if (text.startsWith('ANALYZE')) {
      if (options.failAnalyze) throw new Error('permission denied');
      state.analyzedAt.push(state.rows);
      state.reltuples = state.rows;
      return [];
    }
    return [{ n: state.reltuples }];
  };
  return { state, run };
}

async function insert(analyzer: GrowthAnalyzer, state: { rows: number }, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    state.rows++;
    analyzer.noteInserted();
    await analyzer.idle();
  }
}

describe('GrowthAnalyzer', () => {
  it.each([
    { inserted: 499, minRows: 500, analyzedAt: [] },
    { inserted: 500, minRows: 500, analyzedAt: [500] },
    // each ANALYZE waits for the table to double: 500, 1,000, 2,000, 4,000 …
    { inserted: 4_000, minRows: 500, analyzedAt: [500, 1_000, 2_000, 4_000] },
    { inserted: 3_999, minRows: 500, analyzedAt: [500, 1_000, 2_000] },
    { inserted: 50, minRows: 10, analyzedAt: [10, 20, 40] },
  ])('after $inserted inserts (minRows $minRows) it analyzed at $analyzedAt', async ({ inserted, minRows, analyzedAt }) => {
    const db = fakeDatabase();
    const analyzer = new GrowthAnalyzer(db.run, 's.t', { minRows });
    await insert(analyzer, db.state, inserted);
    expect(db.state.analyzedAt).toEqual(analyzedAt);
  });

  it('runs one ANALYZE at a time: growth reported meanwhile does not start a second', async () => {
    let release!: () => void;
    let started = 0;
    const analyzer = new GrowthAnalyzer(
      async (text) => {
        if (text.startsWith('ANALYZE')) {
          started++;
          await new Promise<void>((resolve) => (release = resolve));
        }
        return [{ n: 10 }];
      },
      's.t',
      { minRows: 10 },
    );
    analyzer.noteInserted(10);
    analyzer.noteInserted(100);
    expect(started).toBe(1);
    release();
    await analyzer.idle();
    analyzer.noteInserted(10);
    expect(started).toBe(2);
    release();
    await analyzer.idle();
  });

  it('reports a failing ANALYZE to onError and keeps serving', async () => {
    const db = fakeDatabase({ failAnalyze: true });
    const errors: unknown[] = [];
    const analyzer = new GrowthAnalyzer(db.run, 's.t', { minRows: 5, onError: (e) => errors.push(e) });
    await insert(analyzer, db.state, 10);
    expect(errors).toHaveLength(2);
    expect((errors[0] as Error).message).toBe('permission denied');
  });
});
