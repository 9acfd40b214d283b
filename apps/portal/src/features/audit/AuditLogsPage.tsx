import {
  Badge,
  Link,
  Spinner,
  TableCell,
  TableRow,
  Text,
  Title2,
  Toolbar,
  ToolbarButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular, DismissRegular } from '@fluentui/react-icons';
import { useMemo } from 'react';
import { useParams } from 'react-router';
import {
  actorOf,
  AUDIT_FILTER_PARAM as PARAM,
  auditFiltersFromParams,
  buildAuditFilter,
  CATEGORIES,
  DATE_RANGES,
  rangeStart,
  SERVICES,
  targetsOf,
  useDirectoryAudits,
} from '../../api/audit';
import { skiptokenOf, useSimClock } from '../../api/directory';
import { useServicePrincipal } from '../../api/sync';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';
import { ListPager } from '../../shell/ListPager';
import { ALL_OPTION, FilterBar, FilterDropdown, ListTable, SearchFilter } from '../../shell/ListTable';
import { useEntryListUrl, useTypedFilter } from '../../shell/url-state';
import { capitalize, formatDateTime, statusColor } from '../logs/format';
import { AUDIT_TABS, AuditDetailsDrawer } from './AuditDetailsDrawer';

export const handle: RouteHandle = { crumb: 'Audit logs' };

export const AUDIT_COLUMNS = [
  'Date',
  'Service',
  'Category',
  'Activity',
  'Status',
  'Status reason',
  'Target(s)',
  'Initiated by (actor)',
] as const;

const useStyles = makeStyles({
  scroll: { overflowX: 'auto' },
  // Category names and UPNs are long single words: they wrap instead of running into the next column.
  table: { minWidth: '960px', '& td': { overflowWrap: 'anywhere' } },
  row: { cursor: 'pointer' },
  status: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', minHeight: '20px' },
});

const choices = (values: readonly string[]) => [ALL_OPTION, ...values.map((v) => [v, v] as const)];

/**
 * Audit logs: Graph's `/v1.0/auditLogs/directoryAudits`, newest first, server-paged. The filters, the page's cursor
 * (`page` = its $skiptoken, `n` = its number), the open entry (`entry`) and its tab (`tab`) are in the URL. Under an
 * application (`/apps/:id/audit-logs`) the list is the entries that name its service principal as a target.
 */
export function Component() {
  const styles = useStyles();
  const { servicePrincipalId } = useParams();
  const { params, entry, tab, skiptoken, setFilter, pager, setTab, openEntry, closeEntry, resetFilters } = useEntryListUrl(
    PARAM,
    AUDIT_TABS,
    'activity',
  );
  const clock = useSimClock();
  const app = useServicePrincipal(servicePrincipalId ?? '');
  const filters = useMemo(() => auditFiltersFromParams(params, servicePrincipalId), [params, servicePrincipalId]);
  const now = clock.data?.now;
  // Only the hour of the clock matters to a date range (rangeStart): the filter text stays put while the clock ticks.
  const from = rangeStart(filters.date, now);
  const filter = useMemo(() => buildAuditFilter(filters, from ? now : undefined), [filters, from, now]);
  const waitsForClock = Boolean(filters.date && filters.date !== '30d' && !from);
  const audits = useDirectoryAudits(filter, skiptoken, !waitsForClock);
  const applyActivity = useMemo(() => (value: string) => setFilter('activity', value), [setFilter]);
  const [activity, setActivity] = useTypedFilter(params.get(PARAM.activity) ?? '', applyActivity);

  const nextToken = skiptokenOf(audits.data?.['@odata.nextLink']);
  const hasFilter = Object.keys(filters).some((k) => k !== 'target' || !servicePrincipalId);
  const rows = audits.data?.value ?? [];
  const empty =
    audits.data && rows.length === 0
      ? hasFilter
        ? 'No entry matches these filters.'
        : 'No audit log entries yet: they appear when users, groups, assignments or provisioning settings change.'
      : undefined;

  return (
    <>
      {servicePrincipalId ? (
        <Title2 as="h2">Audit logs{app.data ? ` — ${app.data.displayName}` : ''}</Title2>
      ) : (
        <Title2 as="h1">Audit logs</Title2>
      )}
      <Toolbar aria-label="Audit logs commands">
        <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={() => void audits.refetch()}>
          Refresh
        </ToolbarButton>
        <ToolbarButton icon={<DismissRegular />} disabled={!hasFilter} onClick={resetFilters}>
          Reset filters
        </ToolbarButton>
      </Toolbar>
      <FilterBar>
        <FilterDropdown
          label="Date"
          value={filters.date ?? '30d'}
          options={DATE_RANGES}
          onChange={(v) => setFilter('date', v === '30d' ? undefined : v)}
        />
        <FilterDropdown
          label="Service"
          value={filters.service ?? ''}
          options={choices(SERVICES)}
          onChange={(v) => setFilter('service', v)}
        />
        <FilterDropdown
          label="Category"
          value={filters.category ?? ''}
          options={choices(CATEGORIES)}
          onChange={(v) => setFilter('category', v)}
        />
        <SearchFilter label="Activity" placeholder="Starts with, e.g. Update user" value={activity} onChange={setActivity} />
      </FilterBar>
      <div className={styles.status}>
        {audits.isFetching && <Spinner size="tiny" aria-label="Loading audit logs" />}
        {from && <Text>Since {formatDateTime(from)} (simulated time)</Text>}
      </div>
      <ApiMessage error={audits.error} />
      <div className={styles.scroll}>
        <ListTable label="Audit logs" columns={AUDIT_COLUMNS} empty={empty} className={styles.table}>
          {rows.map((row) => (
            <TableRow key={row.id} className={styles.row} onClick={() => openEntry(row.id)} aria-selected={entry === row.id}>
              <TableCell>{formatDateTime(row.activityDateTime)}</TableCell>
              <TableCell>{row.loggedByService}</TableCell>
              <TableCell>{row.category}</TableCell>
              <TableCell>
                <Link
                  href={`?entry=${row.id}`}
                  onClick={(event) => {
                    event.preventDefault();
                    event.stopPropagation();
                    openEntry(row.id);
                  }}
                >
                  {row.activityDisplayName}
                </Link>
              </TableCell>
              <TableCell>
                <Badge appearance="tint" color={statusColor(row.result)}>
                  {capitalize(row.result)}
                </Badge>
              </TableCell>
              <TableCell>{row.resultReason}</TableCell>
              <TableCell>{targetsOf(row)}</TableCell>
              <TableCell>{actorOf(row)}</TableCell>
            </TableRow>
          ))}
        </ListTable>
      </div>
      <ListPager label="Audit logs" {...pager(nextToken)} />
      {entry && <AuditDetailsDrawer id={entry} tab={tab} onTab={setTab} onClose={closeEntry} />}
    </>
  );
}
