import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { filterPredicate } from './filter-eval';
import { parseFilter } from './filter-parser';
import { filterToSql } from './filter-sql';
import { PropertyMap } from './property-map';
import { SEMANTICS_CASES, USERS, USER_PROPS, UserRow } from './test-fixtures';
import { filterTextArbitrary, userRowArbitrary } from './test-arbitraries';

/**
 * Cross-check: filterToSql run in embedded PostgreSQL (PGlite) selects exactly the rows
 * evaluateFilter selects. PGlite needs `--experimental-vm-modules` (as `npm test` passes);
 * under plain `npx jest` this suite is skipped.
 */
const vmModules =
  process.execArgv.some((a) => a.includes('experimental-vm-modules')) ||
  (process.env.NODE_OPTIONS ?? '').includes('experimental-vm-modules');
const describeWithDb = vmModules ? describe : describe.skip;

/** Same columns, proxyAddresses stored as jsonb instead of text[]. */
const JSONB_PROPS: PropertyMap = {
  ...USER_PROPS,
  proxyAddresses: { ...USER_PROPS.proxyAddresses, sql: 'u.proxy_addresses_json', collection: 'jsonb' },
};

const COLUMNS: readonly (readonly [graph: string, column: string, sqlType: string])[] = [
  ['id', 'id', 'uuid PRIMARY KEY'],
  ['displayName', 'display_name', 'text'],
  ['userPrincipalName', 'user_principal_name', 'text'],
  ['mail', 'mail', 'text'],
  ['jobTitle', 'job_title', 'text'],
  ['accountEnabled', 'account_enabled', 'boolean'],
  ['createdDateTime', 'created_date_time', 'timestamptz'],
  ['signInCount', 'sign_in_count', 'integer'],
  ['businessPhones', 'business_phones', 'text[]'],
  ['proxyAddresses', 'proxy_addresses', 'text[]'],
  ['aboutMe', 'about_me', 'text'],
  ['onPremisesExtensionAttributes/extensionAttribute1', 'extension_attribute_1', 'text'],
];

describeWithDb('filterToSql in PostgreSQL agrees with evaluateFilter', () => {
  let db: PGlite;

  const load = async (rows: readonly UserRow[]): Promise<void> => {
    await db.exec('DELETE FROM users');
    for (const row of rows) {
      const values = COLUMNS.map(([graph]) => row[graph] ?? null);
      const proxies = row.proxyAddresses;
      const placeholders = [...COLUMNS.map((_, i) => `$${i + 1}`), `$${COLUMNS.length + 1}::jsonb`];
      await db.query(
        `INSERT INTO users (${[...COLUMNS.map(([, c]) => c), 'proxy_addresses_json'].join(', ')}) VALUES (${placeholders.join(', ')})`,
        [...values, proxies === null || proxies === undefined ? null : JSON.stringify(proxies)],
      );
    }
  };

  const sqlIds = async (filter: string, props: PropertyMap, firstParam = 1): Promise<string[]> => {
    const { sql, params } = filterToSql(parseFilter(filter), props, firstParam);
    // Pad so that firstParam > 1 is exercised with real placeholders.
    const padding = Array.from({ length: firstParam - 1 }, (_, i) => `$${i + 1}::int IS NULL`);
    const where = [...padding, sql].join(' OR ');
    const pad = Array.from({ length: firstParam - 1 }, () => 0);
    const result = await db.query<{ id: string }>(`SELECT u.id::text AS id FROM users u WHERE ${where} ORDER BY u.id`, [...pad, ...params]);
    return result.rows.map((r) => r.id);
  };

  const evalIds = (filter: string, rows: readonly UserRow[], props: PropertyMap): string[] => {
    const predicate = filterPredicate(parseFilter(filter), props);
    return rows
      .filter(predicate)
      .map((r) => String(r.id))
      .sort();
  };

  beforeAll(async () => {
    db = new PGlite();
    const defs = [...COLUMNS.map(([, c, t]) => `${c} ${t}`), 'proxy_addresses_json jsonb'];
    await db.exec(`CREATE TABLE users (${defs.join(', ')})`);
  });
  afterAll(async () => {
    await db.close();
  });

  describe('semantics table', () => {
    beforeAll(() => load(USERS));
    it.each(SEMANTICS_CASES)('%s', async (filter, expected) => {
      const ids = (await sqlIds(filter, USER_PROPS)).map((id) => id.slice(-2));
      expect(ids).toEqual(expected);
      const jsonbIds = (await sqlIds(filter, JSONB_PROPS, 3)).map((id) => id.slice(-2));
      expect(jsonbIds).toEqual(expected);
    });
  });

  it('generated filters over generated rows: same rows either way', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(userRowArbitrary, { minLength: 1, maxLength: 6, selector: (r) => String(r.id) }),
        filterTextArbitrary,
        async (rows, filter) => {
          await load(rows);
          expect(await sqlIds(filter, USER_PROPS)).toEqual(evalIds(filter, rows, USER_PROPS));
          expect(await sqlIds(filter, JSONB_PROPS)).toEqual(evalIds(filter, rows, JSONB_PROPS));
        },
      ),
      { numRuns: 300 },
    );
  });
});
