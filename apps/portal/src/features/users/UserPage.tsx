import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'User' };

export function Component() {
  return <h1>User</h1>;
}
