import { MigrationInterface, QueryRunner } from 'typeorm';

/** The per-tenant opt-in to `GET {base}/Token`, which hands the tenant's token to any caller (off by default). */
export class TokenEndpoint1764300000000 implements MigrationInterface {
  name = 'TokenEndpoint1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE scim_target.tenants ADD COLUMN token_endpoint boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE scim_target.tenants DROP COLUMN token_endpoint`);
  }
}
