import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Groups' };

export function Component() {
  return <h1>Groups</h1>;
}
