import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Sign in' };

export function Component() {
  return <h1>Sign in</h1>;
}
