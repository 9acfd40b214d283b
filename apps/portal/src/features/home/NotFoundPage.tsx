import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Not found' };

export function Component() {
  return <h1>Not found</h1>;
}
