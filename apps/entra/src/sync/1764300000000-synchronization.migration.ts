import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The provisioning service's state: synchronization jobs (with their schema, schedule and status), the
 * secrets of each service principal, the connector data store (links between source and target objects),
 * escrowed operations and deletions staged by the accidental-deletion threshold.
 */
export class EntraSynchronization1764300000000 implements MigrationInterface {
  name = 'EntraSynchronization1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // Graph: PUT /servicePrincipals/{id}/synchronization/secrets (one set per service principal, shared by its jobs).
    await q.query(`CREATE TABLE entra.sync_secrets (
      service_principal_id uuid PRIMARY KEY REFERENCES entra.service_principals (id) ON DELETE CASCADE,
      secrets jsonb NOT NULL DEFAULT '[]',
      updated_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE entra.sync_jobs (
      id text PRIMARY KEY,
      service_principal_id uuid NOT NULL REFERENCES entra.service_principals (id) ON DELETE CASCADE,
      template_id text NOT NULL,
      -- synchronizationSchema as PUT by the admin; NULL = the template's default.
      schema jsonb,
      settings jsonb NOT NULL DEFAULT '[]',
      schedule_state text NOT NULL DEFAULT 'Disabled',
      schedule_interval text NOT NULL,
      status_code text NOT NULL DEFAULT 'NotConfigured',
      -- Change sequence of the tenant read so far; NULL = the next cycle is an initial (full) one.
      watermark bigint,
      next_run_at timestamptz,
      pause_requested boolean NOT NULL DEFAULT false,
      -- Where an unfinished cycle resumes after a crash ({"cycleId","phase","after","highWater",...}); NULL = none running.
      cycle_cursor jsonb,
      -- One run per job across instances: a lease renewed while the cycle runs, taken over when it expires.
      lease_owner text,
      lease_expires_at timestamptz,
      -- The whole synchronizationStatus object as Graph shows it (lastExecution, progress, quarantine, ...).
      status jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX sync_jobs_sp_idx ON entra.sync_jobs (service_principal_id)`);
    await q.query(`CREATE INDEX sync_jobs_due_idx ON entra.sync_jobs (next_run_at) WHERE schedule_state = 'Active'`);
    // The connector data store: one row per source object the job has seen in scope.
    await q.query(`CREATE TABLE entra.sync_links (
      job_id text NOT NULL REFERENCES entra.sync_jobs (id) ON DELETE CASCADE,
      source_id uuid NOT NULL,
      object_type text NOT NULL,
      target_id text NOT NULL,
      managed boolean NOT NULL DEFAULT true,
      -- Group: target ids of the members the target is known to have.
      member_target_ids text[],
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (job_id, source_id))`);
    await q.query(`CREATE INDEX sync_links_target_idx ON entra.sync_links (job_id, target_id)`);
    // Failed object operations kept for retry in later cycles.
    await q.query(`CREATE TABLE entra.sync_escrows (
      job_id text NOT NULL REFERENCES entra.sync_jobs (id) ON DELETE CASCADE,
      source_id uuid NOT NULL,
      object_type text NOT NULL,
      retry_count integer NOT NULL DEFAULT 0,
      first_failed_at timestamptz NOT NULL,
      last_failed_at timestamptz NOT NULL,
      next_retry_at timestamptz NOT NULL,
      error jsonb NOT NULL,
      PRIMARY KEY (job_id, source_id))`);
    await q.query(`CREATE INDEX sync_escrows_due_idx ON entra.sync_escrows (job_id, next_retry_at)`);
    // Disables and deletes withheld because the cycle exceeded the deletion threshold; executed on ForceDeletes.
    await q.query(`CREATE TABLE entra.sync_staged_deletes (
      job_id text NOT NULL REFERENCES entra.sync_jobs (id) ON DELETE CASCADE,
      source_id uuid NOT NULL,
      object_type text NOT NULL,
      action text NOT NULL,
      staged_at timestamptz NOT NULL,
      PRIMARY KEY (job_id, source_id))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['sync_staged_deletes', 'sync_escrows', 'sync_links', 'sync_jobs', 'sync_secrets'])
      await q.query(`DROP TABLE IF EXISTS entra.${t}`);
  }
}
