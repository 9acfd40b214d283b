import {
  Link,
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
import { AddRegular, ArrowClockwiseRegular } from '@fluentui/react-icons';
import { useCallback } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useServicePrincipals } from '../../api/sync';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';
import { useTypedFilter } from '../../shell/url-state';

export const handle: RouteHandle = { crumb: 'Enterprise applications' };

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', marginBottom: tokens.spacingVerticalS },
  search: { width: '360px', maxWidth: '100%' },
});

/** Enterprise applications | All applications: the tenant's service principals, searched by name (`q` in the URL). */
export function Component() {
  const styles = useStyles();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const [typed, setTyped] = useTypedFilter(
    search,
    useCallback((q: string) => setParams(q ? { q } : {}), [setParams]),
  );
  const apps = useServicePrincipals(search);
  const open = (id: string) => void navigate(`/apps/${id}`);
  return (
    <>
      <Title2 as="h1">Enterprise applications | All applications</Title2>
      <Toolbar aria-label="Enterprise applications commands">
        <ToolbarButton icon={<AddRegular />} onClick={() => void navigate('/apps/gallery')}>
          New application
        </ToolbarButton>
        <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={() => void apps.refetch()}>
          Refresh
        </ToolbarButton>
      </Toolbar>
      <div className={styles.bar}>
        <SearchBox
          className={styles.search}
          aria-label="Search applications by name"
          placeholder="Search application name"
          value={typed}
          onChange={(_, d) => setTyped(d.value)}
        />
        {apps.isFetching && <Spinner size="tiny" aria-label="Loading applications" />}
        {apps.data && <Text>{apps.data.value.length} applications found</Text>}
      </div>
      <ApiMessage error={apps.error} />
      <Table aria-label="Enterprise applications">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Object ID</TableHeaderCell>
            <TableHeaderCell>Application ID</TableHeaderCell>
            <TableHeaderCell>Created on</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {apps.data?.value.map((sp) => (
            <TableRow key={sp.id}>
              <TableCell>
                <Link
                  href={`/portal/apps/${sp.id}`}
                  onClick={(event) => {
                    event.preventDefault();
                    open(sp.id);
                  }}
                >
                  {sp.displayName}
                </Link>
              </TableCell>
              <TableCell>
                <code>{sp.id}</code>
              </TableCell>
              <TableCell>
                <code>{sp.appId}</code>
              </TableCell>
              <TableCell>{sp.createdDateTime ? new Date(sp.createdDateTime).toLocaleDateString() : ''}</TableCell>
            </TableRow>
          ))}
          {apps.data && apps.data.value.length === 0 && (
            <TableRow>
              <TableCell colSpan={4}>
                {search ? `No application matches “${search}”.` : 'No applications yet: New application adds one from the gallery.'}
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </>
  );
}
