import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS scim_target`);
    await q.query(`CREATE TABLE scim_target.settings (
      key text PRIMARY KEY,
      value text NOT NULL)`);
    await q.query(`CREATE TABLE scim_target.tenants (
      name text PRIMARY KEY,
      profile text NOT NULL,
      token text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      token_rotated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE UNIQUE INDEX tenants_token_uq ON scim_target.tenants (token)`);
    await q.query(`CREATE TABLE scim_target.resources (
      tenant text NOT NULL REFERENCES scim_target.tenants (name) ON DELETE CASCADE,
      id uuid NOT NULL,
      seq bigserial NOT NULL,
      resource_type text NOT NULL,
      user_name text,
      display_name text,
      external_id text,
      data jsonb NOT NULL,
      version integer NOT NULL,
      created timestamptz NOT NULL,
      last_modified timestamptz NOT NULL,
      PRIMARY KEY (tenant, id))`);
    await q.query(
      `CREATE UNIQUE INDEX resources_user_name_uq ON scim_target.resources (tenant, resource_type, lower(user_name)) WHERE user_name IS NOT NULL`,
    );
    await q.query(`CREATE INDEX resources_order_idx ON scim_target.resources (tenant, resource_type, seq)`);
    await q.query(`CREATE INDEX resources_external_id_idx ON scim_target.resources (tenant, resource_type, external_id)`);
    await q.query(`CREATE INDEX resources_display_name_idx ON scim_target.resources (tenant, resource_type, lower(display_name))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA scim_target CASCADE`);
  }
}
