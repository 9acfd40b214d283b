import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Deleted users' };

export function Component() {
  return <h1>Deleted users</h1>;
}
