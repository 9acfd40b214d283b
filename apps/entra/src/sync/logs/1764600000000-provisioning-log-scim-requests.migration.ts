import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * provsim extension: the SCIM requests behind each provisioning-log entry (method, URL, headers with the secret
 * masked, bodies capped at 64 KiB, status, error, timing), keyed by the entry's id and the request's sequence. They
 * live and die with their entry: ON DELETE CASCADE, so the 30-day retention purge removes them too.
 */
export class EntraProvisioningLogScimRequests1764600000000 implements MigrationInterface {
  name = 'EntraProvisioningLogScimRequests1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE entra.provisioning_log_scim_requests (
      log_id text COLLATE "C" NOT NULL REFERENCES entra.provisioning_logs (id) ON DELETE CASCADE,
      sequence integer NOT NULL,
      method text NOT NULL,
      url text NOT NULL,
      request_headers jsonb NOT NULL,
      request_body text,
      status integer,
      response_body text,
      error text,
      duration_ms integer NOT NULL,
      started_at timestamptz NOT NULL,
      PRIMARY KEY (log_id, sequence))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS entra.provisioning_log_scim_requests`);
  }
}
