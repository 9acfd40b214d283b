import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockApi, renderRoutes } from '../../shell/test-utils';
import { Component as UsersPage } from './UsersPage';

const user = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  displayName: `User ${n}`,
  userPrincipalName: `user${n}@contoso.com`,
  accountEnabled: n % 2 === 0,
  department: 'Sales',
  jobTitle: 'Rep',
});

function graphUsers(call: { url: string }) {
  const url = new URL(call.url, 'http://portal.test');
  if (url.pathname !== '/v1.0/users') return undefined;
  if (url.searchParams.get('$skiptoken') === 'PAGE2') return { body: { '@odata.count': 26, value: [user(26)] } };
  if (url.searchParams.has('$search')) return { body: { '@odata.count': 1, value: [user(7)] } };
  return {
    body: {
      '@odata.count': 26,
      '@odata.nextLink': 'http://portal.test/v1.0/users?$top=25&$skiptoken=PAGE2',
      value: Array.from({ length: 25 }, (_, i) => user(i + 1)),
    },
  };
}

const routes = [{ path: '/users', element: <UsersPage /> }];
const listCalls = (calls: { url: string }[]) =>
  calls.map((c) => new URL(c.url, 'http://portal.test')).filter((u) => u.pathname === '/v1.0/users');

describe('Users list', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks Graph for one page of 25, sorted and counted, with ConsistencyLevel: eventual', async () => {
    const calls = mockApi(graphUsers);
    renderRoutes(routes, '/users');
    await screen.findByText('User 25');
    const [first] = listCalls(calls);
    expect(Object.fromEntries(first.searchParams)).toEqual({
      $select: 'id,displayName,userPrincipalName,accountEnabled,department,jobTitle',
      $top: '25',
      $count: 'true',
      $orderby: 'displayName',
    });
    expect(calls[0].headers.consistencylevel).toBe('eventual');
    expect(calls[0].headers.authorization).toBe('Bearer test-token');
    expect(screen.getByText('26 users found')).toBeTruthy();
  });

  it('follows @odata.nextLink with its $skiptoken, keeping the cursor in the page URL', async () => {
    const calls = mockApi(graphUsers);
    const { router } = renderRoutes(routes, '/users');
    await screen.findByText('User 25');
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('User 26');
    expect(listCalls(calls).at(-1)!.searchParams.get('$skiptoken')).toBe('PAGE2');
    expect(router.state.location.search).toBe('?page=PAGE2&n=2');
    expect(screen.getByText('Page 2')).toBeTruthy();
  });

  it('searches by name or UPN through $search (no $orderby), the search in the URL', async () => {
    const calls = mockApi(graphUsers);
    const { router } = renderRoutes(routes, '/users');
    await screen.findByText('User 25');
    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'ad"el' } });
    await waitFor(() => expect(router.state.location.search).toBe('?q=ad%22el'));
    await screen.findByText('1 user found');
    const search = listCalls(calls).at(-1)!;
    expect(search.searchParams.get('$search')).toBe('"displayName:adel" OR "userPrincipalName:adel"');
    expect(search.searchParams.has('$orderby')).toBe(false);
    expect(calls.at(-1)!.headers.consistencylevel).toBe('eventual');
  });

  it('opens from a deep link on page 2 of a search, and shows the API error message when Graph refuses', async () => {
    const calls = mockApi((call) =>
      call.url.includes('/v1.0/users')
        ? { status: 400, body: { error: { code: 'Request_UnsupportedQuery', message: 'Unsupported query.' } } }
        : undefined,
    );
    renderRoutes(routes, '/users?q=ann&page=TOKEN&n=2');
    await screen.findByText(/Unsupported query\./);
    const url = listCalls(calls)[0];
    expect(url.searchParams.get('$skiptoken')).toBe('TOKEN');
    expect(url.searchParams.get('$search')).toContain('displayName:ann');
    expect((screen.getByRole('searchbox') as HTMLInputElement).value).toBe('ann');
  });

  it('opens the New user dialog through the URL', async () => {
    mockApi(graphUsers);
    const { router } = renderRoutes(routes, '/users');
    await screen.findByText('User 25');
    fireEvent.click(screen.getByRole('button', { name: 'New user' }));
    await screen.findByText('Create new user');
    expect(router.state.location.search).toBe('?new=1');
  });
});
