import { useCallback, useEffect, useState } from 'react';
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

/** How long typing pauses before a typed filter runs (and enters the history). */
export const TYPING_DELAY_MS = 400;

/**
 * A text filter typed into a box whose applied value lives in the URL: `apply` runs once typing pauses, and the box
 * follows the URL when it changes otherwise (Back/Forward). Returns the box's value and its setter.
 */
export function useTypedFilter(value: string, apply: (value: string) => void) {
  const [typed, setTyped] = useState(value);
  useEffect(() => setTyped(value), [value]);
  useEffect(() => {
    if (typed.trim() === value) return;
    const timer = setTimeout(() => apply(typed.trim()), TYPING_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed, value, apply]);
  return [typed, setTyped] as const;
}
