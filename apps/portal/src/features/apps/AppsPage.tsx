import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Enterprise applications' };

export function Component() {
  return <h1>Enterprise applications</h1>;
}
