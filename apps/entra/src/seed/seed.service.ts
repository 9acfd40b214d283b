import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock, CLOCK } from '@app/platform';
import { ApplicationsService } from '../applications/applications.service';
import { DEFAULT_ACCESS_ROLE_ID, findTemplate, KINTONE_TEMPLATE_ID } from '../applications/templates';
import { DEMO_APP_NAME, DEMO_ASSIGNED_GROUP, planDemoTenant } from './demo-tenant';
import { lockChangeLog } from '../changes/change-log';
import { writePlan, WrittenCounts } from './seed-writer';
import { DEFAULT_DOMAIN, planTenant, SeedOptions, SeedValidationError, TenantPlan, validateSeedOptions } from './tenant-plan';

export interface SeedResult extends WrittenCounts {
  seed: string;
  domain: string;
  disabledUsers: number;
  usersWithManager: number;
  /** Memberships whose member is a group (nesting). */
  nestedMemberships: number;
  assignedUsers: number;
  assignedGroups: number;
  servicePrincipalId: string | null;
  /** Planning + writing + ANALYZE. */
  elapsedMs: number;
}

export type DemoSeedResult =
  | { seeded: false; reason: string }
  | (Omit<SeedResult, 'seed' | 'domain'> & { seeded: true; servicePrincipalId: string; assignedGroup: string });

interface ServicePrincipalSummary {
  id: string;
  displayName: string;
  appRoles: { id: string; isEnabled: boolean }[];
}

