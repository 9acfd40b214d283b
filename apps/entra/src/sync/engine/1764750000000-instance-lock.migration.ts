import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The liveness key of the instance that holds a job's lease (instance-lock.ts): on PostgreSQL each engine holds an
 * advisory lock on a connection of its own for as long as it lives, so a lease whose instance died is taken over at
 * once instead of when it expires.
 */
export class EntraInstanceLock1764750000000 implements MigrationInterface {
  name = 'EntraInstanceLock1764750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE entra.sync_jobs ADD COLUMN IF NOT EXISTS lease_lock integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE entra.sync_jobs DROP COLUMN IF EXISTS lease_lock`);
  }
}
