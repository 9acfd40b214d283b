import { createBrowserRouter, type RouteObject } from 'react-router';
import { RequireSession } from './auth/RequireSession';
import { Shell } from './shell/Shell';

/**
 * Every view has its own URL (deep links; Back/Forward restores the view, its filters and open panels, which the
 * pages keep in the query string). Pages load on demand: each module exports `Component` and optionally `handle`
 * (see route-handle.ts).
 */
export const routes: RouteObject[] = [
  { path: '/signin', lazy: () => import('./features/signin/SignInPage') },
  {
    path: '/',
    element: (
      <RequireSession>
        <Shell />
      </RequireSession>
    ),
    children: [
      { index: true, lazy: () => import('./features/home/HomePage') },
      { path: 'users', lazy: () => import('./features/users/UsersPage') },
      { path: 'users/deleted', lazy: () => import('./features/users/DeletedUsersPage') },
      { path: 'users/:userId', lazy: () => import('./features/users/UserPage') },
      { path: 'groups', lazy: () => import('./features/groups/GroupsPage') },
      { path: 'groups/:groupId', lazy: () => import('./features/groups/GroupPage') },
      { path: 'apps', lazy: () => import('./features/apps/AppsPage') },
      { path: 'apps/gallery', lazy: () => import('./features/apps/GalleryPage') },
      {
        path: 'apps/:servicePrincipalId',
        lazy: () => import('./features/apps/AppLayout'),
        children: [
          { index: true, lazy: () => import('./features/apps/AppOverviewPage') },
          { path: 'users-and-groups', lazy: () => import('./features/apps/UsersAndGroupsPage') },
          { path: 'provisioning', lazy: () => import('./features/provisioning/ProvisioningOverviewPage') },
          { path: 'provision-on-demand', lazy: () => import('./features/provisioning/ProvisionOnDemandPage') },
          { path: 'provisioning-logs', lazy: () => import('./features/logs/ProvisioningLogsPage') },
        ],
      },
      { path: 'logs', lazy: () => import('./features/logs/ProvisioningLogsPage') },
      { path: 'simulator', lazy: () => import('./features/simulator/SimulatorPage') },
      { path: '*', lazy: () => import('./features/home/NotFoundPage') },
    ],
  },
];

export function createPortalRouter() {
  return createBrowserRouter(routes, { basename: '/portal' });
}
