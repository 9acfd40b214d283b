import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Home' };

export function Component() {
  return <h1>Home</h1>;
}
