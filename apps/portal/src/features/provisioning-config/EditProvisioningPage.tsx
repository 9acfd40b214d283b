import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Checkbox,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  SpinButton,
  Spinner,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title3,
  Toolbar,
  ToolbarButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowResetRegular, DismissRegular, PlugConnectedRegular, SaveRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useJobAction, useJobs, useJobSchema, useSaveSchema, useSaveSecrets, useSecrets, useValidateCredentials } from '../../api/sync';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';
import { usePanel } from '../../shell/url-state';
import { EditorDialog, RESYNC_WARNING } from './EditorDialog';
import { objectMappings } from './schema-edit';
import { SECRET_MASK, credentialsOf, resyncReason, secretsOf, settingsOf, type ProvisioningSettings } from './settings';

export const handle: RouteHandle = { crumb: 'Edit provisioning' };

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    maxWidth: '640px',
    paddingBlock: tokens.spacingVerticalS,
  },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
});

/** The admin center's success line for Test Connection. */
export const TEST_CONNECTION_SUCCESS = 'The supplied credentials are authorized to enable provisioning';

/**
 * Provisioning → Edit provisioning (reference §1.3): Admin Credentials (Tenant URL, Secret Token, Test Connection),
 * Mappings (each object mapping, Restore default mappings), Settings (notification email, accidental deletions,
 * scope, out-of-scope deletions) and Provisioning Status. Credentials and settings are the app's synchronization
 * secrets; the status is the job's start/pause.
 */