/**
 * Fills the simulated directory: a realistic tenant from a seed (tens of thousands of users in seconds), or the
 * small demo tenant `npm start` opens with. Every seeded user, group, membership and assignment gets its
 * change-log row, in commit order with everything else, so delta queries and incremental cycles see them.
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger(SeedService.name);
  private demoRun?: Promise<DemoSeedResult>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly applications: ApplicationsService,
  ) {}

  /** Creates the tenant `options` describe, in one transaction (all or nothing). */
  async seed(options: SeedOptions): Promise<SeedResult> {
    const started = performance.now();
    validateSeedOptions(options);
    let sp: ServicePrincipalSummary | undefined;
    if (options.assignTo) {
      sp = await this.servicePrincipal(options.assignTo.servicePrincipalId);
      const role = (options.assignTo.appRoleId ?? DEFAULT_ACCESS_ROLE_ID).toLowerCase();
      if (role !== DEFAULT_ACCESS_ROLE_ID && !sp.appRoles.some((r) => r.id === role && r.isEnabled)) {
        throw new SeedValidationError(`app role ${role} is not an enabled role of ${sp.displayName}`);
      }
    }
    const now = this.clock.now();
    const plan = planTenant(options, now);
    const written = await this.db.transaction((tx) => writePlan(tx, plan, now, sp?.id));
    await this.analyze();
    return {
      ...this.summarize(plan, written, sp?.id ?? null),
      seed: String(options.seed),
      domain: (options.domain ?? DEFAULT_DOMAIN).toLowerCase(),
      elapsedMs: Math.round(performance.now() - started),
    };
  }

  /**
   * On a directory without users (none, not even deleted ones), creates the demo tenant: 25 users with managers
   * (3 disabled), 3 groups, and a Kintone instance assigned to the "Sales and Marketing" group and to 4 users
   * directly (default access). Does nothing when the directory has users; safe to call at every start.
   */
  seedDemoTenantIfEmpty(): Promise<DemoSeedResult> {
    // Concurrent calls in one process share a run (so only one Kintone instance is made).
    this.demoRun ??= this.seedDemoTenant().finally(() => (this.demoRun = undefined));
    return this.demoRun;
  }

  private async seedDemoTenant(): Promise<DemoSeedResult> {
    const started = performance.now();
    if (await this.hasUsers()) return { seeded: false, reason: 'the directory already has users' };
    const kintone = await this.demoKintoneApp();
    const now = this.clock.now();
    const plan = planDemoTenant(now, kintone);
    const written = await this.db.transaction(async (tx) => {
      // Re-checked under the change-log lock every user insert takes: two instances starting at once seed once.
      await lockChangeLog(tx);
      const rows: unknown[] = await tx.query(`SELECT 1 FROM entra.users LIMIT 1`);
      return rows.length ? undefined : writePlan(tx, plan, now, kintone);
    });
    if (!written) return { seeded: false, reason: 'the directory already has users' };
    const result = this.summarize(plan, written, kintone);
    this.logger.log(
      `Seeded the demo tenant: ${result.users} users (${result.disabledUsers} disabled), ${result.groups} groups, ` +
        `${DEMO_APP_NAME} (service principal ${kintone}) assigned to "${DEMO_ASSIGNED_GROUP}" and ${result.assignedUsers} users`,
    );
    return {
      ...result,
      seeded: true,
      servicePrincipalId: kintone,
      assignedGroup: DEMO_ASSIGNED_GROUP,
      elapsedMs: Math.round(performance.now() - started),
    };
  }

  /**
   * The service principal a CLI names: its id or appId, else its display name (exactly one match), else a new
   * instance of `templateId` (default Kintone) with that display name. `created` says which.
   */
  async resolveApp(
    nameOrId: string,
    templateId: string = KINTONE_TEMPLATE_ID,
  ): Promise<{ id: string; displayName: string; created: boolean }> {
    const rows: { id: string; displayName: string }[] = await this.db.query(
      `SELECT id::text, display_name AS "displayName" FROM entra.service_principals
        WHERE id::text = lower($1) OR app_id::text = lower($1) OR lower(display_name) = lower($1) ORDER BY created_date_time, id`,
      [nameOrId],
    );
    const exact = rows.filter((r) => r.id === nameOrId.toLowerCase());
    if (exact.length === 1 || rows.length === 1) return { ...(exact[0] ?? rows[0]), created: false };
    if (rows.length > 1) {
      throw new SeedValidationError(
        `${rows.length} service principals are named "${nameOrId}" (${rows.map((r) => r.id).join(', ')}); pass one id instead`,
      );
    }
    if (!findTemplate(templateId)) throw new SeedValidationError(`unknown application template ${templateId}`);
    const { servicePrincipal } = await this.applications.instantiate(templateId, nameOrId);
    return { id: servicePrincipal.id, displayName: servicePrincipal.displayName, created: true };
  }

  private async hasUsers(): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM entra.users LIMIT 1`);
    return rows.length > 0;
  }

  /** An existing Kintone instance named "Kintone" (created before any user), else a new one. */
  private async demoKintoneApp(): Promise<string> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id::text FROM entra.service_principals WHERE application_template_id = $1 AND display_name = $2 ORDER BY created_date_time, id LIMIT 1`,
      [KINTONE_TEMPLATE_ID, DEMO_APP_NAME],
    );
    if (rows[0]) return rows[0].id;
    return (await this.applications.instantiate(KINTONE_TEMPLATE_ID, DEMO_APP_NAME)).servicePrincipal.id;
  }

  private async servicePrincipal(id: string): Promise<ServicePrincipalSummary> {
    const rows: ServicePrincipalSummary[] = await this.db.query(
      `SELECT id::text, display_name AS "displayName", app_roles AS "appRoles" FROM entra.service_principals WHERE id = $1`,
      [id],
    );
    if (!rows[0]) throw new SeedValidationError(`service principal ${id} does not exist`);
    return rows[0];
  }

  /** Fresh planner statistics after a bulk load (autovacuum would get there, later). */
  private async analyze(): Promise<void> {
    await this.db.query(`ANALYZE entra.users, entra.groups, entra.group_members, entra.app_role_assignments, entra.changes`);
  }

  private summarize(plan: TenantPlan, written: WrittenCounts, spId: string | null): Omit<SeedResult, 'seed' | 'domain' | 'elapsedMs'> {
    return {
      ...written,
      disabledUsers: plan.users.filter((u) => !u.accountEnabled).length,
      usersWithManager: plan.users.filter((u) => u.managerId !== null).length,
      nestedMemberships: plan.memberships.filter((m) => m.memberType === 'group').length,
      assignedUsers: plan.assignments.filter((a) => a.principalType === 'User').length,
      assignedGroups: plan.assignments.filter((a) => a.principalType === 'Group').length,
      servicePrincipalId: spId,
    };
  }
}
