import { QueryClient } from '@tanstack/react-query';
import type { LoaderFunctionArgs, RouteObject } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { directoryKeys, usersListPath } from './api/directory';
import { logKeys, logsListPath } from './api/logs';
import { setToken, signOut } from './auth/session';
import { portalRoutes } from './routes';

/** The route at `path` (children of '/' and of the app layout). */
function route(routes: RouteObject[], path: string): RouteObject {
  const all = routes.flatMap((r) => [r, ...(r.children ?? []).flatMap((c) => [c, ...(c.children ?? [])])]);
  const found = all.find((r) => r.path === path);
  if (!found) throw new Error(`no route ${path}`);
  return found;
}

function load(r: RouteObject, url: string, params: Record<string, string> = {}): unknown {
  const loader = r.loader as (args: LoaderFunctionArgs) => unknown;
  return loader({ request: new Request(url), params, context: undefined } as LoaderFunctionArgs);
}

describe('route prefetch: a list page asks for its first page while its code loads', () => {
  const fetched: string[] = [];
  beforeEach(() => {
    fetched.length = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        fetched.push(String(input));
        return new Response(JSON.stringify({ value: [] }), { status: 200, headers: { 'content-type': 'application/json' } });
      }),
    );
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    signOut();
  });

  it('Users: the URL’s search and page cursor, under the key the page reads', async () => {
    setToken('t');
    const client = new QueryClient();
    expect(load(route(portalRoutes(client), 'users'), 'http://localhost/portal/users?q=ad&page=abc&n=2')).toBeNull();
    await vi.waitFor(() => expect(client.getQueryState(directoryKeys.users('ad', 'abc'))?.status).toBe('success'));
    expect(fetched).toEqual([usersListPath({ search: 'ad', skiptoken: 'abc' })]);
  });

  it('Provisioning logs under an application: its filters, the application from the route', async () => {
    setToken('t');
    const client = new QueryClient();
    const filters = { status: 'failure', app: 'sp-1' };
    load(route(portalRoutes(client), 'provisioning-logs'), 'http://localhost/portal/apps/sp-1/provisioning-logs?status=failure', {
      servicePrincipalId: 'sp-1',
    });
    await vi.waitFor(() => expect(client.getQueryState(logKeys.list(filters))?.status).toBe('success'));
    expect(fetched).toEqual([logsListPath(filters)]);
  });

  it('signed out: nothing is fetched (the session guard sends the browser to sign in)', () => {
    const client = new QueryClient();
    expect(load(route(portalRoutes(client), 'logs'), 'http://localhost/portal/logs')).toBeNull();
    expect(fetched).toEqual([]);
    expect(client.getQueryCache().getAll()).toEqual([]);
  });
});
