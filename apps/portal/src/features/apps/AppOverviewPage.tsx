import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Overview' };

export function Component() {
  return <h1>Overview</h1>;
}
