import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Provisioning logs' };

export function Component() {
  return <h1>Provisioning logs</h1>;
}
