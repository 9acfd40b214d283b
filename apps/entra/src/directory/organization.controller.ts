import { Controller, Get, Injectable, Param } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { parseSelect } from '@app/odata';
import { TenantSettingsService } from '../auth/tenant-settings.service';
import { GraphError } from '../http/graph-error';
import { contextUrl, Graph, GraphRequest } from '../http/graph-request';
import { DEFAULT_DOMAIN } from '../seed/tenant-plan';

/** The tenant's display name in /organization. */
export const ORGANIZATION_DISPLAY_NAME = 'provsim';

/** Domains listed besides the initial one, at most (a seed with many UPN domains stays a readable answer). */
const MAX_DOMAINS = 500;

interface VerifiedDomain {
  capabilities: string;
  isDefault: boolean;
  isInitial: boolean;
  name: string;
  type: 'Managed';
}

/**
 * The organization resource: one per tenant, its id the tenant id. Its verifiedDomains are the initial domain
 * (`provsim.onmicrosoft.com`, the one the seed and the token endpoint use, also the default) and every other domain
 * some user's userPrincipalName is in: Entra only takes UPNs in a verified domain, so a tenant whose users are at
 * contoso.com has verified contoso.com.
 */
@Injectable()
export class OrganizationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: TenantSettingsService,
  ) {}

  async organization(): Promise<Record<string, unknown>> {
    const rows: { domain: string }[] = await this.db.query(
      `SELECT DISTINCT lower(split_part(user_principal_name, '@', 2)) AS domain FROM entra.users
        WHERE deleted_date_time IS NULL AND lower(split_part(user_principal_name, '@', 2)) <> $1 ORDER BY 1 LIMIT $2`,
      [DEFAULT_DOMAIN, MAX_DOMAINS],
    );
    const initial: VerifiedDomain = {
      capabilities: 'Email, OfficeCommunicationsOnlineService',
      isDefault: true,
      isInitial: true,
      name: DEFAULT_DOMAIN,
      type: 'Managed',
    };
    const others = rows.map((r): VerifiedDomain => ({
      capabilities: 'Email, OfficeCommunicationsOnlineService',
      isDefault: false,
      isInitial: false,
      name: r.domain,
      type: 'Managed',
    }));
    return {
      id: this.settings.get().tenantId,
      deletedDateTime: null,
      businessPhones: [],
      city: null,
      country: null,
      countryLetterCode: null,
      createdDateTime: null,
      defaultUsageLocation: null,
      displayName: ORGANIZATION_DISPLAY_NAME,
      marketingNotificationEmails: [],
      onPremisesLastSyncDateTime: null,
      onPremisesSyncEnabled: null,
      postalCode: null,
      preferredLanguage: null,
      privacyProfile: null,
      securityComplianceNotificationMails: [],
      securityComplianceNotificationPhones: [],
      state: null,
      street: null,
      technicalNotificationMails: [],
      tenantType: 'AAD',
      assignedPlans: [],
      provisionedPlans: [],
      verifiedDomains: [initial, ...others],
    };
  }
}

const SELECTABLE = [
  'id',
  'deletedDateTime',
  'businessPhones',
  'city',
  'country',
  'countryLetterCode',
  'createdDateTime',
  'defaultUsageLocation',
  'displayName',
  'marketingNotificationEmails',
  'onPremisesLastSyncDateTime',
  'onPremisesSyncEnabled',
  'postalCode',
  'preferredLanguage',
  'privacyProfile',
  'securityComplianceNotificationMails',
  'securityComplianceNotificationPhones',
  'state',
  'street',
  'technicalNotificationMails',
  'tenantType',
  'assignedPlans',
  'provisionedPlans',
  'verifiedDomains',
];

function project(org: Record<string, unknown>, select: string[] | undefined): Record<string, unknown> {
  if (!select) return org;
  return Object.fromEntries((select.includes('id') ? select : ['id', ...select]).map((p) => [p, org[p]]));
}

const single = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** /v1.0/organization (and /beta): list (one item) and get by id, with $select. */
@Controller(['v1.0/organization', 'beta/organization'])
export class OrganizationController {
  constructor(private readonly organization: OrganizationService) {}

  @Get()
  async list(@Graph() req: GraphRequest): Promise<object> {
    const select = parseSelect(single(req.query.$select), SELECTABLE, 'microsoft.graph.organization');
    return {
      '@odata.context': contextUrl(req, select ? `organization(${select.join(',')})` : 'organization'),
      value: [project(await this.organization.organization(), select)],
    };
  }

  @Get(':id')
  async get(@Graph() req: GraphRequest, @Param('id') id: string): Promise<object> {
    const select = parseSelect(single(req.query.$select), SELECTABLE, 'microsoft.graph.organization');
    const org = await this.organization.organization();
    if (id.toLowerCase() !== String(org.id).toLowerCase()) throw GraphError.notFound(id);
    return {
      '@odata.context': contextUrl(req, select ? `organization(${select.join(',')})/$entity` : 'organization/$entity'),
      ...project(org, select),
    };
  }
}
