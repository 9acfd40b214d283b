import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { isUniqueViolation } from '@app/persistence';
import { ConfigError, generateToken, secretsEqual } from '@app/platform';
import { getProfile, Profile, ScimError } from '@app/scim';
import { SettingEntity, TenantEntity } from '../database';
import { SCIM_TARGET_CONFIG } from '../config/config.token';
import { ScimTargetConfig } from '../config/scim-target.config';

export const DEFAULT_TENANT = 'default';
const ADMIN_TOKEN_KEY = 'admin_token';

/** What a request needs of its tenant, held in memory so authentication costs no query. */
export interface Tenant {
  readonly name: string;
  readonly profile: Profile;
  readonly token: string;
  readonly createdAt: Date;
  readonly tokenRotatedAt: Date;
  /** Two groups may have the same displayName (off: 409 uniqueness, regardless of case). */
  readonly allowDuplicateGroupNames: boolean;
  /** `GET {base}/Token` hands out this tenant's token, without authentication (the reference code's test flow). */
  readonly tokenEndpoint: boolean;
}

/** The settings of a tenant the admin API can give at creation and change later. */
export interface TenantSettings {
  allowDuplicateGroupNames?: boolean;
  tokenEndpoint?: boolean;
}

/**
 * The tenants of this SCIM target: persisted in `scim_target.tenants`, cached in memory. Every change goes through
 * this class, which updates the database first and the cache second. (One process owns the cache; see docs/scim-target.md.)
 */
@Injectable()
export class TenantRegistry {
  private readonly tenants = new Map<string, Tenant>();
  private adminToken = '';

  constructor(
    @InjectRepository(TenantEntity) private readonly repo: Repository<TenantEntity>,
    @InjectRepository(SettingEntity) private readonly settings: Repository<SettingEntity>,
    @Inject(SCIM_TARGET_CONFIG) private readonly config: ScimTargetConfig,
  ) {}

  /** Loads every tenant, creates the default one and the admin token when missing, applies the env overrides. */
  async load(): Promise<void> {
    const profile = this.config.SCIM_TARGET_PROFILE;
    const existing = await this.repo.findOneBy({ name: DEFAULT_TENANT });
    if (!existing) {
      await this.repo.insert({
        name: DEFAULT_TENANT,
        profile,
        token: this.config.SCIM_TARGET_TOKEN ?? generateToken(),
        tokenRotatedAt: new Date(),
      });
    } else {
      const patch: Partial<TenantEntity> = {};
      if (existing.profile !== profile) patch.profile = profile;
      if (this.config.SCIM_TARGET_TOKEN && existing.token !== this.config.SCIM_TARGET_TOKEN) {
        patch.token = this.config.SCIM_TARGET_TOKEN;
        patch.tokenRotatedAt = new Date();
      }
      if (Object.keys(patch).length > 0) await this.repo.update({ name: DEFAULT_TENANT }, patch);
    }
    this.adminToken = await this.loadAdminToken();
    const rows = await this.repo.find();
    const clash = rows.find((row) => secretsEqual(row.token, this.adminToken));
    if (clash) {
      // Its token would open the admin API too.
      throw new ConfigError([
        `Tenant "${clash.name}" has the admin token as its token: SCIM_ADMIN_TOKEN and every tenant token ` +
          `(SCIM_TARGET_TOKEN for "${DEFAULT_TENANT}") must differ`,
      ]);
    }
    this.tenants.clear();
    for (const row of rows) this.cache(row);
  }

  private async loadAdminToken(): Promise<string> {
    const fromEnv = this.config.SCIM_ADMIN_TOKEN;
    const stored = await this.settings.findOneBy({ key: ADMIN_TOKEN_KEY });
    const token = fromEnv ?? stored?.value ?? generateToken();
    if (stored?.value !== token) await this.settings.save({ key: ADMIN_TOKEN_KEY, value: token });
    return token;
  }

  private cache(row: TenantEntity): Tenant {
    const tenant: Tenant = {
      name: row.name,
      profile: getProfile(row.profile),
      token: row.token,
      createdAt: row.createdAt,
      tokenRotatedAt: row.tokenRotatedAt,
      allowDuplicateGroupNames: row.allowDuplicateGroupNames,
      tokenEndpoint: row.tokenEndpoint,
    };
    this.tenants.set(row.name, tenant);
    return tenant;
  }

  find(name: string): Tenant | undefined {
    return this.tenants.get(name);
  }

  get(name: string): Tenant {
    const tenant = this.tenants.get(name);
    if (!tenant) throw new ScimError(404, undefined, `Tenant "${name}" not found`);
    return tenant;
  }

