import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Provisioning' };

export function Component() {
  return <h1>Provisioning</h1>;
}
