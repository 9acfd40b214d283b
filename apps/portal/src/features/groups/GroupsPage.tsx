import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
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
  Textarea,
  Title2,
  Toolbar,
  ToolbarButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular, PeopleAddRegular } from '@fluentui/react-icons';
import { useCallback, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { skiptokenOf, useCreateGroup, useGroupsPage } from '../../api/directory';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';
import { ListPager } from '../../shell/ListPager';
import { usePanel, useTypedFilter } from '../../shell/url-state';

export const handle: RouteHandle = { crumb: 'Groups' };

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  search: { width: '360px', maxWidth: '100%' },
  table: { tableLayout: 'auto' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

function NewGroupDialog({ onClose }: { onClose: () => void }) {
  const styles = useStyles();
  const navigate = useNavigate();
  const create = useCreateGroup();
  const [displayName, setDisplayName] = useState('');
  const [description, setDescription] = useState('');
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const mailNickname = displayName.replace(/[^A-Za-z0-9]/g, '').toLowerCase() || 'group';
            create.mutate(
              { displayName: displayName.trim(), description: description.trim(), mailNickname },
              { onSuccess: (group) => void navigate(`/groups/${group.id}`, { replace: true }) },
            );
          }}
        >
          <DialogBody>
            <DialogTitle>New Group</DialogTitle>
            <DialogContent className={styles.form}>
              <Field label="Group type">
                <Input value="Security" readOnly />
              </Field>
              <Field label="Group name" required>
                <Input value={displayName} onChange={(_, data) => setDisplayName(data.value)} />
              </Field>
              <Field label="Group description">
                <Textarea value={description} onChange={(_, data) => setDescription(data.value)} />
              </Field>
              <ApiMessage error={create.error} title="The group was not created" />
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={!displayName.trim() || create.isPending}>
                Create
              </Button>
              <Button onClick={onClose}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** All groups: server-paged, searched by name; search (`q`), cursor (`page`, `n`) and New group (`new`) in the URL. */
export function Component() {
  const styles = useStyles();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const skiptoken = params.get('page') ?? undefined;
  const pageNumber = Number(params.get('n') ?? '1') || 1;
  const groups = useGroupsPage(search, skiptoken);
  const newGroup = usePanel('new');
  const [typed, setTyped] = useTypedFilter(
    search,
    useCallback((q: string) => setParams(q ? { q } : {}), [setParams]),
  );
  const nextToken = skiptokenOf(groups.data?.['@odata.nextLink']);
  const go = (token: string | undefined, number: number) => {
    const next = new URLSearchParams(params);
    if (token) {
      next.set('page', token);
      next.set('n', String(number));
    } else {
      next.delete('page');
      next.delete('n');
    }
    setParams(next);
  };

  return (
    <>
      <Title2 as="h1">Groups</Title2>
      <Toolbar aria-label="Groups commands">
        <ToolbarButton icon={<PeopleAddRegular />} onClick={() => newGroup.open()}>
          New group
        </ToolbarButton>
        <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={() => void groups.refetch()}>
          Refresh
        </ToolbarButton>
      </Toolbar>
      <div className={styles.bar}>
        <SearchBox
          className={styles.search}
          aria-label="Search groups by name"
          placeholder="Search by name"
          value={typed}
          onChange={(_, data) => setTyped(data.value)}
        />
        {groups.isFetching && <Spinner size="tiny" aria-label="Loading groups" />}
        {groups.data?.['@odata.count'] !== undefined && <Text>{groups.data['@odata.count'].toLocaleString()} groups found</Text>}
      </div>
      <ApiMessage error={groups.error} />
      <Table className={styles.table} aria-label="Groups">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Object Id</TableHeaderCell>
            <TableHeaderCell>Group type</TableHeaderCell>
            <TableHeaderCell>Description</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {groups.data?.value.map((group) => (
            <TableRow key={group.id}>
              <TableCell>
                <Link
                  href={`/portal/groups/${group.id}`}
                  onClick={(event) => {
                    event.preventDefault();
                    void navigate(`/groups/${group.id}`);
                  }}
                >
                  {group.displayName}
                </Link>
              </TableCell>
              <TableCell>
                <code>{group.id}</code>
              </TableCell>
              <TableCell>{group.securityEnabled === false ? 'Microsoft 365' : 'Security'}</TableCell>
              <TableCell>{group.description ?? ''}</TableCell>
            </TableRow>
          ))}
          {groups.data && groups.data.value.length === 0 && (
            <TableRow>
              <TableCell colSpan={4}>{search ? `No group matches “${search}”.` : 'No groups.'}</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <ListPager
        label="Groups"
        page={pageNumber}
        hasNext={Boolean(nextToken)}
        onFirst={() => go(undefined, 1)}
        onNext={() => go(nextToken, pageNumber + 1)}
      />
      {newGroup.isOpen && <NewGroupDialog onClose={newGroup.close} />}
    </>
  );
}
