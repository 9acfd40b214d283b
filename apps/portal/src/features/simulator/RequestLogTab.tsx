import {
  Badge,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  Dropdown,
  Field,
  Button,
  Option,
  OverlayDrawer,
  SearchBox,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Toolbar,
  ToolbarButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular, DismissRegular } from '@fluentui/react-icons';
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

const useStyles = makeStyles({
  filters: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  row: { cursor: 'pointer' },
  json: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 },
});

const METHODS = FAULT_METHODS.filter((m) => m !== '*');
const ALL = '';

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
  return (
    <OverlayDrawer open position="end" size="large" onOpenChange={(_, data) => !data.open && onClose()}>
      <DrawerHeader>
        <DrawerHeaderTitle action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={onClose} />}>
          {entry.method} {entry.url}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>
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
        <Field label="Method">
          <Dropdown
            value={filters.method || 'All'}
            selectedOptions={[filters.method]}
            onOptionSelect={(_, data) => setFilter('method', data.optionValue ?? ALL)}
          >
            <Option value={ALL}>All</Option>
            {METHODS.map((m) => (
              <Option key={m}>{m}</Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Status">
          <Dropdown
            value={filters.status || 'All'}
            selectedOptions={[filters.status]}
            onOptionSelect={(_, data) => setFilter('status', data.optionValue ?? ALL)}
          >
            <Option value={ALL}>All</Option>
            {STATUS_FILTERS.map((s) => (
              <Option key={s}>{s}</Option>
            ))}
          </Dropdown>
        </Field>
        <Field label="Path contains">
          <SearchBox value={path} onChange={(_, data) => setPath(data.value)} />
        </Field>
        <Toolbar>
          <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={() => void requests.refetch()}>
            Refresh
          </ToolbarButton>
        </Toolbar>
      </div>
      <ApiMessage error={requests.error} />
      <Table aria-label="Request log">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Date</TableHeaderCell>
            <TableHeaderCell>Method</TableHeaderCell>
            <TableHeaderCell>Path</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
            <TableHeaderCell>Latency (ms)</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
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
          {requests.data && shown.length === 0 && (
            <TableRow>
              <TableCell colSpan={5}>No request matches.</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      {open && <RequestDetails entry={open} onClose={details.close} />}
    </>
  );
}
