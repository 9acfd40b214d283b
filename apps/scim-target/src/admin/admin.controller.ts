import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseEnumPipe,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { maskSecret } from '@app/platform';
import { DEFAULT_PROFILE, PROFILE_NAMES } from '@app/scim';
import { SCIM_TARGET_CONFIG } from '../config/config.token';
import { ScimTargetConfig } from '../config/scim-target.config';
import { FaultRuleDto } from '../faults/fault-rule.dto';
import { FaultRule, FaultService } from '../faults/fault.service';
import { RequestLogEntry, RequestLogService, redactSecrets } from '../request-log/request-log.service';
import { ResourceRepository } from '../resources/resource.repository';
import { DEFAULT_TENANT, Tenant, TenantRegistry } from '../tenants/tenant.registry';
import { CreateTenantDto, RequestLogQuery, RotateTokenDto, StoredPageQuery, STORED_TYPES, UpdateTenantDto } from './admin.dto';

interface TenantView {
  name: string;
  profile: string;
  baseUrl: string;
  token: string;
  createdAt: string;
  tokenRotatedAt: string;
  allowDuplicateGroupNames: boolean;
  tokenEndpoint: boolean;
}

function baseUrlOf(request: FastifyRequest, tenant: string, publicUrl?: string): string {
  const origin = (publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');
  return tenant === DEFAULT_TENANT ? `${origin}/scim/v2` : `${origin}/tenants/${tenant}/scim/v2`;
}

/**
 * Admin API (bearer SCIM_ADMIN_TOKEN, checked by the gateway): tenants, their request logs and fault rules.
 * Tokens are shown masked, except in the answer to the call that created or rotated them.
 */
@Controller('admin/tenants')
export class AdminController {
  constructor(
    private readonly tenants: TenantRegistry,
    private readonly resources: ResourceRepository,
    private readonly requestLog: RequestLogService,
    private readonly faults: FaultService,
    @Inject(SCIM_TARGET_CONFIG) private readonly config: ScimTargetConfig,
  ) {}

  private view(request: FastifyRequest, tenant: Tenant, reveal = false): TenantView {
    return {
      name: tenant.name,
      profile: tenant.profile.name,
      baseUrl: baseUrlOf(request, tenant.name, this.config.SCIM_PUBLIC_URL),
      token: reveal ? tenant.token : maskSecret(tenant.token),
      createdAt: new Date(tenant.createdAt).toISOString(),
      tokenRotatedAt: new Date(tenant.tokenRotatedAt).toISOString(),
      allowDuplicateGroupNames: tenant.allowDuplicateGroupNames,
      tokenEndpoint: tenant.tokenEndpoint,
    };
  }

  @Get()
  list(@Req() request: FastifyRequest): { tenants: TenantView[] } {
    return { tenants: this.tenants.list().map((t) => this.view(request, t)) };
  }

  @Post()
  async create(@Req() request: FastifyRequest, @Body() dto: CreateTenantDto): Promise<TenantView> {
    const tenant = await this.tenants.create(dto.name, dto.profile ?? DEFAULT_PROFILE, dto.token, {
      allowDuplicateGroupNames: dto.allowDuplicateGroupNames,
      tokenEndpoint: dto.tokenEndpoint,
    });
    return this.view(request, tenant, true);
  }

  @Get(':name')
  get(@Req() request: FastifyRequest, @Param('name') name: string): TenantView {
    return this.view(request, this.tenants.get(name));
  }

  /** Changes the tenant's settings (those given; the others stay). */
  @Patch(':name')
  async update(@Req() request: FastifyRequest, @Param('name') name: string, @Body() dto: UpdateTenantDto = {}): Promise<TenantView> {
    return this.view(request, await this.tenants.updateSettings(name, dto ?? {}));
  }

  @Delete(':name')
  @HttpCode(204)
  async remove(@Param('name') name: string): Promise<void> {
    await this.tenants.remove(name);
    this.requestLog.clear(name);
    this.faults.clear(name);
  }

  @Post(':name/token')
  async rotate(@Req() request: FastifyRequest, @Param('name') name: string, @Body() dto: RotateTokenDto = {}): Promise<TenantView> {
    return this.view(request, await this.tenants.rotateToken(name, dto?.token), true);
  }

  /** Deletes every user and group of the tenant and its request log; token, profile and fault rules stay. */
  @Post(':name/reset')
  @HttpCode(204)
  async reset(@Param('name') name: string): Promise<void> {
    this.tenants.get(name);
    await this.resources.deleteAll(name);
    this.requestLog.clear(name);
  }

  /**
   * What the tenant stores, one page in insertion order, as stored (no `returned` filtering beyond dropping secrets):
   * for the portal, which never holds the tenant's own token. `type` is Users or Groups.
   */
  @Get(':name/stored/:type')
  async stored(
    @Param('name') name: string,
    @Param('type', new ParseEnumPipe(STORED_TYPES, { exceptionFactory: () => new BadRequestException('type must be Users or Groups') }))
    type: string,
    @Query() query: StoredPageQuery,
  ): Promise<{ totalResults: number; startIndex: number; Resources: Record<string, unknown>[] }> {
    this.tenants.get(name);
    const resourceType = type === 'Users' ? 'User' : 'Group';
    const startIndex = query.startIndex ?? 1;
    const [total, rows] = await Promise.all([
      this.resources.count(name, resourceType),
      this.resources.page(name, resourceType, startIndex - 1, query.count ?? 50),
    ]);
    return {
      totalResults: total,
      startIndex,
      Resources: rows.map((row) => ({
        ...(redactSecrets(row.data) as Record<string, unknown>),
        id: row.id,
        meta: {
          created: new Date(row.created).toISOString(),
          lastModified: new Date(row.lastModified).toISOString(),
          version: row.version,
        },
      })),
    };
  }

  @Get(':name/requests')
  requests(@Param('name') name: string, @Query() query: RequestLogQuery): { requests: RequestLogEntry[] } {
    this.tenants.get(name);
    return { requests: this.requestLog.list(name, query.limit ?? 100) };
  }

  @Get(':name/faults')
  listFaults(@Param('name') name: string): { faults: FaultRule[] } {
    this.tenants.get(name);
    return { faults: this.faults.list(name) };
  }

  @Post(':name/faults')
  addFault(@Param('name') name: string, @Body() dto: FaultRuleDto): FaultRule {
    this.tenants.get(name);
    return this.faults.add(name, dto);
  }

  @Delete(':name/faults')
  @HttpCode(204)
  clearFaults(@Param('name') name: string): void {
    this.tenants.get(name);
    this.faults.clear(name);
  }

  @Delete(':name/faults/:id')
  @HttpCode(204)
  removeFault(@Param('name') name: string, @Param('id') id: string): void {
    this.tenants.get(name);
    this.faults.remove(name, id);
  }
}

/** GET /admin/profiles: the names POST /admin/tenants accepts as `profile`, the default first. */
@Controller('admin/profiles')
export class AdminProfilesController {
  @Get()
  list(): { profiles: string[]; default: string } {
    return { profiles: [...PROFILE_NAMES], default: DEFAULT_PROFILE };
  }
}
