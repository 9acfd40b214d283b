import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { UIMatch } from 'react-router';
import { Breadcrumbs, crumbsOf } from './Breadcrumbs';
import { renderRoutes } from './test-utils';

const match = (id: string, pathname: string, handle?: unknown, params: Record<string, string> = {}): UIMatch =>
  ({ id, pathname, handle, params, data: undefined, loaderData: undefined }) as UIMatch;

describe('crumbsOf', () => {
  it('starts at Home and names each matched route that has a crumb', () => {
    const crumbs = crumbsOf([
      match('root', '/'),
      match('apps', '/apps/sp1', { crumb: 'Application' }),
      match('prov', '/apps/sp1/provisioning', { crumb: 'Provisioning' }),
    ]);
    expect(crumbs.map((c) => [c.label, c.to])).toEqual([
      ['Home', '/'],
      ['Application', '/apps/sp1'],
      ['Provisioning', '/apps/sp1/provisioning'],
    ]);
  });

  it("puts a page's parent list before it, and calls a crumb function with the match", () => {
    const crumbs = crumbsOf([
      match('root', '/'),
      match(
        'user',
        '/users/u1',
        { parent: { crumb: 'Users', to: '/users' }, crumb: (m: UIMatch) => `User ${m.params.userId}` },
        { userId: 'u1' },
      ),
    ]);
    expect(crumbs.map((c) => [c.label, c.to])).toEqual([
      ['Home', '/'],
      ['Users', '/users'],
      ['User u1', '/users/u1'],
    ]);
  });

  it('does not repeat Home for the index route', () => {
    expect(crumbsOf([match('root', '/'), match('home', '/', { crumb: 'Home' })]).map((c) => c.label)).toEqual(['Home']);
  });
});

describe('Breadcrumbs', () => {
  it('renders the trail as links, the last one the current page', async () => {
    renderRoutes(
      [
        {
          path: '/',
          element: <Breadcrumbs />,
          children: [
            { path: 'users/deleted', handle: { parent: { crumb: 'Users', to: '/users' }, crumb: 'Deleted users' }, element: null },
          ],
        },
      ],
      '/users/deleted',
    );
    const nav = await screen.findByRole('navigation', { name: 'Breadcrumb' });
    expect(nav.textContent).toBe('HomeUsersDeleted users');
    expect(screen.getByText('Users').closest('a')?.getAttribute('href')).toBe('/portal/users');
    expect(screen.getByText('Deleted users').closest('[aria-current="page"]')).toBeTruthy();
  });
});
