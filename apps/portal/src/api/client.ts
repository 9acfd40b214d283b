import { getToken, signOut } from '../auth/session';

/** An error answered by the API, in Graph's envelope `{ error: { code, message } }` (or the SCIM one). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Base URL for another origin (the SCIM target's admin API); default: this origin (the tenant). */
  baseUrl?: string;
  /** Bearer token for another origin; default: the signed-in admin token. */
  token?: string;
}

/** Reads the API's error envelope into a message a person can act on. */
export function errorFromBody(status: number, body: unknown): ApiError {
  const graph = (body as { error?: { code?: string; message?: string } } | null)?.error;
  if (graph?.message) return new ApiError(status, graph.code ?? String(status), graph.message, body);
  const scim = body as { detail?: string; scimType?: string } | null;
  if (scim?.detail) return new ApiError(status, scim.scimType ?? String(status), scim.detail, body);
  return new ApiError(status, String(status), `The request failed with HTTP ${status}.`, body);
}

/** The raw response, authenticated; throws ApiError on a non-2xx answer and signs out on 401 from the tenant. */
export async function apiResponse(path: string, request: ApiRequest = {}): Promise<Response> {
  const token = request.token ?? getToken();
  const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch((request.baseUrl ?? '') + path, {
    method: request.method ?? 'GET',
    headers,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    signal: request.signal,
  });
  if (!response.ok) {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    if (response.status === 401 && !request.baseUrl) signOut();
    throw errorFromBody(response.status, body);
  }
  return response;
}

/** JSON from the API (null for 204). */
export async function api<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const response = await apiResponse(path, request);
  if (response.status === 204) return null as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}

/** A Graph collection page. */
export interface GraphPage<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.count'?: number;
}

/** The path (from this origin) of an `@odata.nextLink`, which Graph gives as an absolute URL. */
export function nextLinkPath(nextLink: string | undefined): string | undefined {
  if (!nextLink) return undefined;
  const url = new URL(nextLink, window.location.origin);
  return url.pathname + url.search;
}
