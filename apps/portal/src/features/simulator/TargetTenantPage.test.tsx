import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setTargetConnection, signOut } from '../../auth/session';
import { mockApi, renderRoutes, type Call } from '../../shell/test-utils';
import { Component as TargetTenantPage, tenantTab } from './TargetTenantPage';
import { Component as TargetsPage } from './TargetsPage';

const TARGET = 'http://127.0.0.1:3001';
const ACME = {
  name: 'acme',
  profile: 'generic',
  baseUrl: `${TARGET}/tenants/acme/scim/v2`,
  token: 'abcd…',
  createdAt: '2026-12-05T10:00:00.000Z',
  tokenRotatedAt: '2026-12-05T10:00:00.000Z',
  allowDuplicateGroupNames: false,
  tokenEndpoint: false,
};
const REQUESTS = [
  {
    at: '2026-12-05T10:02:00.000Z',
    method: 'PATCH',
    url: '/tenants/acme/scim/v2/Users/7',
    status: 503,
    durationMs: 1.2,
    fault: 'f1',
    body: { Operations: [] },
    response: { detail: 'Injected fault (rule f1)' },
  },
  {
    at: '2026-12-05T10:01:00.000Z',
    method: 'POST',
    url: '/tenants/acme/scim/v2/Users',
    status: 201,
    durationMs: 8,
    body: { userName: 'a@contoso.com', password: '[REDACTED]' },
    response: { id: '7', userName: 'a@contoso.com' },
  },
  { at: '2026-12-05T10:00:00.000Z', method: 'GET', url: '/tenants/acme/scim/v2/Groups', status: 200, durationMs: 3 },
];

function targetApi(faults: unknown[] = []) {
  return mockApi((call: Call) => {
    if (!call.url.startsWith(TARGET)) return undefined;
    if (call.headers.authorization !== 'Bearer target-admin')
      return { status: 401, body: { detail: 'Missing or invalid admin bearer token' } };
    const path = call.url.slice(TARGET.length);
    if (path === '/admin/tenants') return { body: { tenants: [ACME] } };
    if (path === '/admin/tenants/acme') return { body: ACME };
    if (path === '/admin/profiles') return { body: { profiles: ['kintone', 'generic'], default: 'kintone' } };
    if (path.startsWith('/admin/tenants/acme/requests')) return { body: { requests: REQUESTS } };
    if (path === '/admin/tenants/acme/faults' && call.method === 'GET') return { body: { faults } };
    if (path === '/admin/tenants/acme/faults' && call.method === 'POST')
      return { status: 201, body: { id: 'f2', ...(call.body as object) } };
    if (path === '/admin/tenants/acme/token') return { status: 201, body: { ...ACME, token: 'new-secret-token-1234567890' } };
    if (path.startsWith('/admin/tenants/acme/stored/Users'))
      return {
        body: {
          totalResults: 51,
          startIndex: 1,
          Resources: [
            {
              id: 'u1',
              userName: 'a@contoso.com',
              active: true,
              meta: { created: ACME.createdAt, lastModified: ACME.createdAt, version: 1 },
            },
          ],
        },
      };
    return undefined;
  });
}

const routes = [
  { path: '/simulator/targets', element: <TargetsPage /> },
  { path: '/simulator/targets/:name', element: <TargetTenantPage /> },
];

describe('SCIM target views', () => {
  beforeEach(() => setTargetConnection({ url: TARGET, token: 'target-admin' }));
  afterEach(() => {
    vi.unstubAllGlobals();
    signOut();
  });

  it('lists tenants with the target token, and shows a rotated token once', async () => {
    const calls = targetApi();
    renderRoutes(routes, '/simulator/targets');
    expect(screen.getByText(/provsim — not part of Entra/)).toBeTruthy();
    const row = (await screen.findByText('acme')).closest('tr')!;
    fireEvent.click(within(row).getByRole('button', { name: 'Rotate token' }));
    expect(await screen.findByText('new-secret-token-1234567890')).toBeTruthy();
    expect(calls.some((c) => c.method === 'POST' && c.url === `${TARGET}/admin/tenants/acme/token`)).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByText('new-secret-token-1234567890')).toBeNull());
  });

  it('asks to connect the target when this tab has no connection', async () => {
    signOut();
    const calls = targetApi();
    renderRoutes(routes, '/simulator/targets');
    expect(await screen.findByRole('button', { name: 'Connect' })).toBeTruthy();
    expect(calls.filter((c) => c.url.startsWith(TARGET))).toEqual([]);
  });

  it('shows stored users by default, paged by ?start=', async () => {
    const calls = targetApi();
    const { router } = renderRoutes(routes, '/simulator/targets/acme');
    expect(await screen.findByText('a@contoso.com')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(router.state.location.search).toBe('?start=51'));
    await waitFor(() => expect(calls.some((c) => c.url.endsWith('/stored/Users?startIndex=51&count=50'))).toBe(true));
  });

  it('filters the request log from the URL and opens an entry with both bodies', async () => {
    targetApi();
    const { router } = renderRoutes(routes, '/simulator/targets/acme?tab=requests&status=2xx');
    const post = await screen.findByText('/tenants/acme/scim/v2/Users');
    expect(screen.queryByText('/tenants/acme/scim/v2/Users/7')).toBeNull();
    expect(screen.getByText('/tenants/acme/scim/v2/Groups')).toBeTruthy();
    fireEvent.click(post);
    await waitFor(() => expect(router.state.location.search).toContain('request=2026-12-05T10%3A01%3A00.000Z'));
    const drawer = await screen.findByRole('dialog');
    expect(within(drawer).getByText(/"password": "\[REDACTED\]"/)).toBeTruthy();
    expect(within(drawer).getByText(/"id": "7"/)).toBeTruthy();
  });

  it('adds a fault: 503 at 30 % on /Users*, posted to the target with its token', async () => {
    const calls = targetApi([{ id: 'f1', method: '*', path: '/Groups*', status: 429, everyNth: 2, createdAt: '', matched: 4, hits: 2 }]);
    renderRoutes(routes, '/simulator/targets/acme?tab=faults');
    expect(await screen.findByText('answer 429 — 1 request in 2')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add fault' }));
    fireEvent.change(await screen.findByRole('spinbutton', { name: 'Probability (%)' }), { target: { value: '30' } });
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Retry-After (s)' }), { target: { value: '5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.url.endsWith('/admin/tenants/acme/faults'))).toBe(true));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({ method: '*', path: '/Users*', status: 503, probability: 0.3, retryAfter: 5 });
    expect(post.headers.authorization).toBe('Bearer target-admin');
  });

  it.each([
    [null, 'users'],
    ['faults', 'faults'],
    ['requests', 'requests'],
    ['nonsense', 'users'],
  ])('?tab=%s → %s', (value, tab) => expect(tenantTab(value)).toBe(tab));
});
