import { Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Put, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, Public, redactUrl } from '@app/platform';
import {
  parseAttributeList,
  parsePaging,
  resourceTypeById,
  resourceTypesResponse,
  ResourceSchema,
  schemaById,
  schemasResponse,
  SCIM_SCHEMAS,
  ScimError,
  serviceProviderConfig,
} from '@app/scim';
import { SCIM_TARGET_CONFIG } from '../config/config.token';
import { ScimTargetConfig } from '../config/scim-target.config';
import { RawQuery, Scim, ScimRequestContext, singleParam } from '../http/scim-request';
import { Projection, Rendered, ResourceService } from '../resources/resource.service';
import { RequestLogService } from '../request-log/request-log.service';
import { DEFAULT_TENANT, Tenant, TenantRegistry } from '../tenants/tenant.registry';
import { routeRefusal } from './scim-routes';

export const SCIM_PATHS = ['scim/v2', 'tenants/:tenant/scim/v2'];
export const LIST_LIMITS = { defaultCount: 100, maxCount: 1000 };
const MAX_OPERATIONS = 1000;

type Query = Record<string, unknown>;

function projectionOf(query: Query): Projection {
  return {
    attributes: parseAttributeList(singleParam(query.attributes)),
    excludedAttributes: parseAttributeList(singleParam(query.excludedAttributes)),
  };
}

function ifMatchOf(request: FastifyRequest): string | undefined {
  const value = request.headers['if-match'];
  return Array.isArray(value) ? value.join(',') : value;
}

/** The resource type the path names; 405 when it names a discovery document instead (`POST /Schemas`), else 404. */
function resourceSchema(ctx: ScimRequestContext, type: string, request: FastifyRequest): ResourceSchema {
  const schema = ctx.tenant.profile.resourceSchemas.get(type);
  if (!schema) refuse(ctx, type, request);
  return schema;
}

type SchemaDocument = { id?: string; attributes?: Array<{ name: string; uniqueness?: string }> };

/** A schema document as the tenant's settings make it: Group displayName is unique unless the tenant allows duplicates. */
function withTenantSettings(document: object, tenant: Tenant): object {
  const schema = document as SchemaDocument;
  if (schema.id !== SCIM_SCHEMAS.group || !schema.attributes) return document;
  const uniqueness = tenant.allowDuplicateGroupNames ? 'none' : 'server';
  return { ...document, attributes: schema.attributes.map((a) => (a.name === 'displayName' ? { ...a, uniqueness } : a)) };
}

/**
 * A known path with a method it does not allow → 405 with the methods it does; an unknown path → 404. The gateway
 * answers these before the body is read (routeRefusal); this is the same rule where a handler meets them.
 */
function refuse(ctx: ScimRequestContext, type: string, request: FastifyRequest): never {
  throw (
    routeRefusal(ctx.tenant.profile, ctx.subPath, request.method, request.url.split('?')[0], ctx.tenant) ??
    new ScimError(404, undefined, `Resource type "${type}" is not served by the ${ctx.tenant.profile.name} profile`)
  );
}

/**
 * RFC 7644 endpoints of one tenant: discovery, then Users and Groups through one resource-generic set of routes.
 * `@Access('scim')`: the gateway authenticates these with the tenant's bearer token (every other route needs the
 * admin token).
 */
@Controller(SCIM_PATHS)
@Access('scim')
export class ScimController {
  constructor(
    private readonly resources: ResourceService,
    private readonly tenants: TenantRegistry,
    private readonly requestLog: RequestLogService,
    @Inject(SCIM_TARGET_CONFIG) private readonly config: ScimTargetConfig,
  ) {}

  /**
   * The bearer token of the tenant, for clients that fetch one first, as the Postman collection of Microsoft's SCIM
   * reference code does (`GET {base}/Token` → `{"token":"…"}`). Public on purpose, so it hands the token to anyone
   * who can reach it: a tenant opts in (`tokenEndpoint`), and for every other tenant this is the 404 an unknown path
   * gets. Not faulted; a token handed out is recorded in the tenant's request log.
   */
  @Get('Token')
  @Public()
  token(
    @Param('tenant') name: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): { token: string } {
    const startedAt = process.hrtime.bigint();
    const tenant = this.tenants.find(name ?? DEFAULT_TENANT);
    if (!tenant) throw new ScimError(404, undefined, `Tenant "${name}" not found`);
    if (!tenant.tokenEndpoint) {
      throw new ScimError(404, undefined, `Resource type "Token" is not served by the ${tenant.profile.name} profile`);
    }
    reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
    this.requestLog.record(tenant.name, {
      at: new Date().toISOString(),
      method: request.method,
      url: redactUrl(request.url),
      status: 200,
      durationMs: Math.round((Number(process.hrtime.bigint() - startedAt) / 1e6) * 100) / 100,
    });
    return { token: tenant.token };
  }

  @Get('ServiceProviderConfig')
  serviceProviderConfig(@Scim() ctx: ScimRequestContext): object {
    return serviceProviderConfig(ctx.tenant.profile, ctx.baseUrl, {
      maxResults: LIST_LIMITS.maxCount,
      maxPayloadSize: this.config.SCIM_MAX_BODY_BYTES,
      maxOperations: MAX_OPERATIONS,
    });
  }

