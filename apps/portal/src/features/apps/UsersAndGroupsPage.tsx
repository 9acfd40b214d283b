import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Users and groups' };

export function Component() {
  return <h1>Users and groups</h1>;
}
