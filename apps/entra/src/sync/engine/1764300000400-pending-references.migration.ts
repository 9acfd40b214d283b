import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * References (a user's manager, a group's members) that did not resolve when their object was exported because the
 * referenced object was not in the target yet. The cycle's reference pass (phase `references`) exports those that
 * resolve by then and forgets the rest, as Entra does: a manager that enters scope in a later cycle is not exported
 * to an unchanged report (reference §9.3). Rows live only while a cycle runs; they are written in the page
 * transaction, so an interrupted cycle resumes its reference pass.
 */
export class EntraPendingReferences1764300000400 implements MigrationInterface {
  name = 'EntraPendingReferences1764300000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE entra.sync_pending_references (
      job_id text NOT NULL REFERENCES entra.sync_jobs (id) ON DELETE CASCADE,
      source_id uuid NOT NULL,
      object_type text NOT NULL,
      -- Source ids of the referenced objects that were not linked yet.
      referenced_ids uuid[] NOT NULL,
      PRIMARY KEY (job_id, source_id))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS entra.sync_pending_references`);
  }
}
