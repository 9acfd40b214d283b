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
  Switch,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useCreateUser, useOrganization, type User } from '../../api/directory';
import { ApiMessage } from '../../shell/ApiMessage';

const useStyles = makeStyles({ form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

/** A password Graph's policy accepts (upper, lower, digit, symbol), drawn from the browser's CSPRNG. */
export function generatePassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `Ps-${Array.from(bytes, (b) => 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'[b % 55]).join('')}7!`;
}

/** "Adele Vance" → "adele.vance" (the suggested alias of a new user's UPN and mail nickname). */
export function aliasOf(displayName: string): string {
  return displayName
    .normalize('NFKD')
    .replace(/[^\w\s.-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '.');
}

/** Create new user (the admin center's "Create new user" basics: names, UPN, password, account enabled). */
export function NewUserDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (user: User) => void }) {
  const styles = useStyles();
  const organization = useOrganization();
  const domain = organization.data?.verifiedDomains?.find((d) => d.isDefault)?.name ?? 'provsim.onmicrosoft.com';
  const create = useCreateUser();
  const [displayName, setDisplayName] = useState('');
  const [alias, setAlias] = useState<string | null>(null);
  const [password] = useState(generatePassword);
  const [accountEnabled, setAccountEnabled] = useState(true);
  const [department, setDepartment] = useState('');
  const [jobTitle, setJobTitle] = useState('');
  const effectiveAlias = alias ?? aliasOf(displayName);
  const userPrincipalName = `${effectiveAlias}@${domain}`;

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()} modalType="modal">
      <DialogSurface aria-describedby={undefined}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate(
              {
                displayName: displayName.trim(),
                userPrincipalName,
                mailNickname: effectiveAlias.replace(/[^A-Za-z0-9]/g, '') || 'user',
                password,
                accountEnabled,
                department: department.trim(),
                jobTitle: jobTitle.trim(),
              },
              { onSuccess: (user) => onCreated(user) },
            );
          }}
        >
          <DialogBody>
            <DialogTitle>Create new user</DialogTitle>
            <DialogContent className={styles.form}>
              <Field label="Display name" required>
                <Input value={displayName} onChange={(_, data) => setDisplayName(data.value)} />
              </Field>
              <Field label="User principal name" required hint={`@${domain}`}>
                <Input value={effectiveAlias} onChange={(_, data) => setAlias(data.value)} contentAfter={`@${domain}`} />
              </Field>
              <Field label="Password" hint="Generated; the user changes it at first sign-in (forceChangePasswordNextSignIn).">
                <Input value={password} readOnly />
              </Field>
              <Field label="Department">
                <Input value={department} onChange={(_, data) => setDepartment(data.value)} />
              </Field>
              <Field label="Job title">
                <Input value={jobTitle} onChange={(_, data) => setJobTitle(data.value)} />
              </Field>
              <Switch label="Account enabled" checked={accountEnabled} onChange={(_, data) => setAccountEnabled(data.checked)} />
              <ApiMessage error={create.error} title="The user was not created" />
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={create.isPending || !displayName.trim() || !effectiveAlias}>
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
