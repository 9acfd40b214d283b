import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Users' };

export function Component() {
  return <h1>Users</h1>;
}
