import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { builtInTemplate, type SynchronizationSchema } from '@app/provisioning-core';
import { TenantSettingsService } from '../../auth/tenant-settings.service';
import { escrowThresholdsOf } from '../api/escrow-threshold-settings';
import { secretSettings, type SecretPair } from '../api/secrets';
import type { JobConfiguration, JobRow } from './cycle-types';

/** What a cycle needs from the job's configuration: its schema, the service principal's secrets, names for the logs. */
@Injectable()
export class JobConfigurationReader {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tenant: TenantSettingsService,
  ) {}

  async read(job: JobRow): Promise<JobConfiguration> {
    const rows: {
      schema: SynchronizationSchema | null;
      secrets: SecretPair[] | null;
      display_name: string;
      settings: { name: string; value: string }[];
    }[] = await this.db.query(
      `SELECT j.schema, s.secrets, sp.display_name, j.settings
         FROM entra.sync_jobs j JOIN entra.service_principals sp ON sp.id = j.service_principal_id
         LEFT JOIN entra.sync_secrets s ON s.service_principal_id = j.service_principal_id
        WHERE j.id = $1`,
      [job.id],
    );
    const row = rows[0];
    const schema = row?.schema ?? builtInTemplate(job.template_id);
    if (!schema) throw new Error(`job ${job.id} has no schema and template ${job.template_id} is unknown`);
    const settings = secretSettings(row?.secrets ?? []);
    return {
      schema,
      baseAddress: settings.baseAddress,
      secretToken: settings.secretToken,
      syncAll: settings.syncAll,
      skipOutOfScopeDeletions: settings.skipOutOfScopeDeletions,
      servicePrincipalName: row?.display_name ?? '',
      tenantId: this.tenant.get().tenantId,
      escrowThresholds: escrowThresholdsOf(row?.settings ?? []),
      deleteThreshold: { enabled: settings.notification.DeleteThresholdEnabled, value: settings.notification.DeleteThresholdValue },
    };
  }
}
