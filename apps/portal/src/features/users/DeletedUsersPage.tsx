import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowUndoRegular, DeleteDismissRegular } from '@fluentui/react-icons';
import { useDeletedUsers, usePurgeDeleted, useRestoreDeleted } from '../../api/directory';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';
import { usePanel } from '../../shell/url-state';

export const handle: RouteHandle = { parent: { crumb: 'Users', to: '/users' }, crumb: 'Deleted users' };

const useStyles = makeStyles({ actions: { display: 'flex', gap: tokens.spacingHorizontalS }, table: { tableLayout: 'auto' } });

/** Deleted users (the recycle bin): restore, or delete permanently after a confirmation (`?purge=<id>`). */
export function Component() {
  const styles = useStyles();
  const deleted = useDeletedUsers();
  const restore = useRestoreDeleted();
  const purge = usePurgeDeleted();
  const confirm = usePanel('purge');
  const target = deleted.data?.value.find((u) => u.id === confirm.value);

  return (
    <>
      <Title2 as="h1">Deleted users</Title2>
      <Text>Deleted users stay here for 30 days of simulated time, then they are deleted permanently.</Text>
      <ApiMessage error={deleted.error ?? restore.error} />
      <Table className={styles.table} aria-label="Deleted users">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Display name</TableHeaderCell>
            <TableHeaderCell>User principal name</TableHeaderCell>
            <TableHeaderCell>Deleted date</TableHeaderCell>
            <TableHeaderCell>Actions</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {deleted.data?.value.map((user) => (
            <TableRow key={user.id}>
              <TableCell>{user.displayName}</TableCell>
              <TableCell>{user.userPrincipalName}</TableCell>
              <TableCell>{user.deletedDateTime ? new Date(user.deletedDateTime).toUTCString() : ''}</TableCell>
              <TableCell>
                <div className={styles.actions}>
                  <Button
                    size="small"
                    icon={<ArrowUndoRegular />}
                    disabled={restore.isPending}
                    onClick={() => restore.mutate(user.id)}
                    aria-label={`Restore ${user.displayName}`}
                  >
                    Restore user
                  </Button>
                  <Button
                    size="small"
                    icon={<DeleteDismissRegular />}
                    onClick={() => confirm.open(user.id)}
                    aria-label={`Delete ${user.displayName} permanently`}
                  >
                    Delete permanently
                  </Button>
                </div>
              </TableCell>
            </TableRow>
          ))}
          {deleted.data && deleted.data.value.length === 0 && (
            <TableRow>
              <TableCell colSpan={4}>No deleted users.</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <Dialog open={confirm.isOpen} onOpenChange={(_, data) => !data.open && confirm.close()}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Delete {target?.displayName ?? 'this user'} permanently?</DialogTitle>
            <DialogContent>
              <Text>This cannot be undone.</Text>
              <ApiMessage error={purge.error} title="The user was not deleted" />
            </DialogContent>
            <DialogActions>
              <Button
                appearance="primary"
                disabled={!confirm.value || purge.isPending}
                onClick={() => purge.mutate(confirm.value!, { onSuccess: confirm.close })}
              >
                Delete permanently
              </Button>
              <Button onClick={confirm.close}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}