export function Component() {
  const styles = useStyles();
  const navigate = useNavigate();
  const { servicePrincipalId = '' } = useParams();
  const jobs = useJobs(servicePrincipalId, false);
  const job = jobs.data?.value[0];
  const secrets = useSecrets(servicePrincipalId);
  const schema = useJobSchema(servicePrincipalId, job?.id);
  const saveSecrets = useSaveSecrets(servicePrincipalId);
  const restoreSchema = useSaveSchema(servicePrincipalId, job?.id);
  const validate = useValidateCredentials(servicePrincipalId, job?.id);
  const action = useJobAction(servicePrincipalId, job?.id);
  const [draft, setDraft] = useState<ProvisioningSettings | null>(null);
  const [status, setStatus] = useState<boolean | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const confirmRestore = usePanel('restore');

  const initial = secrets.data ? settingsOf(secrets.data) : null;
  const running = job?.schedule.state === 'Active';
  useEffect(() => {
    if (initial && draft === null) setDraft(initial);
  }, [initial, draft]);
  useEffect(() => {
    if (job && status === null) setStatus(running);
  }, [job, running, status]);

  const edit = (change: Partial<ProvisioningSettings>) => {
    setDraft((d) => (d ? { ...d, ...change } : d));
    setSaved(false);
  };
  const tokenSaved = initial?.secretToken === SECRET_MASK;

  async function save() {
    if (!draft || !initial || !secrets.data) return;
    setConfirming(false);
    // The secrets first (the next cycle reads them), then the status, then the full re-sync a new scope needs: a
    // restart keeps a paused job paused and runs an active one now. Each resolves once its data is read again.
    await saveSecrets.mutateAsync(secretsOf(secrets.data, draft));
    if (job && status !== null && status !== running) await action.mutateAsync({ kind: status ? 'start' : 'pause' });
    if (resyncReason(initial, draft) && job) await action.mutateAsync({ kind: 'restart', resetScope: 'Watermark' });
    setDraft(null);
    setStatus(null);
    setSaved(true);
  }
  const onSave = () => {
    if (draft && initial && resyncReason(initial, draft)) setConfirming(true);
    else void save().catch(() => undefined);
  };

  const busy = saveSecrets.isPending || action.isPending;
  return (
    <>
      <Title3 as="h2">Edit provisioning</Title3>
      <Toolbar aria-label="Edit provisioning commands">
        <ToolbarButton icon={<SaveRegular />} disabled={!draft || busy} onClick={onSave}>
          Save
        </ToolbarButton>
        <ToolbarButton
          icon={<DismissRegular />}
          disabled={busy}
          onClick={() => {
            setDraft(null);
            setStatus(null);
            validate.reset();
          }}
        >
          Discard
        </ToolbarButton>
      </Toolbar>
      <ApiMessage error={jobs.error ?? secrets.error ?? schema.error ?? saveSecrets.error ?? action.error ?? restoreSchema.error} />
      {saved && (
        <MessageBar intent="success">
          <MessageBarBody>The provisioning settings were saved.</MessageBarBody>
        </MessageBar>
      )}
      {(jobs.isLoading || secrets.isLoading) && <Spinner label="Loading the provisioning configuration" />}
      {jobs.data && !job && <Text>This application has no provisioning job yet.</Text>}
      {draft && (
        <Accordion multiple collapsible defaultOpenItems={['credentials', 'mappings', 'settings']}>
          <AccordionItem value="credentials">
            <AccordionHeader as="h3">Admin Credentials</AccordionHeader>
            <AccordionPanel>
              <div className={styles.form}>
                <Field label="Tenant URL" required>
                  <Input type="url" value={draft.baseAddress} onChange={(_, d) => edit({ baseAddress: d.value })} />
                </Field>
                <Field
                  label="Secret Token"
                  hint={tokenSaved ? 'A token is saved; it is never shown. Type a new one to replace it.' : undefined}
                >
                  <Input
                    type="password"
                    autoComplete="off"
                    placeholder={tokenSaved ? '••••••••••••' : ''}
                    value={draft.secretToken === SECRET_MASK ? '' : draft.secretToken}
                    onChange={(_, d) => edit({ secretToken: d.value === '' && tokenSaved ? SECRET_MASK : d.value })}
                  />
                </Field>
                <div className={styles.row}>
                  <Button
                    icon={<PlugConnectedRegular />}
                    disabled={!job || validate.isPending}
                    onClick={() => validate.mutate(credentialsOf(draft))}
                  >
                    Test Connection
                  </Button>
                  {validate.isPending && <Spinner size="tiny" label="Testing the connection" />}
                </div>
                {validate.isSuccess && (
                  <MessageBar intent="success" aria-label="Test Connection result">
                    <MessageBarBody>{TEST_CONNECTION_SUCCESS}</MessageBarBody>
                  </MessageBar>
                )}
                <ApiMessage error={validate.error} title="Test Connection failed" />
              </div>
            </AccordionPanel>
          </AccordionItem>
          <AccordionItem value="mappings">
            <AccordionHeader as="h3">Mappings</AccordionHeader>
            <AccordionPanel>
              {schema.data && (
                <Table aria-label="Mappings" size="small">
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell>Name</TableHeaderCell>
                      <TableHeaderCell>Enabled</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {objectMappings(schema.data).map((ref) => (
                      <TableRow key={ref.id}>
                        <TableCell>
                          <Link
                            href={`/portal/apps/${servicePrincipalId}/provisioning/edit/mappings/${ref.id}`}
                            onClick={(event) => {
                              event.preventDefault();
                              void navigate(`mappings/${ref.id}`);
                            }}
                          >
                            {ref.mapping.name}
                          </Link>
                        </TableCell>
                        <TableCell>{ref.mapping.enabled ? 'Yes' : 'No'}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
              <Button icon={<ArrowResetRegular />} disabled={!job} onClick={() => confirmRestore.open()}>
                Restore default mappings
              </Button>
            </AccordionPanel>
          </AccordionItem>
          <AccordionItem value="settings">
            <AccordionHeader as="h3">Settings</AccordionHeader>
            <AccordionPanel>
              <div className={styles.form}>
                <Checkbox
                  label="Send an email notification when a failure occurs"
                  checked={draft.notify}
                  onChange={(_, d) => edit({ notify: d.checked === true })}
                />
                <Field label="Notification Email">
                  <Input type="email" value={draft.recipients} onChange={(_, d) => edit({ recipients: d.value })} />
                </Field>
                <Checkbox
                  label="Prevent accidental deletion"
                  checked={draft.preventDeletes}
                  onChange={(_, d) => edit({ preventDeletes: d.checked === true })}
                />
                <Field label="Accidental deletion threshold">
                  <SpinButton
                    min={1}
                    disabled={!draft.preventDeletes}
                    value={draft.deleteThreshold}
                    onChange={(_, d) => {
                      const value = d.value ?? Number(d.displayValue);
                      if (Number.isSafeInteger(value) && value >= 0) edit({ deleteThreshold: value });
                    }}
                  />
                </Field>
                <Field label="Scope">
                  <RadioGroup value={draft.syncAll ? 'all' : 'assigned'} onChange={(_, d) => edit({ syncAll: d.value === 'all' })}>
                    <Radio value="assigned" label="Sync only assigned users and groups" />
                    <Radio value="all" label="Sync all users and groups" />
                  </RadioGroup>
                </Field>
                <Checkbox
                  label="Skip out-of-scope deletions"
                  checked={draft.skipOutOfScopeDeletions}
                  onChange={(_, d) => edit({ skipOutOfScopeDeletions: d.checked === true })}
                />
              </div>
            </AccordionPanel>
          </AccordionItem>
        </Accordion>
      )}
      {draft && job && status !== null && (
        <Field label="Provisioning Status">
          <Switch
            checked={status}
            label={status ? 'On' : 'Off'}
            onChange={(_, d) => {
              setStatus(d.checked);
              setSaved(false);
            }}
          />
        </Field>
      )}
      {confirming && (
        <EditorDialog
          alert
          title="Save changes"
          primary="Yes"
          busy={busy}
          onClose={() => setConfirming(false)}
          onPrimary={() => void save().catch(() => undefined)}
        >
          {RESYNC_WARNING}
        </EditorDialog>
      )}
      {confirmRestore.isOpen && (
        <EditorDialog
          alert
          title="Restore default mappings"
          primary="Restore"
          busy={restoreSchema.isPending}
          onClose={confirmRestore.close}
          onPrimary={() => restoreSchema.mutate('restore', { onSuccess: confirmRestore.close })}
        >
          Every attribute mapping, scoping filter and target attribute you changed goes back to the application's defaults. {RESYNC_WARNING}
        </EditorDialog>
      )}
    </>
  );
}
