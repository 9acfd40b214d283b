import { useSyncExternalStore, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { getToken, onSessionChange } from './session';

/** Signed-in views only: without a token, the sign-in page (which comes back here afterwards). */
export function RequireSession({ children }: { children: ReactNode }) {
  const token = useSyncExternalStore(onSessionChange, getToken);
  const location = useLocation();
  if (!token) {
    const next = location.pathname + location.search;
    return <Navigate to={`/signin?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
