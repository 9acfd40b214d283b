import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delta queries ask "is there a later change of this object?" and "the membership changes of these groups
 * after N": both want the change log by object. Without this index delta stays correct, only slower.
 */
export class EntraDeltaIndexes1764200000000 implements MigrationInterface {
  name = 'EntraDeltaIndexes1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS changes_object_seq_idx ON entra.changes (object_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS entra.changes_object_seq_idx`);
  }
}
