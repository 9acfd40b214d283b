import {
  Button,
  Card,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  Title3,
  Toolbar,
  ToolbarButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular, EditRegular, PersonArrowRightRegular, PlayRegular, StopRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { RESTART_SCOPES, useJobAction, useJobs } from '../../api/sync';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';
import { usePanel } from '../../shell/url-state';
import { provisioningView } from './provisioning-status';

export const handle: RouteHandle = { crumb: 'Provisioning' };

const useStyles = makeStyles({
  cards: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))',
    gap: tokens.spacingHorizontalL,
    marginTop: tokens.spacingVerticalM,
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content minmax(0, 1fr)',
    columnGap: tokens.spacingHorizontalXL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
  },
});

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { timeZone: 'UTC', timeZoneName: 'short' });

function RestartDialog({ onRestart, onClose, busy }: { onRestart: (scope: string) => void; onClose: () => void; busy: boolean }) {
  const [scope, setScope] = useState<string>('Full');
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Restart provisioning</DialogTitle>
          <DialogContent>
            <Field label="What to clear before the next cycle">
              <RadioGroup value={scope} onChange={(_, d) => setScope(d.value)}>
                {RESTART_SCOPES.map((s) => (
                  <Radio key={s.value} value={s.value} label={s.label} />
                ))}
              </RadioGroup>
            </Field>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={busy} onClick={() => onRestart(scope)}>
              Restart
            </Button>
            <Button onClick={onClose}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** Provisioning → Overview: the job's controls, its current cycle, statistics to date and quarantine, all from its Graph status. */
export function Component() {
  const styles = useStyles();
  const navigate = useNavigate();
  const { servicePrincipalId = '' } = useParams();
  const [fast, setFast] = useState(false);
  const jobs = useJobs(servicePrincipalId, fast ? 1_000 : 5_000);
  const job = jobs.data?.value[0];
  const action = useJobAction(servicePrincipalId, job?.id);
  const restart = usePanel('restart');
  const view = job ? provisioningView(job) : null;
  const inProgress = view?.cycle.inProgress ?? false;
  useEffect(() => setFast(inProgress), [inProgress]);
  return (
    <>
      <Toolbar aria-label="Provisioning commands">
        <ToolbarButton
          icon={<PlayRegular />}
          disabled={!job || view?.running || action.isPending}
          onClick={() => action.mutate({ kind: 'start' })}
        >
          Start provisioning
        </ToolbarButton>
        <ToolbarButton
          icon={<StopRegular />}
          disabled={!job || !view?.running || action.isPending}
          onClick={() => action.mutate({ kind: 'pause' })}
        >
          Stop provisioning
        </ToolbarButton>
        <ToolbarButton icon={<ArrowClockwiseRegular />} disabled={!job} onClick={() => restart.open()}>
          Restart provisioning
        </ToolbarButton>
        <ToolbarButton icon={<EditRegular />} onClick={() => void navigate(`/apps/${servicePrincipalId}/provisioning/edit`)}>
          Edit provisioning
        </ToolbarButton>
        <ToolbarButton icon={<PersonArrowRightRegular />} onClick={() => void navigate(`/apps/${servicePrincipalId}/provision-on-demand`)}>
          Provision on demand
        </ToolbarButton>
      </Toolbar>
      <ApiMessage error={jobs.error ?? action.error} />
      {jobs.isLoading && <Spinner label="Loading the provisioning job" />}
      {jobs.data && !job && <Text>This application has no provisioning job yet.</Text>}
      {view?.quarantine && (
        <MessageBar intent="error" role="alert" aria-label="Quarantine">
          <MessageBarBody>
            <MessageBarTitle>Your application is in quarantine</MessageBarTitle>
            Reason: {view.quarantine.reason}. {view.quarantine.message ?? ''} In quarantine since {when(view.quarantine.since)}; next
            attempt {when(view.quarantine.nextAttempt)}.
          </MessageBarBody>
        </MessageBar>
      )}
      {job && view && (
        <div className={styles.cards}>
          <Card aria-label="Current cycle status">
            <Title3 as="h2">Current cycle status</Title3>
            <Field label={view.cycle.label} validationState="none">
              <ProgressBar value={view.cycle.percent / 100} thickness="large" aria-label="Cycle progress" />
            </Field>
            <dl className={styles.facts}>
              <dt>Users</dt>
              <dd>{view.users}</dd>
              <dt>Groups</dt>
              <dd>{view.groups}</dd>
              <dt>Provisioning Status</dt>
              <dd>{view.statusLabel}</dd>
            </dl>
          </Card>
          <Card aria-label="Statistics to date">
            <Title3 as="h2">Statistics to date</Title3>
            <dl className={styles.facts}>
              <dt>Completed</dt>
              <dd>{view.lastCycle ? when(view.lastCycle.completed) : 'Not run yet'}</dd>
              <dt>Duration</dt>
              <dd>{view.lastCycle ? `${view.lastCycle.durationSeconds} s` : '–'}</dd>
              <dt>Last cycle result</dt>
              <dd>{view.lastCycle?.state ?? '–'}</dd>
              <dt>Exported (last cycle with exports)</dt>
              <dd>{view.statistics?.exported ?? 0}</dd>
              <dt>Escrowed (retrying)</dt>
              <dd>{view.statistics?.escrowed ?? 0}</dd>
              <dt>Activity ID</dt>
              <dd>
                <code>{view.lastCycle?.activityId ?? '–'}</code>
              </dd>
              <dt>Job ID</dt>
              <dd>
                <code>{job.id}</code>
              </dd>
            </dl>
          </Card>
        </div>
      )}
      {restart.isOpen && (
        <RestartDialog
          busy={action.isPending}
          onClose={restart.close}
          onRestart={(resetScope) => action.mutate({ kind: 'restart', resetScope }, { onSuccess: restart.close })}
        />
      )}
    </>
  );
}
