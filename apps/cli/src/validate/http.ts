import { Agent, request } from 'undici';
import { parseTenantUrl, requestTarget, type TenantUrl } from '@app/entra/sync/connector/tenant-url';
import type { HttpExchange } from '../report/report';
import { MASK } from '../report/mask';

export const SCIM_JSON = 'application/scim+json';

export interface ScimAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  exchange: HttpExchange;
}

/** The target could not be reached at all (DNS, refused connection, TLS, timeout): a connection error, exit 2. */
export class TargetUnreachable extends Error {}

/**
 * A SCIM client that talks to the Tenant URL the way Entra's connector does (same URL parsing, the
 * `aadOptscim062020` flag recognised and not forwarded, `application/scim+json` bodies, bearer token) and keeps
 * every exchange, with the token masked, for the check that made it.
 */
export class ScimClient {
  readonly tenant: TenantUrl;
  private readonly agent: Agent;
  private readonly listeners: ((x: HttpExchange) => void)[] = [];

  constructor(
    tenantUrl: string,
    private readonly token: string,
    private readonly timeoutMs = 60_000,
  ) {
    this.tenant = parseTenantUrl(tenantUrl);
    this.agent = new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs, connectTimeout: Math.min(timeoutMs, 10_000) });
  }

  /** Whether the Tenant URL carries the SCIM compliance flag (Entra then sends the aadOptscim062020 shapes). */
  get flagged(): boolean {
    return this.tenant.shape === 'aadOptscim062020';
  }

  onExchange(listener: (x: HttpExchange) => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  url(path: string, params: ReadonlyArray<readonly [string, string]> = []): string {
    return `${this.tenant.origin}${requestTarget(this.tenant, path, params)}`;
  }

  get(path: string, params: ReadonlyArray<readonly [string, string]> = []): Promise<ScimAnswer> {
    return this.send('GET', path, undefined, params);
  }
  post(path: string, body: unknown): Promise<ScimAnswer> {
    return this.send('POST', path, body);
  }
  patch(path: string, body: unknown): Promise<ScimAnswer> {
    return this.send('PATCH', path, body);
  }
  delete(path: string): Promise<ScimAnswer> {
    return this.send('DELETE', path);
  }

  async send(method: string, path: string, body?: unknown, params: ReadonlyArray<readonly [string, string]> = []): Promise<ScimAnswer> {
    const url = this.url(path, params);
    const headers: Record<string, string> = { accept: SCIM_JSON, authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['content-type'] = SCIM_JSON;
    const exchange: HttpExchange = {
      method,
      url,
      requestHeaders: { ...headers, authorization: `Bearer ${MASK}` },
      ...(body !== undefined ? { requestBody: body } : {}),
    };
    const started = performance.now();
    try {
      const res = await request(url, {
        method: method as 'GET',
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher: this.agent,
      });
      const text = await res.body.text();
      let parsed: unknown = undefined;
      if (text !== '') {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text.length > 4000 ? `${text.slice(0, 4000)}…(truncated)` : text;
        }
      }
      exchange.status = res.statusCode;
      if (parsed !== undefined) exchange.responseBody = parsed;
      exchange.durationMs = performance.now() - started;
      const flat: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
      this.emit(exchange);
      return { status: res.statusCode, body: parsed, headers: flat, exchange };
    } catch (error) {
      exchange.error = describeNetworkError(error);
      exchange.durationMs = performance.now() - started;
      this.emit(exchange);
      throw new TargetUnreachable(`${method} ${url}: ${exchange.error}`);
    }
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private emit(x: HttpExchange): void {
    for (const l of this.listeners) l(x);
  }
}

/** One line for a transport failure, with the system error code when there is one. */
export function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = (error as { code?: string }).code ?? (cause as { code?: string } | undefined)?.code;
  const causeMessage = cause instanceof Error ? cause.message : undefined;
  const text = causeMessage && causeMessage !== error.message ? `${error.message} (${causeMessage})` : error.message;
  return code && !text.includes(code) ? `${code}: ${text}` : text;
}
