import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, installRequestHardening, matchedRoute, redactUrl, secretsEqual, trackRoutes } from '@app/platform';
import { ScimError } from '@app/scim';
import { FaultRule, FaultService } from '../faults/fault.service';
import { RequestLogService } from '../request-log/request-log.service';
import { TenantRegistry } from '../tenants/tenant.registry';
import { allowedMethods, routeRefusal } from '../scim/scim-routes';
import { MethodNotAllowedError, SCIM_CONTENT_TYPE, sendScimError } from './scim-errors';

const SCIM_BASE = '/scim/v2';

interface GatewayDeps {
  tenants: TenantRegistry;
  faults: FaultService;
  requestLog: RequestLogService;
  publicUrl?: string;
  /** Largest body accepted (SCIM_MAX_BODY_BYTES); one over it is read and discarded up to BODY_DRAIN_FACTOR times this. */
  maxBodyBytes: number;
}

/** How much of an oversize body is read (and thrown away) before its 413, in multiples of the limit. */
export const BODY_DRAIN_FACTOR = 8;

function durationMs(startedAt: bigint): number {
  return Number(process.hrtime.bigint() - startedAt) / 1e6;
}

/**
 * The path below the SCIM base that a matched route stands for, from the router's template and its decoded
 * parameters: `/tenants/:tenant/scim/v2/:type/:id` with {type: 'Users', id: '7'} → `/Users/7`.
 */
export function scimSubPath(template: string, params: Record<string, string | undefined>): string {
  const at = template.indexOf(SCIM_BASE);
  const rest = at === -1 ? '' : template.slice(at + SCIM_BASE.length);
  const path = rest.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => params[name] ?? '');
  return path === '' ? '/' : path;
}

/**
 * Fastify hooks in front of every route, deciding on the route the router matched (never on the raw URL):
 * input checks first; then SCIM routes (`@Access('scim')`), in order: find the tenant, apply fault rules, check
 * the tenant's bearer token, refuse a path the tenant does not have (404) or a method it does not allow (405), all
 * before the body is read, and afterwards record the request in the tenant's request log; `@Public()` routes
 * (health) pass; every other route — the admin API and anything that declares nothing — needs the admin token.
 * Hooks (not Nest guards) because they run before body parsing and cost almost nothing per request.
 */
export function installScimGateway(fastify: FastifyInstance, deps: GatewayDeps): void {
  trackRoutes(fastify);
  // Node's own check answers an empty 400 (turned off in bootstrap.ts); HTTP/1.0 needs no Host.
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      return sendScimError(reply, new ScimError(400, undefined, 'An HTTP/1.1 request needs a Host header.'));
    }
  });
  installRequestHardening(fastify, {
    jsonContentTypes: ['application/json', 'application/scim+json'],
    refuse: (reply, _request, error) => sendScimError(reply, new ScimError(400, 'invalidValue', error.detail)),
    drainOversizeBodiesUpTo: BODY_DRAIN_FACTOR * deps.maxBodyBytes,
  });
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = matchedRoute(request);
    if (!route.matched || route.access === 'public') return;
    if (route.access !== 'scim') {
      if (!deps.tenants.isAdminToken(bearerToken(request.headers.authorization))) {
        return sendScimError(reply, new ScimError(401, undefined, 'Missing or invalid admin bearer token'));
      }
      return;
    }
    const startedAt = process.hrtime.bigint();
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const tenantName = params.tenant ?? 'default';
    const tenant = deps.tenants.find(tenantName);
    if (!tenant) return sendScimError(reply, new ScimError(404, undefined, `Tenant "${tenantName}" not found`));
    const subPath = scimSubPath(route.template, params);
    const basePath = params.tenant !== undefined ? `/tenants/${encodeURIComponent(params.tenant)}${SCIM_BASE}` : SCIM_BASE;
    const origin = deps.publicUrl ?? `${request.protocol}://${request.host}`;
    request.scim = { tenant, baseUrl: `${origin.replace(/\/$/, '')}${basePath}`, subPath, startedAt };

    const rule = deps.faults.pick(tenant.name, request.method, subPath);
    if (rule) {
      request.scim.faultRuleId = rule.id;
      const answered = await applyFault(rule, request, reply, deps);
      if (answered) return reply;
    }
    const token = bearerToken(request.headers.authorization);
    if (token === undefined || !secretsEqual(token, tenant.token)) {
      return sendScimError(reply, new ScimError(401, undefined, 'Missing or invalid bearer token'));
    }
    // Decided on the route, before the body is read: `POST /Schemas` is a 405 whatever its body.
    const refusal = routeRefusal(tenant.profile, subPath, request.method, request.url.split('?')[0], tenant);
    if (refusal) return sendScimError(reply, refusal);
  });

  fastify.addHook('onSend', async (request, reply, payload) => {
    const type = reply.getHeader('content-type');
    const route = matchedRoute(request);
    const scimOrAdmin = request.scim !== undefined || (route.matched && route.access !== 'public');
    if (scimOrAdmin && typeof type === 'string' && type.startsWith('application/json')) {
      reply.header('Content-Type', SCIM_CONTENT_TYPE);
    }
    if (request.scim && typeof payload === 'string') request.scim.responseText = payload;
    return payload;
  });

  fastify.addHook('onResponse', async (request, reply) => {
    const ctx = request.scim;
    if (!ctx) return;
    deps.requestLog.record(ctx.tenant.name, {
      at: new Date().toISOString(),
      method: request.method,
      url: redactUrl(request.url),
      status: reply.statusCode,
      durationMs: Math.round(durationMs(ctx.startedAt) * 100) / 100,
      body: request.body ?? undefined,
      fault: ctx.faultRuleId,
      responseText: ctx.responseText,
    });
  });
}

/** Carries out a fault rule. Returns true when the request was answered (or dropped) by the fault. */
async function applyFault(rule: FaultRule, request: FastifyRequest, reply: FastifyReply, deps: GatewayDeps): Promise<boolean> {
  if (rule.latencyMs) await sleep(rule.latencyMs);
  if (rule.drop) {
    const ctx = request.scim!;
    deps.requestLog.record(ctx.tenant.name, {
      at: new Date().toISOString(),
      method: request.method,
      url: redactUrl(request.url),
      status: 0,
      durationMs: Math.round(durationMs(ctx.startedAt) * 100) / 100,
      fault: rule.id,
    });
    request.scim = undefined; // nothing more to log: the connection is gone
    reply.hijack();
    request.raw.socket.destroy();
    return true;
  }
  if (rule.status === undefined) return false;
  if (rule.retryAfter !== undefined) reply.header('Retry-After', String(rule.retryAfter));
  // An injected 405 refuses this method, so Allow lists the path's other methods (empty on an unknown path).
  const allow = rule.status === 405 ? injectedAllow(request) : undefined;
  if (rule.body) {
    if (allow) reply.header('Allow', allow.join(', '));
    reply.code(rule.status).header('Content-Type', SCIM_CONTENT_TYPE).send(rule.body);
  } else if (allow) {
    sendScimError(reply, new MethodNotAllowedError(allow, `Injected fault (rule ${rule.id})`));
  } else if (rule.status >= 400) {
    sendScimError(reply, new ScimError(rule.status, undefined, `Injected fault (rule ${rule.id})`));
  } else {
    reply.code(rule.status).send();
  }
  return true;
}

function injectedAllow(request: FastifyRequest): string[] {
  const ctx = request.scim!;
  return (allowedMethods(ctx.tenant.profile, ctx.subPath, ctx.tenant) ?? []).filter((m) => m !== request.method);
}
