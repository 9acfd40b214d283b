import {
  Badge,
  Caption1,
  Dropdown,
  Field,
  Input,
  Link,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Option,
  SearchBox,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Toolbar,
  ToolbarButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular, ArrowDownloadRegular, DismissRegular } from '@fluentui/react-icons';
import { useMemo, useState } from 'react';
import { useLocation, useParams, useSearchParams } from 'react-router';
import { skiptokenOf } from '../../api/directory';
import {
  ACTIONS,
  DOWNLOAD_FILES,
  STATUSES,
  downloadLogs,
  useLogApplications,
  useProvisioningLogs,
  type DownloadKind,
  type LogFilters,
  filtersFromParams,
  LOG_FILTER_PARAM as PARAM,
  type ProvisioningObjectSummary,
} from '../../api/logs';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';
import { ListPager } from '../../shell/ListPager';
import { usePanel, useTypedFilter } from '../../shell/url-state';
import { capitalize, formatDateTime, statusColor } from './format';
import { DETAIL_TABS, LogDetailsDrawer, type DetailTab } from './LogDetailsDrawer';

export const handle: RouteHandle = { crumb: 'Provisioning logs' };

const useStyles = makeStyles({
  filters: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    alignItems: 'flex-end',
    flexWrap: 'wrap',
    margin: `${tokens.spacingVerticalS} 0`,
  },
  dropdown: { minWidth: '150px' },
  wide: { minWidth: '240px' },
  table: { minWidth: '900px' },
  ids: { display: 'block', color: tokens.colorNeutralForeground3, fontFamily: tokens.fontFamilyMonospace },
  row: { cursor: 'pointer' },
  status: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
});

/**
 * Provisioning logs: Graph's `/v1.0/auditLogs/provisioning`, newest first, server-paged. Every filter, the page's
 * cursor (`page` = its $skiptoken, `n` = its number), the open entry (`entry`) and its tab (`tab`) are in the URL.
 * Under an application (`/apps/:id/provisioning-logs`) the list is that service principal's.
 */
