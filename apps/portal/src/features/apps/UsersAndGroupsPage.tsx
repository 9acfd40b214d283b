import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Option,
  Spinner,
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
import { ArrowClockwiseRegular, DeleteRegular, PersonAddRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useGroupsPage, useUserSearch } from '../../api/directory';
import { useAddAssignment, useAssignments, useRemoveAssignment, useServicePrincipal, type AppRole } from '../../api/sync';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';
import { SearchPicker } from '../../shell/SearchPicker';
import { usePanel } from '../../shell/url-state';

export const handle: RouteHandle = { crumb: 'Users and groups' };

/** The default role every app has when it declares none of its own (Graph's all-zero id). */
export const DEFAULT_ACCESS: AppRole = {
  id: '00000000-0000-0000-0000-000000000000',
  displayName: 'Default Access',
  isEnabled: true,
  allowedMemberTypes: ['User'],
};

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

interface Principal {
  id: string;
  displayName: string;
  kind: 'User' | 'Group';
  detail: string;
}

function AddAssignmentDialog({
  servicePrincipalId,
  roles,
  onClose,
}: {
  servicePrincipalId: string;
  roles: AppRole[];
  onClose: () => void;
}) {
  const styles = useStyles();
  const add = useAddAssignment(servicePrincipalId);
  const [typed, setTyped] = useState('');
  const [picked, setPicked] = useState<Principal | null>(null);
  const [roleId, setRoleId] = useState(roles[0]?.id ?? DEFAULT_ACCESS.id);
  const users = useUserSearch(typed.trim());
  const groups = useGroupsPage(typed.trim());
  const options: Principal[] = typed.trim()
    ? [
        ...(users.data ?? [])
          .slice(0, 10)
          .map((u) => ({ id: u.id, displayName: u.displayName, kind: 'User' as const, detail: u.userPrincipalName })),
        ...(groups.data?.value ?? [])
          .slice(0, 10)
          .map((g) => ({ id: g.id, displayName: g.displayName, kind: 'Group' as const, detail: 'Group' })),
      ]
    : [];
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (picked) add.mutate({ principalId: picked.id, appRoleId: roleId }, { onSuccess: onClose });
          }}
        >
          <DialogBody>
            <DialogTitle>Add Assignment</DialogTitle>
            <DialogContent className={styles.form}>
              <Field
                label="Users and groups"
                required
                hint={users.isFetching || groups.isFetching ? 'Searching…' : 'Type a name or user principal name'}
              >
                <SearchPicker
                  placeholder="Search"
                  value={picked ? picked.displayName : typed}
                  onTextChange={(text) => {
                    setPicked(null);
                    setTyped(text);
                  }}
                  options={options.map((o) => ({ id: o.id, text: o.displayName, label: `${o.displayName} — ${o.detail}` }))}
                  selectedId={picked?.id ?? null}
                  onSelect={(option) => setPicked(options.find((o) => o.id === option.id) ?? null)}
                />
              </Field>
              <Field label="Select a role">
                <Dropdown
                  value={roles.find((r) => r.id === roleId)?.displayName ?? DEFAULT_ACCESS.displayName}
                  selectedOptions={[roleId]}
                  onOptionSelect={(_, d) => d.optionValue && setRoleId(d.optionValue)}
                >
                  {roles.map((r) => (
                    <Option key={r.id} value={r.id}>
                      {r.displayName}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <ApiMessage error={add.error} title="The assignment was not added" />
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={!picked || add.isPending}>
                Assign
              </Button>
              <Button onClick={onClose}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** The app's Users and groups: who is assigned (appRoleAssignedTo), add an assignment, remove one. */
export function Component() {
  const { servicePrincipalId = '' } = useParams();
  const app = useServicePrincipal(servicePrincipalId);
  const assignments = useAssignments(servicePrincipalId);
  const remove = useRemoveAssignment(servicePrincipalId);
  const addPanel = usePanel('add');
  const [confirm, setConfirm] = useState<{ id: string; name: string } | null>(null);
  const roles = (app.data?.appRoles ?? []).filter((r) => r.isEnabled);
  const allRoles = roles.length ? [DEFAULT_ACCESS, ...roles] : [DEFAULT_ACCESS];
  const roleName = (id: string) => allRoles.find((r) => r.id === id)?.displayName ?? id;
  return (
    <>
      <Toolbar aria-label="Users and groups commands">
        <ToolbarButton icon={<PersonAddRegular />} onClick={() => addPanel.open()}>
          Add user/group
        </ToolbarButton>
        <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={() => void assignments.refetch()}>
          Refresh
        </ToolbarButton>
      </Toolbar>
      {assignments.isLoading && <Spinner size="tiny" label="Loading assignments" />}
      <ApiMessage error={assignments.error ?? remove.error} />
      {assignments.data && <Text>{assignments.data.value.length} assignments</Text>}
      <Table aria-label="Assigned users and groups">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Display Name</TableHeaderCell>
            <TableHeaderCell>Object Type</TableHeaderCell>
            <TableHeaderCell>Role assigned</TableHeaderCell>
            <TableHeaderCell>Assigned</TableHeaderCell>
            <TableHeaderCell>Actions</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {assignments.data?.value.map((a) => (
            <TableRow key={a.id}>
              <TableCell>{a.principalDisplayName}</TableCell>
              <TableCell>{a.principalType}</TableCell>
              <TableCell>{roleName(a.appRoleId)}</TableCell>
              <TableCell>{a.createdDateTime ? new Date(a.createdDateTime).toLocaleString() : ''}</TableCell>
              <TableCell>
                <Button
                  size="small"
                  icon={<DeleteRegular />}
                  aria-label={`Remove ${a.principalDisplayName}`}
                  onClick={() => setConfirm({ id: a.id, name: a.principalDisplayName })}
                >
                  Remove
                </Button>
              </TableCell>
            </TableRow>
          ))}
          {assignments.data && assignments.data.value.length === 0 && (
            <TableRow>
              <TableCell colSpan={5}>No users or groups are assigned: Add user/group assigns one.</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      {addPanel.isOpen && <AddAssignmentDialog servicePrincipalId={servicePrincipalId} roles={allRoles} onClose={addPanel.close} />}
      {confirm && (
        <Dialog open onOpenChange={(_, d) => !d.open && setConfirm(null)}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>Remove Assignment</DialogTitle>
              <DialogContent>
                Remove the assignment of {confirm.name}? Provisioning then treats it as out of scope at its next cycle.
              </DialogContent>
              <DialogActions>
                <Button
                  appearance="primary"
                  onClick={() => remove.mutate(confirm.id, { onSuccess: () => setConfirm(null) })}
                  disabled={remove.isPending}
                >
                  Yes
                </Button>
                <Button onClick={() => setConfirm(null)}>No</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </>
  );
}
