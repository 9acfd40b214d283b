import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Subtitle1,
  Toolbar,
  ToolbarButton,
  makeStyles,
} from '@fluentui/react-components';
import { DeleteRegular, PersonAddRegular, PersonDeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useNavigate, useParams, type UIMatch } from 'react-router';
import { useAddMember, useDeleteGroup, useGroup, useGroupMembers, useRemoveMember, useUserSearch } from '../../api/directory';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';
import { SearchPicker } from '../../shell/SearchPicker';
import { usePanel } from '../../shell/url-state';

const useStyles = makeStyles({ table: { tableLayout: 'auto' } });

function GroupCrumb({ id }: { id: string }) {
  const group = useGroup(id);
  return <>{group.data?.displayName ?? 'Group'}</>;
}

export const handle: RouteHandle = {
  parent: { crumb: 'Groups', to: '/groups' },
  crumb: (match: UIMatch) => <GroupCrumb id={match.params.groupId ?? ''} />,
};

function AddMembersDialog({ groupId, memberIds, onClose }: { groupId: string; memberIds: Set<string>; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const candidates = useUserSearch(query);
  const add = useAddMember(groupId);
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Add members</DialogTitle>
          <DialogContent>
            <Field label="User" hint="Type a name or user principal name.">
              <SearchPicker
                value={query}
                onTextChange={(text) => {
                  setQuery(text);
                  setChosen(null);
                }}
                options={(candidates.data ?? [])
                  .filter((u) => !memberIds.has(u.id))
                  .map((u) => ({ id: u.id, text: u.displayName, label: `${u.displayName} (${u.userPrincipalName})` }))}
                selectedId={chosen}
                onSelect={(option) => {
                  setChosen(option.id);
                  setQuery(option.text);
                }}
              />
            </Field>
            <ApiMessage error={add.error} title="The member was not added" />
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabled={!chosen || add.isPending}
              onClick={() => chosen && add.mutate(chosen, { onSuccess: onClose })}
            >
              Select
            </Button>
            <Button onClick={onClose}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** A group: its properties and direct members (Add members: `?add=1`; remove per member), Delete (`?delete=1`). */
export function Component() {
  const styles = useStyles();
  const { groupId = '' } = useParams();
  const navigate = useNavigate();
  const group = useGroup(groupId);
  const members = useGroupMembers(groupId);
  const addPanel = usePanel('add');
  const deletePanel = usePanel('delete');
  const removeMember = useRemoveMember(groupId);
  const remove = useDeleteGroup();
  const g = group.data;
  if (group.isPending) return <Spinner label="Loading the group" />;
  if (!g) return <ApiMessage error={group.error} title="The group could not be read" />;
  const memberIds = new Set((members.data ?? []).map((m) => m.id));
  return (
    <>
      <Title2 as="h1">{g.displayName}</Title2>
      <Text>{g.description ?? ''}</Text>
      <Toolbar aria-label="Group commands">
        <ToolbarButton icon={<PersonAddRegular />} onClick={() => addPanel.open()}>
          Add members
        </ToolbarButton>
        <ToolbarButton icon={<DeleteRegular />} onClick={() => deletePanel.open()}>
          Delete
        </ToolbarButton>
      </Toolbar>
      <ApiMessage error={members.error ?? removeMember.error} />
      <Subtitle1 as="h2">Members ({members.data?.length ?? '…'})</Subtitle1>
      <Table className={styles.table} aria-label="Members">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>User principal name</TableHeaderCell>
            <TableHeaderCell>Type</TableHeaderCell>
            <TableHeaderCell>Actions</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {(members.data ?? []).map((member) => (
            <TableRow key={member.id}>
              <TableCell>{member.displayName ?? member.id}</TableCell>
              <TableCell>{member.userPrincipalName ?? ''}</TableCell>
              <TableCell>{member['@odata.type']?.replace('#microsoft.graph.', '') ?? ''}</TableCell>
              <TableCell>
                <Button
                  size="small"
                  icon={<PersonDeleteRegular />}
                  disabled={removeMember.isPending}
                  onClick={() => removeMember.mutate(member.id)}
                  aria-label={`Remove ${member.displayName ?? member.id}`}
                >
                  Remove
                </Button>
              </TableCell>
            </TableRow>
          ))}
          {members.data && members.data.length === 0 && (
            <TableRow>
              <TableCell colSpan={4}>No members.</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      {addPanel.isOpen && <AddMembersDialog groupId={groupId} memberIds={memberIds} onClose={addPanel.close} />}
      <Dialog open={deletePanel.isOpen} onOpenChange={(_, data) => !data.open && deletePanel.close()}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>Delete {g.displayName}?</DialogTitle>
            <DialogContent>
              <Text>The group goes to the recycle bin; its members lose what it gave them (app assignments through it too).</Text>
              <ApiMessage error={remove.error} title="The group was not deleted" />
            </DialogContent>
            <DialogActions>
              <Button
                appearance="primary"
                disabled={remove.isPending}
                onClick={() => remove.mutate(g.id, { onSuccess: () => void navigate('/groups', { replace: true }) })}
              >
                Delete
              </Button>
              <Button onClick={deletePanel.close}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}
