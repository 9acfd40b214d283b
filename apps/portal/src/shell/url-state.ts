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

/** A server-paged list's position: its $skiptoken (none: the first page) and its number. */
export interface ListPage {
  token?: string;
  number: number;
}

/** The list's query parameters moved to `page` (`page` = its $skiptoken, `n` = its number; both gone on the first). */
export function withPage(params: URLSearchParams, page: ListPage): URLSearchParams {
  const next = new URLSearchParams(params);
  if (page.token) {
    next.set('page', page.token);
    next.set('n', String(page.number));
  } else {
    next.delete('page');
    next.delete('n');
  }
  return next;
}

/**
 * The URL of a server-paged list with a details pane (the logs views): each filter a query parameter (`paramOf`), the
 * page's cursor (`page` = its $skiptoken, `n` = its number), the open entry (`entry`) and its tab (`tab`, absent for
 * `defaultTab`). A filter change goes back to the first page (a cursor is bound to its filter).
 */
export function useEntryListUrl<Key extends string, Tab extends string>(
  paramOf: Record<Key, string>,
  tabs: readonly { value: Tab }[],
  defaultTab: Tab,
) {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const details = usePanel('entry');
  const tabParam = params.get('tab');
  const tab = tabs.some((t) => t.value === tabParam) ? (tabParam as Tab) : defaultTab;
  const setFilter = useCallback(
    (key: Key, value: string | undefined) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(paramOf[key], value);
        else next.delete(paramOf[key]);
        next.delete('page');
        next.delete('n');
        return next;
      }),
    [paramOf, setParams],
  );
  const go = (page: ListPage) => setParams(withPage(params, page));
  const setTab = (value: Tab) => {
    const next = new URLSearchParams(params);
    if (value === defaultTab) next.delete('tab');
    else next.set('tab', value);
    setParams(next, { replace: true, state: { panel: 'entry' } });
  };
  const openEntry = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('entry', id);
    next.delete('tab');
    setParams(next, { state: { panel: 'entry' } });
  };
  /** Opened from the list: back to the list's history entry; opened from a link: drop the entry and its tab. */
  const closeEntry = () => {
    if ((location.state as { panel?: string } | null)?.panel === 'entry') {
      details.close();
      return;
    }
    const next = new URLSearchParams(params);
    next.delete('tab');
    next.delete('entry');
    setParams(next, { replace: true });
  };
  /** Every filter cleared; an open entry stays open. */
  const resetFilters = () => {
    const next = new URLSearchParams();
    if (params.get('entry')) next.set('entry', params.get('entry')!);
    setParams(next);
  };
  const pageNumber = Number(params.get('n') ?? '1') || 1;
  /** ListPager's props for this page, `nextToken` being the $skiptoken of the page's @odata.nextLink. */
  const pager = (nextToken: string | undefined) => ({
    page: pageNumber,
    hasNext: Boolean(nextToken),
    onFirst: () => go({ number: 1 }),
    onNext: () => go({ token: nextToken, number: pageNumber + 1 }),
  });
  return {
    params,
    entry: details.value,
    tab,
    skiptoken: params.get('page') ?? undefined,
    setFilter,
    pager,
    setTab,
    openEntry,
    closeEntry,
    resetFilters,
  };
}
