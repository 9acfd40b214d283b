import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, secretsEqual } from '@app/platform';
import { ScimError } from '@app/scim';
import { FaultRule, FaultService } from '../faults/fault.service';
import { RequestLogService } from '../request-log/request-log.service';
import { TenantRegistry } from '../tenants/tenant.registry';
import { allowedMethods } from '../scim/scim-routes';
import { MethodNotAllowedError, SCIM_CONTENT_TYPE, sendScimError } from './scim-errors';

const SCIM_ROUTE = /^\/(?:tenants\/([^/?#]+)\/)?scim\/v2(?=[/?#]|$)([^?#]*)/;
const ADMIN_ROUTE = /^\/admin(?=[/?#]|$)/;

interface GatewayDeps {
  tenants: TenantRegistry;
  faults: FaultService;
  requestLog: RequestLogService;
  publicUrl?: string;
}

function durationMs(startedAt: bigint): number {
  return Number(process.hrtime.bigint() - startedAt) / 1e6;
}

/**
 * Fastify hooks in front of every route. For SCIM routes, in order: find the tenant, apply fault rules, check the
 * bearer token; afterwards record the request in the tenant's request log. Admin routes need the admin token.
 * Hooks (not Nest guards) because they run before body parsing and cost almost nothing per request.
 */
export function installScimGateway(fastify: FastifyInstance, deps: GatewayDeps): void {
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.url;
    const scim = SCIM_ROUTE.exec(url);
    if (!scim) {
      if (ADMIN_ROUTE.test(url) && !deps.tenants.isAdminToken(bearerToken(request.headers.authorization))) {
        return sendScimError(reply, new ScimError(401, undefined, 'Missing or invalid admin bearer token'));
      }
      return;
    }
    const startedAt = process.hrtime.bigint();
    const tenantName = scim[1] ?? 'default';
    const tenant = deps.tenants.find(tenantName);
    if (!tenant) return sendScimError(reply, new ScimError(404, undefined, `Tenant "${tenantName}" not found`));
    const subPath = scim[2] || '/';
    const basePath = scim[1] ? `/tenants/${scim[1]}/scim/v2` : '/scim/v2';
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
  });

  fastify.addHook('onSend', async (request, reply, payload) => {
    const type = reply.getHeader('content-type');
    if ((request.scim || ADMIN_ROUTE.test(request.url)) && typeof type === 'string' && type.startsWith('application/json')) {
      reply.header('Content-Type', SCIM_CONTENT_TYPE);
    }
    return payload;
  });

  fastify.addHook('onResponse', async (request, reply) => {
    const ctx = request.scim;
    if (!ctx) return;
    deps.requestLog.record(ctx.tenant.name, {
      at: new Date().toISOString(),
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      durationMs: Math.round(durationMs(ctx.startedAt) * 100) / 100,
      body: request.body ?? undefined,
      fault: ctx.faultRuleId,
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
      url: request.url,
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
  return (allowedMethods(ctx.tenant.profile, ctx.subPath) ?? []).filter((m) => m !== request.method);
}
