import { Agent, fetch as undiciFetch } from 'undici';

/** A response as tests want it: status, lower-case headers, parsed JSON body (or raw text). */
export interface TestResponse<T = any> {
  status: number;
  headers: Record<string, string>;
  body: T;
  text: string;
}

export interface TestRequestOptions {
  token?: string;
  body?: unknown;
  /** Raw body text, sent as-is (for malformed-JSON tests). */
  rawBody?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** A CA certificate (PEM) to trust for an https URL, e.g. an app's `tls.ca` when PROVSIM_HTTPS is on. */
  ca?: string;
}

const agents = new Map<string, Agent>();

/** One keep-alive agent per CA, trusting that CA only. */
function agentTrusting(ca: string): Agent {
  let agent = agents.get(ca);
  if (agent === undefined) {
    agent = new Agent({ connect: { ca } });
    agents.set(ca, agent);
  }
  return agent;
}

/** One HTTP request with a bearer token and a SCIM JSON body, over a real socket. */
export async function httpRequest<T = any>(method: string, url: string, options: TestRequestOptions = {}): Promise<TestResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/scim+json';
  const response =
    options.ca === undefined
      ? await fetch(url, { method, headers, body })
      : await undiciFetch(url, { method, headers, body, dispatcher: agentTrusting(options.ca) });
  const text = await response.text();
  let parsed: unknown = text;
  if (text.length > 0) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  const outHeaders: Record<string, string> = {};
  response.headers.forEach((value, key) => (outHeaders[key] = value));
  return { status: response.status, headers: outHeaders, body: parsed as T, text };
}
