import {
  Button,
  DrawerBody,
  DrawerFooter,
  DrawerHeader,
  DrawerHeaderTitle,
  Field,
  Input,
  OverlayDrawer,
  Switch,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import {
  changedProperties,
  useSetManager,
  useUpdateUser,
  useUserSearch,
  type DirectoryObject,
  type User,
  type UserEdit,
} from '../../api/directory';
import { ApiMessage } from '../../shell/ApiMessage';
import { SearchPicker } from '../../shell/SearchPicker';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

const TEXT_FIELDS: [keyof UserEdit, string][] = [
  ['displayName', 'Display name'],
  ['givenName', 'First name'],
  ['surname', 'Last name'],
  ['jobTitle', 'Job title'],
  ['department', 'Department'],
  ['mail', 'Email'],
];

export function editableOf(user: User): UserEdit {
  return {
    displayName: user.displayName,
    givenName: user.givenName ?? null,
    surname: user.surname ?? null,
    jobTitle: user.jobTitle ?? null,
    department: user.department ?? null,
    mail: user.mail ?? null,
    accountEnabled: user.accountEnabled ?? true,
  };
}

/**
 * Edit properties: names, job title, department, email, manager and account enabled. Saving sends a PATCH of the
 * changed properties only, and the manager through manager/$ref when it changed.
 */
export function EditUserDrawer({ user, manager, onClose }: { user: User; manager: DirectoryObject | null; onClose: () => void }) {
  const styles = useStyles();
  const before = editableOf(user);
  const [values, setValues] = useState<UserEdit>(before);
  const [managerChoice, setManagerChoice] = useState<{ id: string; displayName: string } | null>(
    manager ? { id: manager.id, displayName: manager.displayName ?? manager.id } : null,
  );
  const [managerQuery, setManagerQuery] = useState(manager?.displayName ?? '');
  const candidates = useUserSearch(managerQuery === managerChoice?.displayName ? '' : managerQuery);
  const update = useUpdateUser(user.id);
  const setManager = useSetManager(user.id);
  const patch = changedProperties(before, values);
  const managerChanged = (managerChoice?.id ?? null) !== (manager?.id ?? null);

  const save = async () => {
    if (patch) await update.mutateAsync(patch);
    if (managerChanged) await setManager.mutateAsync(managerChoice?.id ?? null);
    onClose();
  };

  return (
    <OverlayDrawer open position="end" size="medium" onOpenChange={(_, data) => !data.open && onClose()} aria-label="Edit properties">
      <DrawerHeader>
        <DrawerHeaderTitle action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={onClose} />}>
          Edit properties
        </DrawerHeaderTitle>
      </DrawerHeader>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save().catch(() => undefined);
        }}
        style={{ display: 'contents' }}
      >
        <DrawerBody className={styles.form}>
          {TEXT_FIELDS.map(([key, label]) => (
            <Field key={key} label={label} required={key === 'displayName'}>
              <Input value={(values[key] as string | null) ?? ''} onChange={(_, data) => setValues((v) => ({ ...v, [key]: data.value }))} />
            </Field>
          ))}
          <Field label="Manager" hint="Type a name or user principal name; clear it to remove the manager.">
            <SearchPicker
              value={managerQuery}
              onTextChange={(text) => {
                setManagerQuery(text);
                if (text === '') setManagerChoice(null);
              }}
              options={(candidates.data ?? [])
                .filter((c) => c.id !== user.id)
                .map((c) => ({ id: c.id, text: c.displayName, label: `${c.displayName} (${c.userPrincipalName})` }))}
              selectedId={managerChoice?.id ?? null}
              onSelect={(option) => {
                setManagerChoice({ id: option.id, displayName: option.text });
                setManagerQuery(option.text);
              }}
            />
          </Field>
          <Switch
            label="Account enabled"
            checked={values.accountEnabled ?? true}
            onChange={(_, data) => setValues((v) => ({ ...v, accountEnabled: data.checked }))}
          />
          <ApiMessage error={update.error ?? setManager.error} title="The changes were not saved" />
        </DrawerBody>
        <DrawerFooter>
          <Button type="submit" appearance="primary" disabled={(!patch && !managerChanged) || update.isPending || setManager.isPending}>
            Save
          </Button>
          <Button onClick={onClose}>Cancel</Button>
        </DrawerFooter>
      </form>
    </OverlayDrawer>
  );
}
