/** What provsim's own list views (Preview next cycle, Drift) share: URL paging, the job, the header, identity cells. */
import {
  Caption1,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  TableCell,
  Text,
  Title2,
  Toolbar,
  ToolbarButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular } from '@fluentui/react-icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { skiptokenOf } from '../../api/directory';
import { useJobs } from '../../api/sync';
import { ApiMessage } from '../../shell/ApiMessage';
import { ListPager } from '../../shell/ListPager';

/** Styles the provsim views share (summary line, value lists). */
export const useViewStyles = makeStyles({
  summary: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
    flexWrap: 'wrap',
    margin: `${tokens.spacingVerticalS} 0`,
  },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  table: { minWidth: '900px' },
});

const useStyles = makeStyles({
  ids: { display: 'block', color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace },
});

/**
 * The URL state of a provsim list view: the page's cursor (`page` = its $skiptoken, `n` = its number) and its filters;
 * a filter change goes back to the first page (a cursor is bound to its filters).
 */
export function usePagedParams() {
  const [params, setParams] = useSearchParams();
  const skiptoken = params.get('page') ?? undefined;
  const pageNumber = Number(params.get('n') ?? '1') || 1;
  return useMemo(() => {
    const update = (change: (next: URLSearchParams) => void) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        change(next);
        return next;
      });
    const toFirst = (next: URLSearchParams) => {
      next.delete('page');
      next.delete('n');
    };
    return {
      params,
      skiptoken,
      pageNumber,
      setFilter: (key: string, value: string | undefined) =>
        update((next) => {
          if (value) next.set(key, value);
          else next.delete(key);
          toFirst(next);
        }),
      first: () => update(toFirst),
      nextPage: (nextLink: string | undefined) => {
        const token = skiptokenOf(nextLink);
        if (token)
          update((next) => {
            next.set('page', token);
            next.set('n', String(pageNumber + 1));
          });
      },
    };
  }, [params, setParams, skiptoken, pageNumber]);
}

/**
 * The app's (first) provisioning job and two pages of a view of it: the first (which carries the summary) and the
 * one the URL's cursor names (the same query when there is none).
 */
export function useJobView<T>(use: (servicePrincipalId: string, jobId: string | undefined, skiptoken?: string) => UseQueryResult<T>) {
  const { servicePrincipalId = '' } = useParams();
  const jobs = useJobs(servicePrincipalId, false);
  const job = jobs.data?.value[0];
  const paging = usePagedParams();
  const first = use(servicePrincipalId, job?.id);
  const page = use(servicePrincipalId, job?.id, paging.skiptoken);
  return { jobs, noJob: Boolean(jobs.data && !job), paging, first, page };
}

/** Title, the "provsim — not part of Entra" banner, Refresh, errors, and the loading spinner of a provsim view. */
export function ProvsimViewHeader({
  title,
  children,
  view,
  loading,
}: {
  title: string;
  children: ReactNode;
  view: ReturnType<typeof useJobView<unknown>>;
  loading: string;
}) {
  const { jobs, first, page, noJob } = view;
  return (
    <>
      <Title2 as="h1">{title}</Title2>
      <MessageBar intent="info">
        <MessageBarBody>
          <MessageBarTitle>provsim — not part of Entra</MessageBarTitle>
          {children}
        </MessageBarBody>
      </MessageBar>
      <Toolbar aria-label={`${title} commands`}>
        <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={() => void Promise.all([first.refetch(), page.refetch()])}>
          Refresh
        </ToolbarButton>
      </Toolbar>
      <ApiMessage error={jobs.error ?? first.error ?? page.error} />
      {noJob && <Text>Provisioning is not configured for this application: it has no provisioning job.</Text>}
      {(first.isFetching || page.isFetching) && <Spinner size="tiny" aria-label={loading} />}
    </>
  );
}

/** The pager under a provsim view's table. */
export function ViewPager({ label, view, nextLink }: { label: string; view: ReturnType<typeof useJobView<unknown>>; nextLink?: string }) {
  return (
    <ListPager
      label={label}
      page={view.paging.pageNumber}
      hasNext={Boolean(nextLink)}
      onFirst={view.paging.first}
      onNext={() => view.paging.nextPage(nextLink)}
    />
  );
}

/** An object's display name with its source and target ids. */
export function IdentityCell({ name, sourceId, targetId }: { name: string; sourceId: string | null; targetId: string | null }) {
  const styles = useStyles();
  return (
    <TableCell>
      <Text>{name}</Text>
      <Caption1 className={styles.ids}>Source ID: {sourceId ?? '—'}</Caption1>
      <Caption1 className={styles.ids}>Target ID: {targetId ?? '—'}</Caption1>
    </TableCell>
  );
}
