import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * User properties that real attribute mappings read: employeeType, companyName, employeeOrgData (division,
 * costCenter) and onPremisesExtensionAttributes (extensionAttribute1–15). employeeOrgData is one value (Graph
 * replaces it whole); the extension attributes are a jsonb object of the attributes set, so a PATCH of one keeps the
 * others (as Graph does).
 */
export class EntraUserOrgAttributes1764500000000 implements MigrationInterface {
  name = 'EntraUserOrgAttributes1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE entra.users
      ADD COLUMN employee_type text,
      ADD COLUMN company_name text,
      ADD COLUMN employee_org_data jsonb,
      ADD COLUMN on_premises_extension_attributes jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE entra.users
      DROP COLUMN IF EXISTS on_premises_extension_attributes,
      DROP COLUMN IF EXISTS employee_org_data,
      DROP COLUMN IF EXISTS company_name,
      DROP COLUMN IF EXISTS employee_type`);
  }
}
