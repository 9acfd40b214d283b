import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Group displayName unique per tenant regardless of case, unless the tenant allows duplicates. The unique index
 * covers the rows flagged `display_name_unique`: a tenant's groups are flagged while it does not allow duplicates
 * (TenantRegistry.updateSettings flips them; ResourceRepository flags a new group from the tenant row it locks).
 * A tenant that already holds two groups of the same name keeps allowing them, so upgrading loses nothing.
 */
export class GroupNameUniqueness1764200000000 implements MigrationInterface {
  name = 'GroupNameUniqueness1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE scim_target.tenants ADD COLUMN allow_duplicate_group_names boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE scim_target.tenants t SET allow_duplicate_group_names = true
      WHERE EXISTS (SELECT 1 FROM scim_target.resources r
                     WHERE r.tenant = t.name AND r.resource_type = 'Group' AND r.display_name IS NOT NULL
                     GROUP BY lower(r.display_name) HAVING count(*) > 1)`);
    await q.query(`ALTER TABLE scim_target.resources ADD COLUMN display_name_unique boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE scim_target.resources r SET display_name_unique = true
      FROM scim_target.tenants t
      WHERE t.name = r.tenant AND NOT t.allow_duplicate_group_names AND r.resource_type = 'Group'`);
    await q.query(
      `CREATE UNIQUE INDEX resources_group_display_name_uq ON scim_target.resources (tenant, lower(display_name)) WHERE display_name_unique`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX scim_target.resources_group_display_name_uq`);
    await q.query(`ALTER TABLE scim_target.resources DROP COLUMN display_name_unique`);
    await q.query(`ALTER TABLE scim_target.tenants DROP COLUMN allow_duplicate_group_names`);
  }
}
