import { useCallback } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router';

/**
 * A dialog or drawer whose open state is the query parameter `name` (deep links, Back/Forward): open() pushes a
 * history entry, close() goes back to the entry it came from, or — opened from a link — drops the parameter.
 */
export function usePanel(name: string) {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const value = params.get(name);
  const open = useCallback(
    (panelValue = '1') => {
      const next = new URLSearchParams(params);
      next.set(name, panelValue);
      setParams(next, { state: { panel: name } });
    },
    [name, params, setParams],
  );
  const close = useCallback(() => {
    if ((location.state as { panel?: string } | null)?.panel === name) {
      void navigate(-1);
      return;
    }
    const next = new URLSearchParams(params);
    next.delete(name);
    setParams(next, { replace: true });
  }, [location.state, name, navigate, params, setParams]);
  return { isOpen: value !== null, value, open, close };
}
