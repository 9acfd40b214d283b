import {
  Badge,
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  Field,
  OverlayDrawer,
  SearchBox,
  Subtitle2,
  TableCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import {
  FAULT_METHODS,
  STATUS_FILTERS,
  filterRequests,
  useTargetRequests,
  type RequestFilters,
  type TargetRequest,
} from '../../api/target';
import { ApiMessage } from '../../shell/ApiMessage';
import { usePanel, useTypedFilter } from '../../shell/url-state';
import { formatDateTime } from '../logs/format';
import { ALL_OPTION, FilterDropdown, ListTable } from '../../shell/ListTable';
import { ListToolbar } from './parts';

const useStyles = makeStyles({
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  row: { cursor: 'pointer' },
  details: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  json: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 },
});

const METHOD_OPTIONS = [ALL_OPTION, ...FAULT_METHODS.filter((m) => m !== '*').map((m) => [m, m] as const)];
const STATUS_OPTIONS = [ALL_OPTION, ...STATUS_FILTERS.map((s) => [s, s] as const)];

/** The filters in the URL: `?method=`, `?status=` (code, class or `dropped`), `?path=`. */
export function requestFiltersOf(params: URLSearchParams): RequestFilters {
  return { method: params.get('method') ?? '', status: params.get('status') ?? '', path: params.get('path') ?? '' };
}

export function statusColor(status: number): 'success' | 'warning' | 'danger' | 'informative' {
  if (status === 0 || status >= 500) return 'danger';
  if (status >= 400) return 'warning';
  return status >= 200 && status < 300 ? 'success' : 'informative';
}

function Json({ value }: { value: unknown }) {
  const styles = useStyles();
  if (value === undefined) return <Text>None.</Text>;
  return <pre className={styles.json}>{typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</pre>;
}

function RequestDetails({ entry, onClose }: { entry: TargetRequest; onClose: () => void }) {
  const styles = useStyles();
  return (
    <OverlayDrawer open position="end" size="large" onOpenChange={(_, data) => !data.open && onClose()}>
      <DrawerHeader>
        <DrawerHeaderTitle action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={onClose} />}>
          {entry.method} {entry.url}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody className={styles.details}>
        <Text>
          {formatDateTime(entry.at)} · {entry.status === 0 ? 'connection dropped' : `HTTP ${entry.status}`} · {entry.durationMs} ms
          {entry.fault ? ` · injected by fault rule ${entry.fault}` : ''}
        </Text>
        <Subtitle2 as="h3">Request body</Subtitle2>
        <Json value={entry.body} />
        <Subtitle2 as="h3">Response body</Subtitle2>
        <Json value={entry.response} />
      </DrawerBody>
    </OverlayDrawer>
  );
}

/**
 * The requests the tenant received (GET /admin/tenants/{name}/requests, newest first, the last 1000), filtered in the
 * page by method, status and path; the open entry (`?request=` its time) shows both bodies, secrets redacted.
 */
export function RequestLogTab({ name }: { name: string }) {
  const styles = useStyles();
  const [params, setParams] = useSearchParams();
  const requests = useTargetRequests(name);
  const filters = useMemo(() => requestFiltersOf(params), [params]);
  const details = usePanel('request');
  const setFilter = useCallback(
    (key: keyof RequestFilters, value: string) =>
      setParams((current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      }),
    [setParams],
  );
  const applyPath = useCallback((value: string) => setFilter('path', value), [setFilter]);
  const [path, setPath] = useTypedFilter(filters.path, applyPath);
  const shown = useMemo(() => filterRequests(requests.data ?? [], filters), [requests.data, filters]);
  const open = details.value ? (requests.data ?? []).find((e) => e.at === details.value) : undefined;
  return (
    <>
      <div className={styles.filters}>
        <FilterDropdown label="Method" value={filters.method} options={METHOD_OPTIONS} onChange={(v) => setFilter('method', v)} />
        <FilterDropdown label="Status" value={filters.status} options={STATUS_OPTIONS} onChange={(v) => setFilter('status', v)} />
        <Field label="Path contains">
          <SearchBox value={path} onChange={(_, data) => setPath(data.value)} />
        </Field>
        <ListToolbar onRefresh={() => void requests.refetch()} />
      </div>
      <ApiMessage error={requests.error} />
      <ListTable
        label="Request log"
        columns={['Date', 'Method', 'Path', 'Status', 'Latency (ms)']}
        empty={requests.data && shown.length === 0 ? 'No request matches.' : undefined}
      >
        {shown.map((entry) => (
          <TableRow key={`${entry.at} ${entry.method} ${entry.url}`} className={styles.row} onClick={() => details.open(entry.at)}>
            <TableCell>{formatDateTime(entry.at)}</TableCell>
            <TableCell>{entry.method}</TableCell>
            <TableCell>{entry.url}</TableCell>
            <TableCell>
              <Badge appearance="tint" color={statusColor(entry.status)}>
                {entry.status === 0 ? 'dropped' : entry.status}
              </Badge>
              {entry.fault ? ' injected' : ''}
            </TableCell>
            <TableCell>{entry.durationMs}</TableCell>
          </TableRow>
        ))}
      </ListTable>
      {open && <RequestDetails entry={open} onClose={details.close} />}
    </>
  );
}
