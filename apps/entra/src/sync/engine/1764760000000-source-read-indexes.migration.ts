import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The engine reads an app's assigned users and assigned groups separately, in principal id order (source-reader.ts).
 * The unique (resource_id, principal_id, app_role_id) index serves "assigned users after X" only by filtering out the
 * groups, and "the assigned groups" by reading every assignment of the app: 12 ms a page with 100,000 users assigned
 * and no group. With the principal type in the key both are ranges of their own.
 */
export class EntraSourceReadIndexes1764760000000 implements MigrationInterface {
  name = 'EntraSourceReadIndexes1764760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS app_role_assignments_resource_type_idx ON entra.app_role_assignments (resource_id, principal_type, principal_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS entra.app_role_assignments_resource_type_idx`);
  }
}
