import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ScimError } from '@app/scim';
import { FaultRuleDto } from './fault-rule.dto';

export interface FaultRule {
  id: string;
  method: string;
  path: string;
  status?: number;
  retryAfter?: number;
  body?: Record<string, unknown>;
  latencyMs?: number;
  drop?: boolean;
  probability?: number;
  everyNth?: number;
  activeFrom?: string;
  activeUntil?: string;
  maxHits?: number;
  createdAt: string;
  /** Requests that matched method and path inside the window. */
  matched: number;
  /** Requests this rule faulted. */
  hits: number;
}

interface CompiledRule {
  rule: FaultRule;
  pathPattern: RegExp;
  from?: number;
  until?: number;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/**
 * Per-tenant fault rules, kept in memory: rehearsal settings for a running process, cleared by a restart.
 * The first rule (in creation order) that matches and triggers decides the request's fate.
 */
@Injectable()
export class FaultService {
  private readonly rules = new Map<string, CompiledRule[]>();
  /** Injectable randomness so tests can pin probabilities. */
  random: () => number = Math.random;

  add(tenant: string, dto: FaultRuleDto, now = Date.now()): FaultRule {
    if (dto.status === undefined && dto.latencyMs === undefined && !dto.drop) {
      throw new ScimError(400, 'invalidValue', 'A fault rule needs at least one effect: status, latencyMs or drop');
    }
    if (dto.status !== undefined && dto.drop) {
      throw new ScimError(400, 'invalidValue', 'status and drop exclude each other');
    }
    const until = dto.durationMs !== undefined ? now + dto.durationMs : dto.activeUntil ? Date.parse(dto.activeUntil) : undefined;
    const from = dto.activeFrom ? Date.parse(dto.activeFrom) : undefined;
    if (from !== undefined && until !== undefined && until <= from) {
      throw new ScimError(400, 'invalidValue', 'The time window ends before it begins');
    }
    const rule: FaultRule = {
      id: randomUUID(),
      method: dto.method ?? '*',
      path: dto.path ?? '*',
      status: dto.status,
      retryAfter: dto.retryAfter,
      body: dto.body,
      latencyMs: dto.latencyMs,
      drop: dto.drop,
      probability: dto.probability,
      everyNth: dto.everyNth,
      activeFrom: from !== undefined ? new Date(from).toISOString() : undefined,
      activeUntil: until !== undefined ? new Date(until).toISOString() : undefined,
      maxHits: dto.maxHits,
      createdAt: new Date(now).toISOString(),
      matched: 0,
      hits: 0,
    };
    const list = this.rules.get(tenant) ?? [];
    list.push({ rule, pathPattern: globToRegExp(rule.path), from, until });
    this.rules.set(tenant, list);
    return rule;
  }

  list(tenant: string): FaultRule[] {
    return (this.rules.get(tenant) ?? []).map((c) => c.rule);
  }

  remove(tenant: string, id: string): void {
    const list = this.rules.get(tenant) ?? [];
    const next = list.filter((c) => c.rule.id !== id);
    if (next.length === list.length) throw new ScimError(404, undefined, `Fault rule "${id}" not found`);
    this.rules.set(tenant, next);
  }

  clear(tenant: string): void {
    this.rules.delete(tenant);
  }

  /** The rule that faults this request, if any; counts matches and hits. */
  pick(tenant: string, method: string, subPath: string, now = Date.now()): FaultRule | undefined {
    const list = this.rules.get(tenant);
    if (!list || list.length === 0) return undefined;
    for (const c of list) {
      const r = c.rule;
      if (r.method !== '*' && r.method !== method) continue;
      if (!c.pathPattern.test(subPath)) continue;
      if ((c.from !== undefined && now < c.from) || (c.until !== undefined && now >= c.until)) continue;
      if (r.maxHits !== undefined && r.hits >= r.maxHits) continue;
      r.matched++;
      const fires =
        r.everyNth !== undefined ? r.matched % r.everyNth === 0 : r.probability !== undefined ? this.random() < r.probability : true;
      if (!fires) continue;
      r.hits++;
      return r;
    }
    return undefined;
  }
}
