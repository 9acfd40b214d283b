import { Breadcrumb, BreadcrumbButton, BreadcrumbDivider, BreadcrumbItem } from '@fluentui/react-components';
import { Fragment, type ReactNode } from 'react';
import { useMatches, useNavigate, type UIMatch } from 'react-router';
import type { RouteHandle } from '../route-handle';

export interface Crumb {
  key: string;
  label: ReactNode;
  /** Path inside the portal (without the /portal basename). */
  to: string;
}

/**
 * The trail of the matched routes: Home first, then each route that names itself (`handle.crumb`), with the list a
 * page belongs to (`handle.parent`) before it.
 */
export function crumbsOf(matches: UIMatch[]): Crumb[] {
  const crumbs: Crumb[] = [{ key: 'home', label: 'Home', to: '/' }];
  for (const match of matches) {
    const handle = match.handle as RouteHandle | undefined;
    if (!handle?.crumb || match.pathname === '/') continue;
    if (handle.parent && !crumbs.some((c) => c.to === handle.parent!.to))
      crumbs.push({ key: `parent:${handle.parent.to}`, label: handle.parent.crumb, to: handle.parent.to });
    const label = typeof handle.crumb === 'function' ? handle.crumb(match) : handle.crumb;
    crumbs.push({ key: match.id, label, to: match.pathname.replace(/\/$/, '') || '/' });
  }
  return crumbs;
}

export function Breadcrumbs() {
  const crumbs = crumbsOf(useMatches());
  const navigate = useNavigate();
  return (
    <Breadcrumb aria-label="Breadcrumb" size="small">
      {crumbs.map((crumb, index) => {
        const current = index === crumbs.length - 1;
        return (
          <Fragment key={crumb.key}>
            <BreadcrumbItem>
              <BreadcrumbButton
                current={current}
                href={`/portal${crumb.to === '/' ? '/' : crumb.to}`}
                onClick={(event) => {
                  event.preventDefault();
                  if (!current) void navigate(crumb.to);
                }}
              >
                {crumb.label}
              </BreadcrumbButton>
            </BreadcrumbItem>
            {!current && <BreadcrumbDivider />}
          </Fragment>
        );
      })}
    </Breadcrumb>
  );
}
