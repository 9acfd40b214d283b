import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Group' };

export function Component() {
  return <h1>Group</h1>;
}