export function Component() {
  const styles = useStyles();
  const { servicePrincipalId } = useParams();
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const filters = useMemo(() => filtersFromParams(params, servicePrincipalId), [params, servicePrincipalId]);
  const skiptoken = params.get('page') ?? undefined;
  const pageNumber = Number(params.get('n') ?? '1') || 1;
  const logs = useProvisioningLogs(filters, skiptoken);
  const apps = useLogApplications();
  const details = usePanel('entry');
  const tabParam = params.get('tab');
  const tab: DetailTab = DETAIL_TABS.some((t) => t.value === tabParam) ? (tabParam as DetailTab) : 'steps';
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [downloading, setDownloading] = useState(false);

  /** A filter changed: back to the first page (a cursor is bound to its filter). */
  const setFilter = useMemo(
    () => (key: keyof LogFilters, value: string | undefined) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(PARAM[key], value);
        else next.delete(PARAM[key]);
        next.delete('page');
        next.delete('n');
        return next;
      }),
    [setParams],
  );
  const applyIdentity = useMemo(() => (value: string) => setFilter('identity', value), [setFilter]);
  const applyJob = useMemo(() => (value: string) => setFilter('jobId', value), [setFilter]);
  const [identity, setIdentity] = useTypedFilter(params.get(PARAM.identity) ?? '', applyIdentity);
  const [jobId, setJobId] = useTypedFilter(params.get(PARAM.jobId) ?? '', applyJob);

  const go = (page: { token?: string; number: number }) => {
    const next = new URLSearchParams(params);
    if (page.token) {
      next.set('page', page.token);
      next.set('n', String(page.number));
    } else {
      next.delete('page');
      next.delete('n');
    }
    setParams(next);
  };
  const setTab = (value: DetailTab) => {
    const next = new URLSearchParams(params);
    if (value === 'steps') next.delete('tab');
    else next.set('tab', value);
    setParams(next, { replace: true, state: { panel: 'entry' } });
  };
  const openEntry = (entry: ProvisioningObjectSummary) => {
    const next = new URLSearchParams(params);
    next.set('entry', entry.id);
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
  const download = async (kind: DownloadKind) => {
    setDownloadError(null);
    setDownloading(true);
    try {
      await downloadLogs(kind, filters);
    } catch (error) {
      setDownloadError(error);
    } finally {
      setDownloading(false);
    }
  };

  const nextToken = skiptokenOf(logs.data?.['@odata.nextLink']);
  const total = logs.data?.['@odata.count'];
  const appName = servicePrincipalId ? apps.data?.find((a) => a.id === servicePrincipalId)?.displayName : undefined;
  const hasFilter = Object.keys(filters).some((k) => k !== 'app' || !servicePrincipalId);
  const option = (list: { value: string; label: string }[], value: string | undefined) =>
    list.find((o) => o.value === value)?.label ?? 'All';

  return (
    <>
      <Title2 as="h1">Provisioning logs{servicePrincipalId && appName ? ` — ${appName}` : ''}</Title2>
      <Toolbar aria-label="Provisioning logs commands">
        <Menu>
          <MenuTrigger disableButtonEnhancement>
            <ToolbarButton icon={<ArrowDownloadRegular />} disabled={downloading}>
              Download
            </ToolbarButton>
          </MenuTrigger>
          <MenuPopover>
            <MenuList>
              <MenuItem onClick={() => void download('json')}>JSON ({DOWNLOAD_FILES.json})</MenuItem>
              <MenuItem onClick={() => void download('summary')}>CSV: summary ({DOWNLOAD_FILES.summary})</MenuItem>
              <MenuItem onClick={() => void download('steps')}>CSV: steps ({DOWNLOAD_FILES.steps})</MenuItem>
              <MenuItem onClick={() => void download('modifiedProperties')}>
                CSV: modified properties ({DOWNLOAD_FILES.modifiedProperties})
              </MenuItem>
            </MenuList>
          </MenuPopover>
        </Menu>
        <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={() => void logs.refetch()}>
          Refresh
        </ToolbarButton>
        <ToolbarButton
          icon={<DismissRegular />}
          disabled={!hasFilter}
          onClick={() => {
            const next = new URLSearchParams();
            if (params.get('entry')) next.set('entry', params.get('entry')!);
            setParams(next);
          }}
        >
          Reset filters
        </ToolbarButton>
      </Toolbar>
      <div className={styles.filters} role="group" aria-label="Filters">
        <Field label="From (UTC)">
          <Input type="datetime-local" value={(filters.from ?? '').slice(0, 16)} onChange={(_, data) => setFilter('from', data.value)} />
        </Field>
        <Field label="To (UTC)">
          <Input type="datetime-local" value={(filters.to ?? '').slice(0, 16)} onChange={(_, data) => setFilter('to', data.value)} />
        </Field>
        <Field label="Status">
          <Dropdown
            className={styles.dropdown}
            value={option(STATUSES, filters.status)}
            selectedOptions={[filters.status ?? '']}
            onOptionSelect={(_, data) => setFilter('status', data.optionValue || undefined)}
          >
            <Option value="">All</Option>
            {STATUSES.map((s) => (
              <Option key={s.value} value={s.value}>
                {s.label}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Action">
          <Dropdown
            className={styles.dropdown}
            value={option(ACTIONS, filters.action)}
            selectedOptions={[filters.action ?? '']}
            onOptionSelect={(_, data) => setFilter('action', data.optionValue || undefined)}
          >
            <Option value="">All</Option>
            {ACTIONS.map((a) => (
              <Option key={a.value} value={a.value}>
                {a.label}
              </Option>
            ))}
          </Dropdown>
        </Field>
        {servicePrincipalId ? (
          <Field label="Application">
            <Text>{appName ?? servicePrincipalId}</Text>
          </Field>
        ) : (
          <Field label="Application">
            <Dropdown
              className={styles.wide}
              value={filters.app ? (apps.data?.find((a) => a.id === filters.app)?.displayName ?? filters.app) : 'All'}
              selectedOptions={[filters.app ?? '']}
              onOptionSelect={(_, data) => setFilter('app', data.optionValue || undefined)}
            >
              <Option value="">All</Option>
              {(apps.data ?? []).map((a) => (
                <Option key={a.id} value={a.id} text={a.displayName}>
                  {a.displayName}
                </Option>
              ))}
            </Dropdown>
          </Field>
        )}
        <Field label="Job ID">
          <Input className={styles.wide} value={jobId} onChange={(_, data) => setJobId(data.value)} />
        </Field>
        <Field label="Identity">
          <SearchBox
            className={styles.wide}
            placeholder="Name, source ID or target ID"
            value={identity}
            onChange={(_, data) => setIdentity(data.value)}
          />
        </Field>
      </div>
      <div className={styles.status}>
        {logs.isFetching && <Spinner size="tiny" aria-label="Loading provisioning logs" />}
        {total !== undefined && <Text data-testid="logs-count">{total === 1 ? '1 entry' : `${total.toLocaleString()} entries`}</Text>}
        {filters.identity && (
          <Caption1>The identity matches a source or target ID exactly, or part of a display name (case-sensitive).</Caption1>
        )}
      </div>
      <ApiMessage error={logs.error} />
      <ApiMessage error={downloadError} title="The download failed" />
      <Table className={styles.table} aria-label="Provisioning logs">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Date</TableHeaderCell>
            <TableHeaderCell>Identity</TableHeaderCell>
            <TableHeaderCell>Action</TableHeaderCell>
            <TableHeaderCell>Source System</TableHeaderCell>
            <TableHeaderCell>Target System</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {logs.data?.value.map((entry) => (
            <TableRow
              key={entry.id}
              className={styles.row}
              onClick={() => openEntry(entry)}
              aria-selected={params.get('entry') === entry.id}
            >
              <TableCell>{formatDateTime(entry.activityDateTime)}</TableCell>
              <TableCell>
                <Link
                  href={`?entry=${entry.id}`}
                  onClick={(event) => {
                    event.preventDefault();
                    event.stopPropagation();
                    openEntry(entry);
                  }}
                >
                  {entry.sourceIdentity.displayName || entry.targetIdentity.displayName || entry.id}
                </Link>
                <Caption1 className={styles.ids}>Source ID: {entry.sourceIdentity.id || '—'}</Caption1>
                <Caption1 className={styles.ids}>Target ID: {entry.targetIdentity.id || '—'}</Caption1>
              </TableCell>
              <TableCell>{capitalize(entry.provisioningAction)}</TableCell>
              <TableCell>{entry.sourceSystem.displayName}</TableCell>
              <TableCell>{entry.targetSystem.displayName}</TableCell>
              <TableCell>
                <Badge appearance="tint" color={statusColor(entry.provisioningStatusInfo.status)}>
                  {capitalize(entry.provisioningStatusInfo.status)}
                </Badge>
              </TableCell>
            </TableRow>
          ))}
          {logs.data && logs.data.value.length === 0 && (
            <TableRow>
              <TableCell colSpan={6}>
                {hasFilter
                  ? 'No entry matches these filters.'
                  : 'No provisioning log entries yet: they appear after a provisioning cycle or a provision on demand.'}
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <ListPager
        label="Provisioning logs"
        page={pageNumber}
        hasNext={Boolean(nextToken)}
        onFirst={() => go({ number: 1 })}
        onNext={() => go({ token: nextToken, number: pageNumber + 1 })}
      />
      {details.value && <LogDetailsDrawer id={details.value} tab={tab} onTab={setTab} onClose={closeEntry} />}
    </>
  );
}
