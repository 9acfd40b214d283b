import {
  Button,
  Dropdown,
  Field,
  Input,
  Link,
  Option,
  TableCell,
  TableRow,
  Text,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CopyRegular } from '@fluentui/react-icons';
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
import { ListTable } from '../../shell/ListTable';
import { ListToolbar, SimDialog } from './parts';
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
    <SimDialog
      title={`Secret token of ${tenant.name}`}
      onClose={onClose}
      actions={
        <Button appearance="primary" onClick={onClose}>
          Done
        </Button>
      }
    >
      <div className={styles.form}>
        <Text>Copy it now: it is not shown again. Put it in the provisioning job's Secret Token (Admin Credentials).</Text>
        <div className={styles.token}>
          <Text className={styles.mono} aria-label="New token">
            {tenant.token}
          </Text>
          <Button icon={<CopyRegular />} onClick={() => void navigator.clipboard.writeText(tenant.token).then(() => setCopied(true))}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
        </div>
        <Text>
          Tenant URL: <Text className={styles.mono}>{tenant.baseUrl}</Text>
        </Text>
      </div>
    </SimDialog>
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
    <SimDialog
      title="New SCIM target tenant"
      onClose={onClose}
      onSubmit={() => create.mutate({ name: name.trim(), profile: chosen }, { onSuccess: onCreated })}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" appearance="primary" disabled={create.isPending || !name.trim() || !chosen}>
            Create
          </Button>
        </>
      }
    >
      <div className={styles.form}>
        <Field label="Name" required hint="1–63 lower-case letters, digits or dashes; part of its Tenant URL.">
          <Input value={name} onChange={(_, data) => setName(data.value)} />
        </Field>
        <Field label="Profile" required hint="How the application behaves (docs/scim-target.md, Profiles).">
          <Dropdown value={chosen} selectedOptions={[chosen]} onOptionSelect={(_, data) => setProfile(data.optionValue)}>
            {(profiles.data?.profiles ?? []).map((p) => (
              <Option key={p}>{p}</Option>
            ))}
          </Dropdown>
        </Field>
        <ApiMessage error={create.error ?? profiles.error} />
      </div>
    </SimDialog>
  );
}

function ResetDialog({ name, onClose }: { name: string; onClose: () => void }) {
  const reset = useResetTenant();
  return (
    <SimDialog
      title={`Reset ${name}?`}
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button appearance="primary" disabled={reset.isPending} onClick={() => reset.mutate(name, { onSuccess: onClose })}>
            Reset
          </Button>
        </>
      }
    >
      <Text>Deletes every user and group it stores and its request log. Its token, profile and fault rules stay.</Text>
      <ApiMessage error={reset.error} />
    </SimDialog>
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
          <ListToolbar addLabel="New tenant" onAdd={() => setCreating(true)} onRefresh={() => void tenants.refetch()} />
          <ApiMessage error={tenants.error ?? rotate.error} />
          <ListTable label="SCIM target tenants" columns={['Name', 'Profile', 'Tenant URL', 'Token rotated', 'Actions']}>
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
          </ListTable>
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
