import {
  Badge,
  Link,
  MessageBar,
  MessageBarBody,
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
import { ArrowClockwiseRegular, DeleteRegular, PersonAddRegular } from '@fluentui/react-icons';
import { useCallback, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { skiptokenOf, useUsersPage, type User } from '../../api/directory';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';
import { ListPager } from '../../shell/ListPager';
import { usePanel, useTypedFilter, withPage, type ListPage } from '../../shell/url-state';
import { NewUserDialog } from './NewUserDialog';

export const handle: RouteHandle = { crumb: 'Users' };

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  search: { width: '360px', maxWidth: '100%' },
  table: { minWidth: '720px', tableLayout: 'auto' },
});

/**
 * All users: server-paged (`$top` + @odata.nextLink), searched by name or UPN. The search (`q`), the page's cursor
 * (`page` = its $skiptoken, `n` = its number) and the New user dialog (`new`) are in the URL.
 */
export function Component() {
  const styles = useStyles();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const skiptoken = params.get('page') ?? undefined;
  const pageNumber = Number(params.get('n') ?? '1') || 1;
  const users = useUsersPage(search, skiptoken);
  const newUser = usePanel('new');
  const [typed, setTyped] = useTypedFilter(
    search,
    useCallback((q: string) => setParams(q ? { q } : {}), [setParams]),
  );
  const [created, setCreated] = useState<User | null>(null);

  const go = (page: ListPage) => setParams(withPage(params, page));
  const nextToken = skiptokenOf(users.data?.['@odata.nextLink']);
  const total = users.data?.['@odata.count'];

  return (
    <>
      <Title2 as="h1">Users</Title2>
      <Toolbar aria-label="Users commands">
        <ToolbarButton icon={<PersonAddRegular />} onClick={() => newUser.open()}>
          New user
        </ToolbarButton>
        <ToolbarButton icon={<DeleteRegular />} onClick={() => void navigate('/users/deleted')}>
          Deleted users
        </ToolbarButton>
        <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={() => void users.refetch()}>
          Refresh
        </ToolbarButton>
      </Toolbar>
      <div className={styles.bar}>
        <SearchBox
          className={styles.search}
          aria-label="Search users by name or user principal name"
          placeholder="Search by name or user principal name"
          value={typed}
          onChange={(_, data) => setTyped(data.value)}
        />
        {users.isFetching && <Spinner size="tiny" aria-label="Loading users" />}
        {total !== undefined && (
          <Text data-testid="users-count">{total === 1 ? '1 user found' : `${total.toLocaleString()} users found`}</Text>
        )}
      </div>
      <ApiMessage error={users.error} />
      {created && (
        <MessageBar intent="success">
          <MessageBarBody>
            User{' '}
            <Link
              href={`/portal/users/${created.id}`}
              onClick={(event) => {
                event.preventDefault();
                void navigate(`/users/${created.id}`);
              }}
            >
              {created.displayName}
            </Link>{' '}
            ({created.userPrincipalName}) was created.
          </MessageBarBody>
        </MessageBar>
      )}
      <Table className={styles.table} aria-label="Users">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Display name</TableHeaderCell>
            <TableHeaderCell>User principal name</TableHeaderCell>
            <TableHeaderCell>Account enabled</TableHeaderCell>
            <TableHeaderCell>Department</TableHeaderCell>
            <TableHeaderCell>Job title</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {users.data?.value.map((user) => (
            <TableRow key={user.id}>
              <TableCell>
                <Link
                  href={`/portal/users/${user.id}`}
                  onClick={(event) => {
                    event.preventDefault();
                    void navigate(`/users/${user.id}`);
                  }}
                >
                  {user.displayName}
                </Link>
              </TableCell>
              <TableCell>{user.userPrincipalName}</TableCell>
              <TableCell>
                {user.accountEnabled ? (
                  <Badge appearance="tint" color="success">
                    Yes
                  </Badge>
                ) : (
                  <Badge appearance="tint" color="informative">
                    No
                  </Badge>
                )}
              </TableCell>
              <TableCell>{user.department ?? ''}</TableCell>
              <TableCell>{user.jobTitle ?? ''}</TableCell>
            </TableRow>
          ))}
          {users.data && users.data.value.length === 0 && (
            <TableRow>
              <TableCell colSpan={5}>{search ? `No user matches “${search}”.` : 'No users.'}</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <ListPager
        label="Users"
        page={pageNumber}
        hasNext={Boolean(nextToken)}
        onFirst={() => go({ number: 1 })}
        onNext={() => go({ token: nextToken, number: pageNumber + 1 })}
      />
      {newUser.isOpen && (
        <NewUserDialog
          onClose={newUser.close}
          onCreated={(user) => {
            setCreated(user);
            newUser.close();
          }}
        />
      )}
    </>
  );
}
