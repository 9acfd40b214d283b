import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Columns the Graph synchronization API needs on top of the synchronization tables:
 * - `force_deletes`: set by `restart` with resetScope ForceDeletes; the engine executes the job's
 *   sync_staged_deletes on its next cycle and clears the flag.
 * - `reset_generation`: bumped by every API change that resets the job's progress (restart, schema PUT/DELETE),
 *   so a cycle that was already running can tell that its watermark must not be written back.
 */
export class EntraSyncApi1764300000200 implements MigrationInterface {
  name = 'EntraSyncApi1764300000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE entra.sync_jobs ADD COLUMN force_deletes boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE entra.sync_jobs ADD COLUMN reset_generation integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE entra.sync_jobs DROP COLUMN IF EXISTS reset_generation`);
    await q.query(`ALTER TABLE entra.sync_jobs DROP COLUMN IF EXISTS force_deletes`);
  }
}
