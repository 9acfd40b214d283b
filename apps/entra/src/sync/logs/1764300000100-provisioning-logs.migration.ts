import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Provisioning logs (Graph GET /auditLogs/provisioning): one row per provisioningObjectSummary, the whole object in
 * `summary`, the properties `$filter` and `$orderby` use copied into columns. Entries are immutable and outlive the
 * job and service principal they describe (no foreign keys); a purge removes them after 30 simulated days.
 */
export class EntraProvisioningLogs1764300000100 implements MigrationInterface {
  name = 'EntraProvisioningLogs1764300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE entra.provisioning_logs (
      id text COLLATE "C" PRIMARY KEY,
      activity_date_time timestamptz NOT NULL,
      tenant_id text,
      job_id text,
      cycle_id text,
      change_id text,
      duration_ms integer,
      provisioning_action text,
      status text,
      error_code text,
      service_principal_id text,
      service_principal_display_name text,
      source_id text,
      source_display_name text,
      source_identity_type text,
      target_id text,
      target_display_name text,
      target_identity_type text,
      source_system_display_name text,
      target_system_display_name text,
      initiated_by_display_name text,
      initiator_type text,
      summary jsonb NOT NULL)
      -- Typical entries (2-3 kB) stay uncompressed in the row: no compression work on the write path, which
      -- writes every processed object of every cycle; larger entries are still compressed and moved out of line.
      WITH (toast_tuple_target = 8160)`);
    // The listing order (newest first, id breaks ties; read backwards for $orderby=activityDateTime asc), the
    // keyset of @odata.nextLink and the retention purge.
    await q.query(`CREATE INDEX provisioning_logs_time_idx ON entra.provisioning_logs (activity_date_time DESC, id DESC)`);
    // The filters the portal and scripts use most: one job, one app, one change, one object. A cycle is found through
    // its job (or, being recent, near the top of the time index): every index slows the writer down.
    await q.query(`CREATE INDEX provisioning_logs_job_idx ON entra.provisioning_logs (job_id, activity_date_time DESC, id DESC)`);
    await q.query(
      `CREATE INDEX provisioning_logs_sp_idx ON entra.provisioning_logs (service_principal_id, activity_date_time DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX provisioning_logs_change_idx ON entra.provisioning_logs (change_id)`);
    await q.query(`CREATE INDEX provisioning_logs_source_idx ON entra.provisioning_logs (source_id)`);
    await q.query(`CREATE INDEX provisioning_logs_target_idx ON entra.provisioning_logs (target_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS entra.provisioning_logs`);
  }
}
