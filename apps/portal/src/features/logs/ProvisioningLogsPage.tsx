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
import { useParams } from 'react-router';
import { skiptokenOf } from '../../api/directory';
import {
  ACTIONS,
  DOWNLOAD_FILES,
  STATUSES,
  downloadLogs,
  useLogApplications,
  useProvisioningLogs,
  type DownloadKind,
  filtersFromParams,
  LOG_FILTER_PARAM as PARAM,
} from '../../api/logs';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';
import { FilterBar, SearchFilter } from '../../shell/ListTable';
import { ListPager } from '../../shell/ListPager';
import { useEntryListUrl, useTypedFilter } from '../../shell/url-state';
import { capitalize, formatDateTime, statusColor } from './format';
import { DETAIL_TABS, LogDetailsDrawer } from './LogDetailsDrawer';

export const handle: RouteHandle = { crumb: 'Provisioning logs' };

const useStyles = makeStyles({
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
  const { params, entry, tab, skiptoken, setFilter, pager, setTab, openEntry, closeEntry, resetFilters } = useEntryListUrl(
    PARAM,
    DETAIL_TABS,
    'steps',
  );
  const filters = useMemo(() => filtersFromParams(params, servicePrincipalId), [params, servicePrincipalId]);
  const logs = useProvisioningLogs(filters, skiptoken);
  const apps = useLogApplications();
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const [downloading, setDownloading] = useState(false);

  const applyIdentity = useMemo(() => (value: string) => setFilter('identity', value), [setFilter]);
  const applyJob = useMemo(() => (value: string) => setFilter('jobId', value), [setFilter]);
  const [identity, setIdentity] = useTypedFilter(params.get(PARAM.identity) ?? '', applyIdentity);
  const [jobId, setJobId] = useTypedFilter(params.get(PARAM.jobId) ?? '', applyJob);

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
        <ToolbarButton icon={<DismissRegular />} disabled={!hasFilter} onClick={resetFilters}>
          Reset filters
        </ToolbarButton>
      </Toolbar>
      <FilterBar>
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
        <SearchFilter label="Identity" placeholder="Name, source ID or target ID" value={identity} onChange={setIdentity} />
      </FilterBar>
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
          {logs.data?.value.map((row) => (
            <TableRow key={row.id} className={styles.row} onClick={() => openEntry(row.id)} aria-selected={entry === row.id}>
              <TableCell>{formatDateTime(row.activityDateTime)}</TableCell>
              <TableCell>
                <Link
                  href={`?entry=${row.id}`}
                  onClick={(event) => {
                    event.preventDefault();
                    event.stopPropagation();
                    openEntry(row.id);
                  }}
                >
                  {row.sourceIdentity.displayName || row.targetIdentity.displayName || row.id}
                </Link>
                <Caption1 className={styles.ids}>Source ID: {row.sourceIdentity.id || '—'}</Caption1>
                <Caption1 className={styles.ids}>Target ID: {row.targetIdentity.id || '—'}</Caption1>
              </TableCell>
              <TableCell>{capitalize(row.provisioningAction)}</TableCell>
              <TableCell>{row.sourceSystem.displayName}</TableCell>
              <TableCell>{row.targetSystem.displayName}</TableCell>
              <TableCell>
                <Badge appearance="tint" color={statusColor(row.provisioningStatusInfo.status)}>
                  {capitalize(row.provisioningStatusInfo.status)}
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
      <ListPager label="Provisioning logs" {...pager(nextToken)} />
      {entry && <LogDetailsDrawer id={entry} tab={tab} onTab={setTab} onClose={closeEntry} />}
    </>
  );
}
