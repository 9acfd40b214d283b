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
  Input,
  Link,
  Option,
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
import { AddRegular, ArrowClockwiseRegular, CopyRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import {
  useCreateTenant,
  useResetTenant,
  useRotateToken,
  useTargetConnection,
  useTargetProfiles,
  useTargetTenants,
  type TargetTenant,
} from '../../api/target';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';
import { formatDateTime } from '../logs/format';
import { NotEntraNote, TargetConnectionCard } from './TargetConnection';

export const handle: RouteHandle = { crumb: 'SCIM target tenants' };

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  token: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', wordBreak: 'break-all' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

/** A token shown once (after create or rotate), with a copy button. */
function TokenOnce({ tenant, onClose }: { tenant: TargetTenant; onClose: () => void }) {
  const styles = useStyles();
  const [copied, setCopied] = useState(false);
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Secret token of {tenant.name}</DialogTitle>
          <DialogContent className={styles.form}>
            <Text>Copy it now: it is not shown again. Put it in the provisioning job's Secret Token (Admin Credentials).</Text>
            <div className={styles.token}>
              <Text className={styles.mono} aria-label="New token">
                {tenant.token}
              </Text>
              <Button
                icon={<CopyRegular />}
                onClick={() => void navigator.clipboard.writeText(tenant.token).then(() => setCopied(true))}
                aria-label="Copy token"
              >
                {copied ? 'Copied' : 'Copy'}
              </Button>
            </div>
            <Text>
              Tenant URL: <Text className={styles.mono}>{tenant.baseUrl}</Text>
            </Text>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>
              Done
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function NewTenantDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (tenant: TargetTenant) => void }) {
  const styles = useStyles();
  const profiles = useTargetProfiles();
  const create = useCreateTenant();
  const [name, setName] = useState('');
  const [profile, setProfile] = useState<string | undefined>();
  const chosen = profile ?? profiles.data?.default ?? '';
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate({ name: name.trim(), profile: chosen }, { onSuccess: onCreated });
          }}
        >
          <DialogBody>
            <DialogTitle>New SCIM target tenant</DialogTitle>
            <DialogContent className={styles.form}>
              <Field label="Name" required hint="1–63 lower-case letters, digits or dashes; part of its Tenant URL.">
                <Input value={name} onChange={(_, data) => setName(data.value)} />
              </Field>
              <Field label="Profile" required hint="How the application behaves (docs/scim-target.md, Profiles).">
                <Dropdown value={chosen} selectedOptions={[chosen]} onOptionSelect={(_, data) => setProfile(data.optionValue)}>
                  {(profiles.data?.profiles ?? []).map((p) => (
                    <Option key={p} value={p}>
                      {p}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <ApiMessage error={create.error ?? profiles.error} />
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>Cancel</Button>
              <Button type="submit" appearance="primary" disabled={create.isPending || !name.trim() || !chosen}>
                Create
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function ResetDialog({ name, onClose }: { name: string; onClose: () => void }) {
  const reset = useResetTenant();
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Reset {name}?</DialogTitle>
          <DialogContent>
            <Text>Deletes every user and group it stores and its request log. Its token, profile and fault rules stay.</Text>
            <ApiMessage error={reset.error} />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button appearance="primary" disabled={reset.isPending} onClick={() => reset.mutate(name, { onSuccess: onClose })}>
              Reset
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** The SCIM target's tenants (GET /admin/tenants): one per application provisioned into, each with its own store. */
export function Component() {
  const navigate = useNavigate();
  const connection = useTargetConnection();
  const tenants = useTargetTenants();
  const rotate = useRotateToken();
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<TargetTenant | null>(null);
  return (
    <>
      <Title2 as="h1">SCIM target tenants</Title2>
      <NotEntraNote>
        Each tenant is one application's store, with its own Tenant URL, Secret Token, request log and fault rules.
      </NotEntraNote>
      {!connection ? (
        <TargetConnectionCard />
      ) : (
        <>
          <Toolbar>
            <ToolbarButton icon={<AddRegular />} onClick={() => setCreating(true)}>
              New tenant
            </ToolbarButton>
            <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={() => void tenants.refetch()}>
              Refresh
            </ToolbarButton>
          </Toolbar>
          <ApiMessage error={tenants.error ?? rotate.error} />
          <Table aria-label="SCIM target tenants">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Name</TableHeaderCell>
                <TableHeaderCell>Profile</TableHeaderCell>
                <TableHeaderCell>Tenant URL</TableHeaderCell>
                <TableHeaderCell>Token rotated</TableHeaderCell>
                <TableHeaderCell>Actions</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {(tenants.data ?? []).map((tenant) => (
                <TableRow key={tenant.name}>
                  <TableCell>
                    <Link
                      href={`/portal/simulator/targets/${encodeURIComponent(tenant.name)}`}
                      onClick={(event) => {
                        event.preventDefault();
                        void navigate(`/simulator/targets/${encodeURIComponent(tenant.name)}`);
                      }}
                    >
                      {tenant.name}
                    </Link>
                  </TableCell>
                  <TableCell>{tenant.profile}</TableCell>
                  <TableCell>{tenant.baseUrl}</TableCell>
                  <TableCell>{formatDateTime(tenant.tokenRotatedAt)}</TableCell>
                  <TableCell>
                    <Button size="small" disabled={rotate.isPending} onClick={() => rotate.mutate(tenant.name, { onSuccess: setRevealed })}>
                      Rotate token
                    </Button>{' '}
                    <Button size="small" onClick={() => setResetting(tenant.name)}>
                      Reset
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
      {creating && (
        <NewTenantDialog
          onClose={() => setCreating(false)}
          onCreated={(tenant) => {
            setCreating(false);
            setRevealed(tenant);
          }}
        />
      )}
      {resetting && <ResetDialog name={resetting} onClose={() => setResetting(null)} />}
      {revealed && <TokenOnce tenant={revealed} onClose={() => setRevealed(null)} />}
    </>
  );
}
