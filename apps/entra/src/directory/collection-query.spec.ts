import type { EntityManager } from 'typeorm';
import { CollectionRequest, CollectionSpec, readPage } from './collection-query';

const spec: CollectionSpec = {
  table: 'entra.users',
  resourceName: 'users',
  typeName: 'user',
  props: {},
  selectable: [],
  baseWhere: 'true',
};
const request: CollectionRequest = { orderBy: [], top: 10, count: true, fingerprint: '[]' };

/** A database whose every query fails, the count query a little after the page query. */
function failingDb(): EntityManager {
  let calls = 0;
  return {
    query: (sql: string) => {
      calls++;
      const delay = sql.includes('count(*)') ? 20 : 1;
      return new Promise((_, reject) => setTimeout(() => reject(new Error(`query ${calls} failed`)), delay));
    },
  } as unknown as EntityManager;
}

describe('readPage when the database refuses the queries', () => {
  it('rejects once, and leaves no rejection unhandled (which would end the process)', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      await expect(readPage(failingDb(), spec, request, 'id')).rejects.toThrow(/failed/);
      await new Promise((resolve) => setTimeout(resolve, 60));
    } finally {
      process.off('unhandledRejection', listener);
    }
    expect(unhandled).toEqual([]);
  });
});
