import type { ReactNode } from 'react';
import type { UIMatch } from 'react-router';

/**
 * What a route module may export as `handle`: its breadcrumb. The shell renders the crumbs of every matched route,
 * so a page only names itself (a function when the name needs the route's params or data, e.g. an app's name).
 */
export interface RouteHandle {
  crumb?: string | ((match: UIMatch) => ReactNode);
  /**
   * A crumb before this one when the list a page belongs to is not a parent route (`users/:userId` comes after
   * Users): its label and its path.
   */
  parent?: { crumb: string; to: string };
}
