import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Browse Microsoft Entra Gallery' };

export function Component() {
  return <h1>Browse Microsoft Entra Gallery</h1>;
}
