import { Outlet } from 'react-router';

/** Placeholder: the admin-center shell (left navigation, breadcrumbs, top bar with the simulated clock). */
export function Shell() {
  return <Outlet />;
}
