import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Provision on demand' };

export function Component() {
  return <h1>Provision on demand</h1>;
}
