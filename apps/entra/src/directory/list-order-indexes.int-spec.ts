/**
 * The directory lists' first pages read an index in the order they sort by, instead of sorting the table: the plan
 * PostgreSQL (or the embedded PGlite) chooses for the exact SQL readPage sends, on a table large enough that a sort
 * would cost more than the index walk.
 */
import { DataSource, EntityManager } from 'typeorm';
import { openTestDataSource, type TestDataSource } from '@app/persistence';
import { ENTRA_ENTITIES, ENTRA_MIGRATIONS } from '../database';
import { GROUPS_COLLECTION } from '../groups/groups.service';
import { USERS_COLLECTION } from '../users/users.service';
import { USER_SELECT_SQL } from '../users/user.model';
import { parseCollectionRequest, readPage, type CollectionSpec } from './collection-query';

const ROWS = 5_000;

describe('list order indexes (real database)', () => {
  let db: TestDataSource;
  let ds: DataSource;

  beforeAll(async () => {
    db = await openTestDataSource({ name: 'entra', entities: ENTRA_ENTITIES, migrations: ENTRA_MIGRATIONS });
    ds = db.ds;
    await ds.runMigrations();
    await ds.query(
      `INSERT INTO entra.users (id, user_principal_name, display_name, mail_nickname, account_enabled, created_date_time, change_seq)
       SELECT gen_random_uuid(), 'user' || i || '@contoso.example', 'User ' || md5(i::text), 'user' || i, true, now(), i
       FROM generate_series(1, ${ROWS}) AS i`,
    );
    await ds.query(
      `INSERT INTO entra.groups (id, display_name, mail_nickname, security_enabled, mail_enabled, created_date_time, change_seq)
       SELECT gen_random_uuid(), 'Group ' || md5(i::text), 'group' || i, true, false, now(), i
       FROM generate_series(1, ${ROWS}) AS i`,
    );
    await ds.query('ANALYZE entra.users');
    await ds.query('ANALYZE entra.groups');
  });
  afterAll(async () => {
    await db?.close();
  });

  /** The plans of the statements readPage runs for `query`, as text. */
  async function plansOf(spec: CollectionSpec, query: Record<string, string>, columns: string): Promise<string[]> {
    const plans: string[] = [];
    const explaining = {
      query: async (sql: string, params: unknown[]) => {
        const rows: { 'QUERY PLAN': string }[] = await ds.query(`EXPLAIN ${sql}`, params);
        plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
        return sql.includes('count(*)') ? [{ n: '0' }] : [];
      },
    } as unknown as EntityManager;
    const request = parseCollectionRequest(spec, query, { consistencylevel: 'eventual' });
    await readPage(explaining, spec, request, columns);
    return plans;
  }

  it.each([
    ['users by displayName', USERS_COLLECTION, 'displayName', 'users_display_name_order_idx'],
    ['users by userPrincipalName', USERS_COLLECTION, 'userPrincipalName', 'users_upn_order_idx'],
    ['groups by displayName', GROUPS_COLLECTION, 'displayName', 'groups_display_name_order_idx'],
  ])('%s: the first page walks its order index, with no sort', async (_name, spec, property, index) => {
    const columns = spec === USERS_COLLECTION ? USER_SELECT_SQL : 'id, display_name';
    const [page] = await plansOf(spec, { $orderby: property, $top: '25' }, columns);
    expect(page).toContain(index);
    expect(page).not.toMatch(/\bSort\b/);
  });
});
