import { Outlet } from 'react-router';
import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Application' };

export function Component() {
  return <Outlet />;
}
