import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openTestDataSource, runsOneTransactionAtATime, type TestDataSource } from '@app/persistence';
import { ENTRA_ENTITIES, ENTRA_MIGRATIONS } from '../database';
import { ChangeLog, readChangesAfter } from './change-log';

describe('ChangeLog (real database)', () => {
  let db: TestDataSource;
  let ds: DataSource;
  const at = new Date('2026-01-01T00:00:00Z');

  beforeAll(async () => {
    db = await openTestDataSource({ name: 'entra', entities: ENTRA_ENTITIES, migrations: ENTRA_MIGRATIONS });
    ds = db.ds;
  });
  afterAll(async () => {
    await db.close();
  });

  it('takes the advisory lock on PostgreSQL only: the embedded database runs one transaction at a time', async () => {
    expect(runsOneTransactionAtATime(ds.options)).toBe(!process.env.DATABASE_URL);
    const sent: string[] = [];
    await ds.transaction(async (tx) => {
      const query = tx.query.bind(tx);
      tx.query = ((sql: string, params?: unknown[]) => (sent.push(sql), query(sql, params))) as typeof tx.query;
      await new ChangeLog(tx).record('user', randomUUID(), 'created', null, at);
    });
    expect(sent.some((sql) => sql.includes('pg_advisory_xact_lock'))).toBe(!!process.env.DATABASE_URL);
  });

  it('a rolled-back transaction leaves no change behind', async () => {
    const id = randomUUID();
    await expect(
      ds.transaction(async (tx) => {
        await new ChangeLog(tx).record('user', id, 'created', null, at);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const all = await readChangesAfter(ds.manager, '0', 1000);
    expect(all.filter((c) => c.objectId === id)).toEqual([]);
  });

  it('concurrent writers commit in sequence order, so a paging reader misses and repeats nothing', async () => {
    const seen: string[] = [];
    let cursor = '0';
    const read = async () => {
      for (;;) {
        const page = await readChangesAfter(ds.manager, cursor, 7);
        if (page.length === 0) return;
        seen.push(...page.map((c) => c.objectId));
        cursor = page[page.length - 1].seq;
      }
    };
    const written: string[] = [];
    const writers = Array.from({ length: 40 }, (_, i) =>
      ds.transaction(async (tx) => {
        const id = randomUUID();
        await new ChangeLog(tx).record('user', id, 'updated', null, at);
        // hold the transaction open a little, in a varying order, while readers page
        await new Promise((r) => setTimeout(r, (i * 7) % 13));
        written.push(id);
      }),
    );
    // One reader keeps paging from its cursor while the writers commit.
    let done = false;
    const reader = (async () => {
      while (!done) {
        await read();
        await new Promise((r) => setTimeout(r, 3));
      }
    })();
    await Promise.all(writers);
    done = true;
    await reader;
    await read();
    const mine = seen.filter((id) => written.includes(id));
    expect(new Set(mine).size).toBe(mine.length);
    expect([...mine].sort()).toEqual([...written].sort());
    const seqs = (await readChangesAfter(ds.manager, '0', 1000)).map((c) => BigInt(c.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => (a < b ? -1 : 1)));
  });
});
