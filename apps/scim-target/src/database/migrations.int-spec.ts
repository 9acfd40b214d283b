import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, createTestDatabase, TestDatabase } from '@app/persistence';
import { SCIM_TARGET_ENTITIES, SCIM_TARGET_MIGRATIONS } from './index';

/** Migrations applied to a database written by an older version: nothing it holds is lost or refused. */
describe('SCIM target migrations over existing data', () => {
  let db: TestDatabase;
  let dir: string;
  const open = async (migrations: Function[]) => {
    const ds = new DataSource(
      buildDataSourceOptions(
        { databaseUrl: db.databaseUrl, dataDir: dir },
        { name: 'scim-target', entities: SCIM_TARGET_ENTITIES, migrations },
      ),
    );
    await ds.initialize();
    return ds;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'provsim-migrations-'));
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('group names: a tenant that already holds duplicate names keeps allowing them; the others become unique', async () => {
    const before = await open(SCIM_TARGET_MIGRATIONS.slice(0, 1));
    await before.query(
      `INSERT INTO scim_target.tenants (name, profile, token) VALUES ('dups', 'generic', 't1'), ('clean', 'generic', 't2')`,
    );
    const group = (tenant: string, id: number, name: string) =>
      `('${tenant}', '00000000-0000-4000-8000-00000000000${id}', 'Group', '${name}', '{}'::jsonb, 1, now(), now())`;
    await before.query(
      `INSERT INTO scim_target.resources (tenant, id, resource_type, display_name, data, version, created, last_modified)
       VALUES ${[group('dups', 1, 'Sales'), group('dups', 2, 'SALES'), group('clean', 3, 'Sales'), group('clean', 4, 'Ops')].join(', ')}`,
    );
    await before.destroy();

    const after = await open(SCIM_TARGET_MIGRATIONS);
    try {
      const tenants = await after.query(`SELECT name, allow_duplicate_group_names AS allow FROM scim_target.tenants ORDER BY name`);
      expect(tenants).toEqual([
        { name: 'clean', allow: false },
        { name: 'dups', allow: true },
      ]);
      const flagged = await after.query(
        `SELECT tenant, count(*)::int AS n FROM scim_target.resources WHERE display_name_unique GROUP BY tenant`,
      );
      expect(flagged).toEqual([{ tenant: 'clean', n: 2 }]);
      await expect(
        after.query(
          `INSERT INTO scim_target.resources (tenant, id, resource_type, display_name, data, version, created, last_modified, display_name_unique)
           VALUES ('clean', '00000000-0000-4000-8000-000000000005', 'Group', 'sales', '{}'::jsonb, 1, now(), now(), true)`,
        ),
      ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23505' }) });
    } finally {
      await after.destroy();
    }
  });
});
