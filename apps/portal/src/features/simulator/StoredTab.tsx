import { TableCell, TableRow } from '@fluentui/react-components';
import { useSearchParams } from 'react-router';
import { STORED_PAGE_SIZE, useStoredResources, type StoredPage } from '../../api/target';
import { ApiMessage } from '../../shell/ApiMessage';
import { ListPager } from '../../shell/ListPager';
import { formatDateTime } from '../logs/format';
import { ListTable } from '../../shell/ListTable';

type Resource = StoredPage['Resources'][number];

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** The columns a stored user or group shows; the rest is in its SCIM JSON. */
export const STORED_COLUMNS: Record<'Users' | 'Groups', Array<{ label: string; value: (r: Resource) => string }>> = {
  Users: [
    { label: 'userName', value: (r) => text(r.userName) },
    { label: 'externalId', value: (r) => text(r.externalId) },
    { label: 'displayName', value: (r) => text(r.displayName) },
    { label: 'active', value: (r) => text(r.active) },
  ],
  Groups: [
    { label: 'displayName', value: (r) => text(r.displayName) },
    { label: 'externalId', value: (r) => text(r.externalId) },
    { label: 'members', value: (r) => String(Array.isArray(r.members) ? r.members.length : 0) },
  ],
};

/** `?start=` as a SCIM startIndex (1-based), 1 when absent or not a positive whole number. */
export function startIndexOf(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

/** What the tenant stores (GET /admin/tenants/{name}/stored/{type}), in insertion order, paged with `?start=`. */
export function StoredTab({ name, type }: { name: string; type: 'Users' | 'Groups' }) {
  const [params, setParams] = useSearchParams();
  const startIndex = startIndexOf(params.get('start'));
  const page = useStoredResources(name, type, startIndex);
  const go = (start: number) => {
    const next = new URLSearchParams(params);
    if (start > 1) next.set('start', String(start));
    else next.delete('start');
    setParams(next);
  };
  const columns = STORED_COLUMNS[type];
  return (
    <>
      <ApiMessage error={page.error} />
      <ListTable
        label={`Stored ${type.toLowerCase()}`}
        columns={[...columns.map((c) => c.label), 'id', 'Last modified']}
        empty={page.data?.Resources.length === 0 ? `No ${type.toLowerCase()} stored.` : undefined}
      >
        {(page.data?.Resources ?? []).map((r) => (
          <TableRow key={r.id}>
            {columns.map((c) => (
              <TableCell key={c.label}>{c.value(r)}</TableCell>
            ))}
            <TableCell>
              <code>{r.id}</code>
            </TableCell>
            <TableCell>{formatDateTime(r.meta.lastModified)}</TableCell>
          </TableRow>
        ))}
      </ListTable>
      {page.data && `${page.data.totalResults} ${type.toLowerCase()} in all.`}
      <ListPager
        label={`Stored ${type.toLowerCase()}`}
        page={Math.floor((startIndex - 1) / STORED_PAGE_SIZE) + 1}
        hasNext={page.data ? startIndex - 1 + page.data.Resources.length < page.data.totalResults : false}
        onFirst={() => go(1)}
        onNext={() => go(startIndex + STORED_PAGE_SIZE)}
      />
    </>
  );
}
