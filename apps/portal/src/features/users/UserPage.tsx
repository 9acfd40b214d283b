import {
  Badge,
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Spinner,
  Text,
  Title2,
  Toolbar,
  ToolbarButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DeleteRegular, EditRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useNavigate, useParams, type UIMatch } from 'react-router';
import { useDeleteUser, useManager, useUser } from '../../api/directory';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';
import { usePanel } from '../../shell/url-state';
import { EditUserDrawer } from './EditUserDrawer';

function UserCrumb({ id }: { id: string }) {
  const user = useUser(id);
  return <>{user.data?.displayName ?? 'User'}</>;
}

export const handle: RouteHandle = {
  parent: { crumb: 'Users', to: '/users' },
  crumb: (match: UIMatch) => <UserCrumb id={match.params.userId ?? ''} />,
};

const useStyles = makeStyles({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalXXL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
});

/** A user's overview (properties, manager), Edit properties (a drawer: `?edit=1`) and Delete (`?delete=1`). */
export function Component() {
  const styles = useStyles();
  const { userId = '' } = useParams();
  const navigate = useNavigate();
  const user = useUser(userId);
  const manager = useManager(userId);
  const edit = usePanel('edit');
  const confirmDelete = usePanel('delete');
  const remove = useDeleteUser();
  const u = user.data;

  if (user.isPending) return <Spinner label="Loading the user" />;
  if (!u) return <ApiMessage error={user.error} title="The user could not be read" />;
  const facts: [string, ReactNode][] = [
    ['User principal name', u.userPrincipalName],
    ['Object ID', <code key="id">{u.id}</code>],
    ['First name', u.givenName ?? ''],
    ['Last name', u.surname ?? ''],
    ['Job title', u.jobTitle ?? ''],
    ['Department', u.department ?? ''],
    ['Email', u.mail ?? ''],
    ['Manager', manager.data?.displayName ?? (manager.isPending ? '…' : 'None')],
    ['User type', u.userType ?? 'Member'],
    [
      'Account enabled',
      u.accountEnabled ? (
        <Badge key="e" color="success" appearance="tint">
          Yes
        </Badge>
      ) : (
        <Badge key="d" color="informative" appearance="tint">
          No
        </Badge>
      ),
    ],
  ];
  return (
    <>
      <Title2 as="h1">{u.displayName}</Title2>
      <Toolbar aria-label="User commands">
        <ToolbarButton icon={<EditRegular />} onClick={() => edit.open()}>
          Edit properties
        </ToolbarButton>
        <ToolbarButton icon={<DeleteRegular />} onClick={() => confirmDelete.open()}>
          Delete
        </ToolbarButton>
      </Toolbar>
      <ApiMessage error={user.error ?? manager.error} />
      <section aria-label="Basic info">
        <dl className={styles.facts}>
          {facts.map(([label, value]) => (
            <div key={label} style={{ display: 'contents' }}>
              <dt>
                <Text weight="semibold">{label}</Text>
              </dt>
              <dd data-testid={`user-${label.toLowerCase().replace(/\s+/g, '-')}`}>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      {edit.isOpen && <EditUserDrawer user={u} manager={manager.data ?? null} onClose={edit.close} />}
      <Dialog open={confirmDelete.isOpen} onOpenChange={(_, data) => !data.open && confirmDelete.close()}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Delete {u.displayName}?</DialogTitle>
            <DialogContent>
              <Text>
                The user goes to Deleted users, where it can be restored for 30 days (ENTRA_RECYCLE_BIN_DAYS of simulated time) before it is
                deleted permanently.
              </Text>
              <ApiMessage error={remove.error} title="The user was not deleted" />
            </DialogContent>
            <DialogActions>
              <Button
                appearance="primary"
                disabled={remove.isPending}
                onClick={() => remove.mutate(u.id, { onSuccess: () => void navigate('/users', { replace: true }) })}
              >
                Delete
              </Button>
              <Button onClick={confirmDelete.close}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}
