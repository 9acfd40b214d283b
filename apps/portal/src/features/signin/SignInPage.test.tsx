import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getTargetConnection, getToken, signOut } from '../../auth/session';
import { mockApi, renderRoutes } from '../../shell/test-utils';
import { Component as SignInPage, safeNext } from './SignInPage';

const routes = [
  { path: '/signin', element: <SignInPage /> },
  { path: '/users', element: <p>users page</p> },
];

describe('Sign in', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    signOut();
  });

  it('gets a token by client credentials (a form body, never the URL), checks it, keeps it and goes to ?next', async () => {
    const calls = mockApi((call) => {
      if (call.url === '/provsim.onmicrosoft.com/oauth2/v2.0/token')
        return { body: { token_type: 'Bearer', access_token: 'jwt-1', expires_in: 3600 } };
      if (call.url.startsWith('/v1.0/organization'))
        return call.headers.authorization === 'Bearer jwt-1'
          ? { body: { value: [{ id: 't' }] } }
          : { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'no' } } };
      return undefined;
    });
    const init = vi.mocked(fetch);
    const { router } = renderRoutes(routes, '/signin?method=client&next=%2Fusers');
    signOut();
    fireEvent.change(screen.getByRole('textbox', { name: /Client id/ }), { target: { value: 'client-1' } });
    fireEvent.change(screen.getByLabelText(/Client secret/), { target: { value: 's3cret&x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText('users page');
    expect(router.state.location.pathname).toBe('/users');
    expect(getToken()).toBe('jwt-1');
    const tokenCall = init.mock.calls.find(([url]) => String(url).includes('oauth2'))!;
    expect(tokenCall[1]!.method).toBe('POST');
    expect(new URLSearchParams(String(tokenCall[1]!.body)).get('client_secret')).toBe('s3cret&x');
    expect(calls.every((c) => !c.url.includes('s3cret'))).toBe(true);
  });

  it("shows the API's message for a refused admin token and keeps nothing", async () => {
    mockApi((call) =>
      call.url.startsWith('/v1.0/organization')
        ? { status: 401, body: { error: { code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' } } }
        : undefined,
    );
    renderRoutes(routes, '/signin');
    signOut();
    fireEvent.change(screen.getByLabelText(/Admin token/), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText(/Access token validation failure\./);
    await waitFor(() => expect(getToken()).toBeNull());
  });
});

describe('Sign in with the SCIM target (provsim)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    signOut();
  });

  it.each([
    ['accepted', 'target-admin', { url: 'http://127.0.0.1:3001', token: 'target-admin' }],
    ['refused', 'wrong', null],
  ])('keeps the target connection only when its admin API accepts the token (%s)', async (_, typed, kept) => {
    mockApi((call) => {
      if (call.url.startsWith('/v1.0/organization')) return { body: { value: [{ id: 't' }] } };
      if (call.url === 'http://127.0.0.1:3001/admin/tenants')
        return call.headers.authorization === 'Bearer target-admin'
          ? { body: { tenants: [] } }
          : { status: 401, body: { detail: 'Missing or invalid admin bearer token' } };
      return undefined;
    });
    renderRoutes(routes, '/signin?next=%2Fusers');
    signOut();
    fireEvent.change(screen.getByLabelText(/Admin token/), { target: { value: 'tenant-admin' } });
    fireEvent.click(screen.getByRole('button', { name: 'SCIM target (provsim)' }));
    fireEvent.change(await screen.findByRole('textbox', { name: 'SCIM target admin API URL' }), {
      target: { value: 'http://127.0.0.1:3001/admin/tenants' },
    });
    fireEvent.change(screen.getByLabelText('SCIM target admin token'), { target: { value: typed } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    if (kept) await screen.findByText('users page');
    else await screen.findByText(/Missing or invalid admin bearer token/);
    expect(getTargetConnection()).toEqual(kept);
    expect(getToken()).toBe(kept ? 'tenant-admin' : null);
  });
});

describe('safeNext', () => {
  it.each([
    ['/users?q=a', '/users?q=a'],
    [null, '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
  ])('%s → %s', (next, path) => expect(safeNext(next)).toBe(path));
});
