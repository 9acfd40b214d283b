import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Simulator' };

export function Component() {
  return <h1>Simulator</h1>;
}