  list(): Tenant[] {
    return [...this.tenants.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  isAdminToken(token: string | undefined): boolean {
    return token !== undefined && secretsEqual(token, this.adminToken);
  }

  /** The admin token, for the start-up banner only. */
  revealAdminToken(): string {
    return this.adminToken;
  }

  async create(name: string, profileName: string, token?: string, settings: TenantSettings = {}): Promise<Tenant> {
    getProfile(profileName); // validates the name
    if (this.tenants.has(name)) throw new ScimError(409, 'uniqueness', `Tenant "${name}" already exists`);
    if (token !== undefined) this.checkTokenFree(token, name);
    const row = this.repo.create({
      name,
      profile: profileName,
      token: token ?? generateToken(),
      tokenRotatedAt: new Date(),
      allowDuplicateGroupNames: settings.allowDuplicateGroupNames ?? false,
      tokenEndpoint: settings.tokenEndpoint ?? false,
    });
    try {
      await this.repo.insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ScimError(409, 'uniqueness', `Tenant "${name}" already exists or its token is taken`);
      }
      throw error;
    }
    return this.cache(await this.repo.findOneByOrFail({ name }));
  }

  /** A new token for the tenant: the given one, or a generated one. Refused (409) when the admin API or another tenant has it. */
  async rotateToken(name: string, token?: string): Promise<Tenant> {
    this.get(name);
    if (token !== undefined) this.checkTokenFree(token, name);
    try {
      await this.repo.update({ name }, { token: token ?? generateToken(), tokenRotatedAt: new Date() });
    } catch (error) {
      // Another process's tenant (the cache only knows this one's); the row keeps its old token.
      if (isUniqueViolation(error)) throw tokenTaken();
      throw error;
    }
    return this.cache(await this.repo.findOneByOrFail({ name }));
  }

  /**
   * Changes the tenant's settings. Forbidding duplicate group names flags every group of the tenant for the unique
   * index, in the transaction that changes the setting (see the migration GroupNameUniqueness): refused with 409
   * when two groups already share a name, and then nothing changes.
   */
  async updateSettings(name: string, settings: TenantSettings): Promise<Tenant> {
    const current = this.get(name);
    const allow = settings.allowDuplicateGroupNames;
    await this.repo.manager.transaction(async (em) => {
      if (settings.tokenEndpoint !== undefined) {
        await em.query(`UPDATE scim_target.tenants SET token_endpoint = $2 WHERE name = $1`, [name, settings.tokenEndpoint]);
      }
      if (allow !== undefined) {
        // Locks the tenant row: group inserts, which read this setting FOR SHARE, wait until the commit.
        await em.query(`UPDATE scim_target.tenants SET allow_duplicate_group_names = $2 WHERE name = $1`, [name, allow]);
        if (!allow) {
          const [duplicate] = await em.query(
            `SELECT min(display_name) AS name FROM scim_target.resources
              WHERE tenant = $1 AND resource_type = 'Group' AND display_name IS NOT NULL
              GROUP BY lower(display_name) HAVING count(*) > 1 LIMIT 1`,
            [name],
          );
          if (duplicate) throw duplicateGroupNames(current.name, String(duplicate.name));
        }
        try {
          await em.query(
            `UPDATE scim_target.resources SET display_name_unique = $2
              WHERE tenant = $1 AND resource_type = 'Group' AND display_name_unique <> $2`,
            [name, !allow],
          );
        } catch (error) {
          // A rename that committed between the check and this statement.
          if (isUniqueViolation(error)) throw duplicateGroupNames(current.name);
          throw error;
        }
      }
    });
    const row = await this.repo.findOneBy({ name });
    if (!row) throw new ScimError(404, undefined, `Tenant "${name}" not found`); // deleted meanwhile
    return this.cache(row);
  }

  /**
   * A tenant token must be neither the admin token (it would open the admin API) nor another tenant's (the request
   * could not tell the tenants apart). The messages never repeat the token.
   */
  private checkTokenFree(token: string, name: string): void {
    if (secretsEqual(token, this.adminToken)) {
      throw new ScimError(409, 'uniqueness', "The token is the admin API's token; a tenant needs a token of its own");
    }
    for (const other of this.tenants.values()) {
      if (other.name !== name && secretsEqual(token, other.token)) throw tokenTaken();
    }
  }

  async remove(name: string): Promise<void> {
    this.get(name);
    if (name === DEFAULT_TENANT) {
      throw new ScimError(400, 'mutability', 'The default tenant cannot be deleted; reset its data instead');
    }
    await this.repo.delete({ name });
    this.tenants.delete(name);
  }
}

function duplicateGroupNames(tenant: string, example?: string): ScimError {
  const which = example === undefined ? 'groups of the same name' : `several groups named "${example}" (in any case)`;
  return new ScimError(409, 'uniqueness', `Tenant "${tenant}" has ${which}; rename or delete them before making group names unique`);
}

function tokenTaken(): ScimError {
  return new ScimError(409, 'uniqueness', 'The token is taken by another tenant; choose another or omit it to have one generated');
}
