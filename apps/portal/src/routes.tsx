import type { QueryClient } from '@tanstack/react-query';
import { createBrowserRouter, type LoaderFunctionArgs, type RouteObject } from 'react-router';
import { usersPageQuery } from './api/directory';
import { filtersFromParams, logsPageQuery } from './api/logs';
import { RequireSession } from './auth/RequireSession';
import { getToken } from './auth/session';
import { Shell } from './shell/Shell';

/**
 * A route loader that starts the view's first query while the view's code is still loading (react-router runs a
 * route's static loader and its `lazy` side by side), instead of after it: the list pages' data and their chunks
 * arrive together. It never waits for the data nor fails the navigation: the page's own query picks up the request in
 * flight (same key) and shows its loading and error states as usual.
 */
function prefetching(start: (args: LoaderFunctionArgs) => Promise<void>) {
  return (args: LoaderFunctionArgs) => {
    if (getToken()) void start(args);
    return null;
  };
}

const searchOf = ({ request }: LoaderFunctionArgs) => new URL(request.url).searchParams;

/**
 * Every view has its own URL (deep links; Back/Forward restores the view, its filters and open panels, which the
 * pages keep in the query string). Pages load on demand: each module exports `Component` and optionally `handle`
 * (see route-handle.ts).
 */
export function portalRoutes(queryClient: QueryClient): RouteObject[] {
  const usersPage = prefetching((args) => {
    const params = searchOf(args);
    return queryClient.prefetchQuery(usersPageQuery(params.get('q') ?? '', params.get('page') ?? undefined));
  });
  const logsPage = prefetching((args) => {
    const params = searchOf(args);
    const filters = filtersFromParams(params, args.params.servicePrincipalId);
    return queryClient.prefetchQuery(logsPageQuery(filters, params.get('page') ?? undefined));
  });
  return [
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
        { path: 'users', loader: usersPage, lazy: () => import('./features/users/UsersPage') },
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
            { path: 'provisioning/edit', lazy: () => import('./features/provisioning-config/EditProvisioningPage') },
            { path: 'provisioning/edit/mappings/:mappingId', lazy: () => import('./features/provisioning-config/AttributeMappingPage') },
            { path: 'provision-on-demand', lazy: () => import('./features/provisioning/ProvisionOnDemandPage') },
            { path: 'provisioning-logs', loader: logsPage, lazy: () => import('./features/logs/ProvisioningLogsPage') },
            { path: 'audit-logs', lazy: () => import('./features/audit/AuditLogsPage') },
            { path: 'preview', lazy: () => import('./features/preview/PreviewPage') },
            { path: 'drift', lazy: () => import('./features/drift/DriftPage') },
          ],
        },
        { path: 'logs', loader: logsPage, lazy: () => import('./features/logs/ProvisioningLogsPage') },
        { path: 'audit', lazy: () => import('./features/audit/AuditLogsPage') },
        { path: 'simulator', lazy: () => import('./features/simulator/SimulatorPage') },
        { path: 'simulator/targets', lazy: () => import('./features/simulator/TargetsPage') },
        { path: 'simulator/targets/:name', lazy: () => import('./features/simulator/TargetTenantPage') },
        { path: '*', lazy: () => import('./features/home/NotFoundPage') },
      ],
    },
  ];
}

export function createPortalRouter(queryClient: QueryClient) {
  return createBrowserRouter(portalRoutes(queryClient), { basename: '/portal' });
}