  @Get('Schemas')
  schemas(@Scim() ctx: ScimRequestContext): object {
    const list = schemasResponse(ctx.tenant.profile, ctx.baseUrl) as { Resources: object[] };
    return { ...list, Resources: list.Resources.map((schema) => withTenantSettings(schema, ctx.tenant)) };
  }

  @Get('Schemas/:id')
  schema(@Scim() ctx: ScimRequestContext, @Param('id') id: string): object {
    const found = schemaById(ctx.tenant.profile, id, ctx.baseUrl);
    if (!found) throw new ScimError(404, undefined, `Schema "${id}" not found`);
    return withTenantSettings(found, ctx.tenant);
  }

  @Get('ResourceTypes')
  resourceTypes(@Scim() ctx: ScimRequestContext): object {
    return resourceTypesResponse(ctx.tenant.profile, ctx.baseUrl);
  }

  @Get('ResourceTypes/:id')
  resourceType(@Scim() ctx: ScimRequestContext, @Param('id') id: string): object {
    const found = resourceTypeById(ctx.tenant.profile, id, ctx.baseUrl);
    if (!found) throw new ScimError(404, undefined, `Resource type "${id}" not found`);
    return found;
  }

  @Get(':type')
  async list(
    @Scim() ctx: ScimRequestContext,
    @Param('type') type: string,
    @RawQuery() query: Query,
    @Req() request: FastifyRequest,
  ): Promise<object> {
    const schema = resourceSchema(ctx, type, request);
    const paging = parsePaging(singleParam(query.startIndex), singleParam(query.count), LIST_LIMITS);
    return this.resources.list(ctx.tenant, schema, { filter: singleParam(query.filter), ...paging, ...projectionOf(query) }, ctx.baseUrl);
  }

  @Post(':type')
  async create(
    @Scim() ctx: ScimRequestContext,
    @Param('type') type: string,
    @RawQuery() query: Query,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<object> {
    const schema = resourceSchema(ctx, type, request);
    const rendered = await this.resources.create(ctx.tenant, schema, request.body, ctx.baseUrl, projectionOf(query));
    reply.code(201);
    reply.header('Location', `${ctx.baseUrl}${schema.resourceType.endpoint}/${String(rendered.body.id)}`);
    return send(reply, rendered);
  }

  @Get(':type/:id')
  async get(
    @Scim() ctx: ScimRequestContext,
    @Param('type') type: string,
    @Param('id') id: string,
    @RawQuery() query: Query,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<object> {
    const schema = resourceSchema(ctx, type, request);
    return send(reply, await this.resources.get(ctx.tenant, schema, id, ctx.baseUrl, projectionOf(query)));
  }

  @Put(':type/:id')
  async replace(
    @Scim() ctx: ScimRequestContext,
    @Param('type') type: string,
    @Param('id') id: string,
    @RawQuery() query: Query,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<object> {
    const schema = resourceSchema(ctx, type, request);
    const rendered = await this.resources.replace(
      ctx.tenant,
      schema,
      id,
      request.body,
      ifMatchOf(request),
      ctx.baseUrl,
      projectionOf(query),
    );
    return send(reply, rendered);
  }

  @Patch(':type/:id')
  async patch(
    @Scim() ctx: ScimRequestContext,
    @Param('type') type: string,
    @Param('id') id: string,
    @RawQuery() query: Query,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<object | undefined> {
    const schema = resourceSchema(ctx, type, request);
    const projection = projectionOf(query);
    const rendered = await this.resources.patch(ctx.tenant, schema, id, request.body, ifMatchOf(request), ctx.baseUrl, projection);
    // Groups answer 204 (Entra discourages echoing member lists) unless attributes were asked for; Users answer 200.
    if (schema.resourceType.name === 'Group' && !projection.attributes) {
      reply.header('ETag', rendered.etag);
      reply.code(204);
      return undefined;
    }
    return send(reply, rendered);
  }

  @Delete(':type/:id')
  @HttpCode(204)
  async remove(
    @Scim() ctx: ScimRequestContext,
    @Param('type') type: string,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.resources.delete(ctx.tenant, resourceSchema(ctx, type, request), id, ifMatchOf(request));
  }

  // Known paths, wrong method: 405 in the SCIM envelope, with the methods the path allows, rather than a bare 404.
  // (Other methods on discovery paths reach the resource routes above, whose resourceSchema() answers the same.)
  @Put(':type')
  putCollection(@Scim() ctx: ScimRequestContext, @Param('type') type: string, @Req() request: FastifyRequest): never {
    return refuse(ctx, type, request);
  }
  @Patch(':type')
  patchCollection(@Scim() ctx: ScimRequestContext, @Param('type') type: string, @Req() request: FastifyRequest): never {
    return refuse(ctx, type, request);
  }
  @Delete(':type')
  deleteCollection(@Scim() ctx: ScimRequestContext, @Param('type') type: string, @Req() request: FastifyRequest): never {
    return refuse(ctx, type, request);
  }
  @Post(':type/:id')
  postItem(@Scim() ctx: ScimRequestContext, @Param('type') type: string, @Req() request: FastifyRequest): never {
    return refuse(ctx, type, request);
  }
}

function send(reply: FastifyReply, rendered: Rendered): object {
  reply.header('ETag', rendered.etag);
  return rendered.body;
}
