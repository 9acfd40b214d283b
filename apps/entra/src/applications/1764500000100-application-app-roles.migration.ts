import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The app roles an application declares (Graph `application.appRoles`), editable with PATCH. Its service principal
 * keeps its own copy (`service_principals.app_roles`): the application's roles plus any the service principal added.
 * Existing applications start with their service principal's roles.
 */
export class EntraApplicationAppRoles1764500000100 implements MigrationInterface {
  name = 'EntraApplicationAppRoles1764500000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE entra.applications ADD COLUMN app_roles jsonb NOT NULL DEFAULT '[]'`);
    await q.query(
      `UPDATE entra.applications a SET app_roles = sp.app_roles FROM entra.service_principals sp WHERE sp.application_id = a.id`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE entra.applications DROP COLUMN IF EXISTS app_roles`);
  }
}
