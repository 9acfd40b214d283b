import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { generateToken } from '@app/platform';
import { ENTRA_CONFIG, EntraConfig } from '../config/entra.config';

/** Identity of this simulated tenant and its credentials: from the environment, else generated once and persisted. */
export interface TenantIdentity {
  tenantId: string;
  adminToken: string;
  clientId: string;
  clientSecret: string;
  signingKey: string;
}

@Injectable()
export class TenantSettingsService {
  private identity?: TenantIdentity;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ENTRA_CONFIG) private readonly config: EntraConfig,
  ) {}

  async load(): Promise<TenantIdentity> {
    const rows: { key: string; value: string }[] = await this.db.query(`SELECT key, value FROM entra.settings`);
    const stored = new Map(rows.map((r) => [r.key, r.value]));
    const wanted: Record<keyof TenantIdentity, string> = {
      tenantId: this.config.ENTRA_TENANT_ID ?? stored.get('tenantId') ?? randomUUID(),
      adminToken: this.config.ENTRA_ADMIN_TOKEN ?? stored.get('adminToken') ?? generateToken(),
      clientId: stored.get('clientId') ?? randomUUID(),
      clientSecret: this.config.ENTRA_CLIENT_SECRET ?? stored.get('clientSecret') ?? generateToken(),
      signingKey: stored.get('signingKey') ?? randomBytes(32).toString('base64'),
    };
    for (const [key, value] of Object.entries(wanted)) {
      if (stored.get(key) !== value) {
        await this.db.query(
          `INSERT INTO entra.settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
          [key, value],
        );
      }
    }
    this.identity = wanted;
    return wanted;
  }

  get(): TenantIdentity {
    if (!this.identity) throw new Error('tenant settings not loaded');
    return this.identity;
  }
}
