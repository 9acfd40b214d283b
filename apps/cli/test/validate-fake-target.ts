/**
 * A small SCIM server for the validate tests, with defects switched on one by one. It stores users in memory and
 * uses libs/scim (the generic profile's schemas, resource normalisation and PATCH) for everything a defect does
 * not change, so each scenario differs from a correct app by exactly its defect.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyPatch, getProfile, normalizeResource, schemasResponse, ScimError, type ScimResource } from '@app/scim';

export interface Defects {
  /** PATCH answers 202 Accepted (Entra expects 200 or 204). */
  patchAnswers202?: boolean;
  /** POST /Users answers 202 without a body. */
  createAnswers202?: boolean;
  /** userName filters compare case-sensitively. */
  caseSensitiveFilter?: boolean;
  /** startIndex/count ignored: every user on one page. */
  noPagination?: boolean;
  /** `active` given as a string ("False") is refused with 400. */
  activeStringRejected?: boolean;
  /** op values other than lower case are refused with 400. */
  capitalisedOpRejected?: boolean;
  /** A manager given as a bare string is refused with 400. */
  bareManagerRejected?: boolean;
}

export interface FakeTarget {
  url: string;
  token: string;
  close(): Promise<void>;
}

const ERROR_URN = 'urn:ietf:params:scim:api:messages:2.0:Error';
const MANAGER = /manager$/i;

export async function startFakeTarget(defects: Defects = {}): Promise<FakeTarget> {
  const token = `fake-${randomUUID()}`;
  const profile = getProfile('generic');
  const schema = profile.resourceSchemas.get('Users')!;
  const users = new Map<string, ScimResource>();

  const send = (res: ServerResponse, status: number, body?: unknown) => {
    res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/scim+json' });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const fail = (res: ServerResponse, status: number, detail: string) =>
    send(res, status, { schemas: [ERROR_URN], status: String(status), detail });

  const handle = async (req: IncomingMessage, res: ServerResponse, base: string) => {
    if (req.headers.authorization !== `Bearer ${token}`) return fail(res, 401, 'no');
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname.replace(/^\/scim/, '');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : undefined;
    if (req.method === 'GET' && path === '/Schemas') return send(res, 200, schemasResponse(profile, base));
    if (req.method === 'GET' && path === '/Users') {
      let list = [...users.values()];
      const filter = url.searchParams.get('filter');
      if (filter) {
        const m = /^userName eq "(.*)"$/.exec(filter);
        if (!m) return fail(res, 400, 'only userName eq');
        list = list.filter((u) =>
          defects.caseSensitiveFilter ? u.userName === m[1] : String(u.userName).toLowerCase() === m[1].toLowerCase(),
        );
      }
      const start = Math.max(1, Number(url.searchParams.get('startIndex') ?? 1));
      const count = Number(url.searchParams.get('count') ?? 100);
      const page = defects.noPagination ? list : list.slice(start - 1, start - 1 + count);
      return send(res, 200, {
        schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
        totalResults: list.length,
        startIndex: defects.noPagination ? 1 : start,
        itemsPerPage: page.length,
        Resources: page,
      });
    }
    if (req.method === 'POST' && path === '/Users') {
      const resource = normalizeResource(body, schema, 'create');
      if ([...users.values()].some((u) => String(u.userName).toLowerCase() === String(resource.userName).toLowerCase()))
        return fail(res, 409, 'taken');
      const id = randomUUID();
      const stored = { ...resource, id, meta: { resourceType: 'User' } };
      users.set(id, stored);
      return defects.createAnswers202 ? send(res, 202) : send(res, 201, stored);
    }
    const m = /^\/Users\/([^/]+)$/.exec(path);
    const existing = m ? users.get(decodeURIComponent(m[1])) : undefined;
    if (!m || !existing) return fail(res, 404, 'not found');
    if (req.method === 'GET') return send(res, 200, existing);
    if (req.method === 'DELETE') {
      users.delete(existing.id as string);
      return send(res, 204);
    }
    if (req.method === 'PATCH') {
      const operations = (body?.Operations ?? []) as { op: string; path?: string; value?: unknown }[];
      for (const op of operations) {
        if (defects.activeStringRejected && /^active$/i.test(op.path ?? '') && typeof op.value === 'string')
          return fail(res, 400, 'active must be a boolean');
        if (defects.capitalisedOpRejected && op.op !== op.op.toLowerCase()) return fail(res, 400, `unknown op ${op.op}`);
        if (defects.bareManagerRejected && MANAGER.test(op.path ?? '') && typeof op.value === 'string')
          return fail(res, 400, 'manager must be complex');
      }
      const { resource } = applyPatch(existing, body, schema);
      users.set(existing.id as string, resource);
      return defects.patchAnswers202 ? send(res, 202) : send(res, 200, resource);
    }
    return fail(res, 405, 'no');
  };

  const server: Server = createServer((req, res) => {
    const base = `http://${req.headers.host}/scim`;
    handle(req, res, base).catch((error: unknown) => {
      if (error instanceof ScimError) fail(res, error.status, error.message);
      else fail(res, 500, String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/scim`,
    token,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
