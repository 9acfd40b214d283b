import { MigrationInterface, QueryRunner } from 'typeorm';

/** The simulated directory: users, groups, memberships, apps, assignments, and the change log that orders them. */
export class EntraInitialSchema1764100000000 implements MigrationInterface {
  name = 'EntraInitialSchema1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS entra`);
    await q.query(`CREATE TABLE entra.settings (key text PRIMARY KEY, value text NOT NULL)`);
    // One counter for every change of the directory; taken under a transaction-level advisory lock so that
    // sequence order is commit order (a reader of "changes after N" can never skip a late committer).
    await q.query(`CREATE SEQUENCE entra.change_seq AS bigint`);
    await q.query(`CREATE TABLE entra.users (
      id uuid PRIMARY KEY,
      user_principal_name text NOT NULL,
      display_name text NOT NULL,
      given_name text,
      surname text,
      mail text,
      mail_nickname text NOT NULL,
      account_enabled boolean NOT NULL,
      job_title text,
      department text,
      employee_id text,
      business_phones text[] NOT NULL DEFAULT '{}',
      mobile_phone text,
      office_location text,
      street_address text,
      city text,
      state text,
      postal_code text,
      country text,
      preferred_language text,
      user_type text NOT NULL DEFAULT 'Member',
      manager_id uuid,
      created_date_time timestamptz NOT NULL,
      deleted_date_time timestamptz,
      change_seq bigint NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX users_upn_uq ON entra.users (lower(user_principal_name))`);
    await q.query(`CREATE INDEX users_display_name_idx ON entra.users (lower(display_name), id)`);
    await q.query(`CREATE INDEX users_manager_idx ON entra.users (manager_id)`);
    await q.query(`CREATE TABLE entra.groups (
      id uuid PRIMARY KEY,
      display_name text NOT NULL,
      mail_nickname text NOT NULL,
      description text,
      security_enabled boolean NOT NULL,
      mail_enabled boolean NOT NULL,
      created_date_time timestamptz NOT NULL,
      deleted_date_time timestamptz,
      change_seq bigint NOT NULL)`);
    await q.query(`CREATE INDEX groups_display_name_idx ON entra.groups (lower(display_name), id)`);
    await q.query(`CREATE TABLE entra.group_members (
      group_id uuid NOT NULL REFERENCES entra.groups (id) ON DELETE CASCADE,
      member_id uuid NOT NULL,
      member_type text NOT NULL,
      PRIMARY KEY (group_id, member_id))`);
    await q.query(`CREATE INDEX group_members_member_idx ON entra.group_members (member_id)`);
    await q.query(`CREATE TABLE entra.applications (
      id uuid PRIMARY KEY,
      app_id uuid NOT NULL UNIQUE,
      display_name text NOT NULL,
      application_template_id text,
      created_date_time timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE entra.service_principals (
      id uuid PRIMARY KEY,
      app_id uuid NOT NULL UNIQUE,
      application_id uuid REFERENCES entra.applications (id) ON DELETE CASCADE,
      display_name text NOT NULL,
      application_template_id text,
      app_roles jsonb NOT NULL DEFAULT '[]',
      tags text[] NOT NULL DEFAULT '{}',
      created_date_time timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE entra.app_role_assignments (
      id text PRIMARY KEY,
      app_role_id uuid NOT NULL,
      principal_id uuid NOT NULL,
      principal_type text NOT NULL,
      resource_id uuid NOT NULL REFERENCES entra.service_principals (id) ON DELETE CASCADE,
      created_date_time timestamptz NOT NULL,
      UNIQUE (resource_id, principal_id, app_role_id))`);
    await q.query(`CREATE INDEX app_role_assignments_principal_idx ON entra.app_role_assignments (principal_id)`);
    await q.query(`CREATE TABLE entra.changes (
      seq bigint PRIMARY KEY,
      object_type text NOT NULL,
      object_id uuid NOT NULL,
      kind text NOT NULL,
      related_id uuid,
      at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX changes_type_seq_idx ON entra.changes (object_type, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA entra CASCADE`);
  }
}
