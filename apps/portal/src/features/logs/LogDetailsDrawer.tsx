import {
  Badge,
  Button,
  Caption1,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  OverlayDrawer,
  Spinner,
  Subtitle2,
  Tab,
  TabList,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArrowRightRegular, DismissRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import { useProvisioningLog, type ModifiedProperty, type ProvisioningObjectSummary } from '../../api/logs';
import { ApiMessage } from '../../shell/ApiMessage';
import { capitalize, formatDateTime, objectNoun, statusColor, stepTitle } from './format';
import { ScimRequestsList } from './ScimRequestsList';

export const DETAIL_TABS = [
  { value: 'steps', label: 'Steps' },
  { value: 'troubleshooting', label: 'Troubleshooting & Recommendations' },
  { value: 'modified', label: 'Modified properties' },
  { value: 'summary', label: 'Summary' },
  { value: 'scim', label: 'SCIM requests' },
] as const;
export type DetailTab = (typeof DETAIL_TABS)[number]['value'];

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingTop: tokens.spacingVerticalM },
  step: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  stepHeader: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  empty: { color: tokens.colorNeutralForeground3 },
  extra: { marginLeft: tokens.spacingHorizontalXS },
});

/** A two-column table of names and values (step details, summary). */
export function KeyValueTable({ rows, label }: { rows: [string, ReactNode][]; label: string }) {
  const styles = useStyles();
  return (
    <Table size="small" aria-label={label}>
      <TableBody>
        {rows.map(([name, value]) => (
          <TableRow key={name}>
            <TableCell>{name}</TableCell>
            <TableCell className={styles.mono}>{value}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Old value → new value, one row per attribute; "(empty)" for a null. */
export function ModifiedPropertiesTable({ properties, label = 'Modified properties' }: { properties: ModifiedProperty[]; label?: string }) {
  const styles = useStyles();
  if (properties.length === 0) return <Text className={styles.empty}>No property was modified.</Text>;
  return (
    <Table size="small" aria-label={label}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Property</TableHeaderCell>
          <TableHeaderCell>Old value</TableHeaderCell>
          <TableHeaderCell aria-hidden />
          <TableHeaderCell>New value</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {properties.map((p) => (
          <TableRow key={p.displayName}>
            <TableCell className={styles.mono}>{p.displayName}</TableCell>
            <TableCell className={styles.mono}>{p.oldValue ?? <span className={styles.empty}>(empty)</span>}</TableCell>
            <TableCell aria-hidden>
              <ArrowRightRegular />
            </TableCell>
            <TableCell className={styles.mono}>{p.newValue ?? <span className={styles.empty}>(empty)</span>}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function StepsTab({ entry }: { entry: ProvisioningObjectSummary }) {
  const styles = useStyles();
  const noun = objectNoun(entry.sourceIdentity.identityType);
  return (
    <ol className={styles.section} aria-label="Steps">
      {entry.provisioningSteps.map((step, index) => {
        const details = Object.entries(step.details ?? {});
        return (
          <li key={`${step.name}-${index}`} className={styles.step}>
            <div className={styles.stepHeader}>
              <Subtitle2 as="h3">{stepTitle(step.provisioningStepType, noun, entry.targetSystem.displayName)}</Subtitle2>
              <Badge appearance="tint" color={statusColor(step.status)}>
                {capitalize(step.status)}
              </Badge>
            </div>
            {step.description && <Text>{step.description}</Text>}
            {details.length > 0 && <KeyValueTable label={`${step.name} details`} rows={details} />}
          </li>
        );
      })}
    </ol>
  );
}

function TroubleshootingTab({ entry }: { entry: ProvisioningObjectSummary }) {
  const styles = useStyles();
  const info = entry.provisioningStatusInfo.errorInformation;
  if (!info) return <Text className={styles.empty}>No troubleshooting information: this change succeeded.</Text>;
  return (
    <div className={styles.section}>
      <KeyValueTable
        label="Troubleshooting"
        rows={[
          ['Status', capitalize(entry.provisioningStatusInfo.status)],
          ['Error code', info.errorCode ?? ''],
          ['Reason', info.reason ?? ''],
          ['Additional details', info.additionalDetails ?? ''],
          ['Error category', info.errorCategory ?? ''],
          ['Recommended action', info.recommendedAction ?? ''],
        ]}
      />
    </div>
  );
}

function SummaryTab({ entry }: { entry: ProvisioningObjectSummary }) {
  return (
    <KeyValueTable
      label="Summary"
      rows={[
        ['Date', formatDateTime(entry.activityDateTime)],
        ['Activity ID', entry.id],
        ['Change ID', entry.changeId],
        ['Cycle ID', entry.cycleId],
        ['Job ID', entry.jobId],
        ['Action', capitalize(entry.provisioningAction)],
        ['Status', capitalize(entry.provisioningStatusInfo.status)],
        ['Duration (ms)', String(entry.durationInMilliseconds)],
        ['Service principal', `${entry.servicePrincipal.displayName ?? ''} (${entry.servicePrincipal.id})`],
        ['Initiated by', `${entry.initiatedBy.displayName ?? ''} (${entry.initiatedBy.initiatorType})`],
        ['Source system', entry.sourceSystem.displayName ?? ''],
        ['Source identity', entry.sourceIdentity.displayName ?? ''],
        ['Source ID', entry.sourceIdentity.id ?? ''],
        ['Source identity type', entry.sourceIdentity.identityType ?? ''],
        ['Target system', entry.targetSystem.displayName ?? ''],
        ['Target identity', entry.targetIdentity.displayName ?? ''],
        ['Target ID', entry.targetIdentity.id ?? ''],
        ['Target identity type', entry.targetIdentity.identityType ?? ''],
      ]}
    />
  );
}

/** The tabs of an entry (the body of the details pane). */
export function LogDetails({ entry, tab, onTab }: { entry: ProvisioningObjectSummary; tab: DetailTab; onTab: (tab: DetailTab) => void }) {
  const styles = useStyles();
  return (
    <>
      <TabList selectedValue={tab} onTabSelect={(_, data) => onTab(data.value as DetailTab)} aria-label="Provisioning log details">
        {DETAIL_TABS.map((t) => (
          <Tab key={t.value} value={t.value}>
            {t.label}
            {t.value === 'scim' && (
              <Badge className={styles.extra} size="small" appearance="outline" color="brand">
                provsim
              </Badge>
            )}
          </Tab>
        ))}
      </TabList>
      <div role="tabpanel" aria-label={DETAIL_TABS.find((t) => t.value === tab)?.label} className={styles.section}>
        {tab === 'steps' && <StepsTab entry={entry} />}
        {tab === 'troubleshooting' && <TroubleshootingTab entry={entry} />}
        {tab === 'modified' && <ModifiedPropertiesTable properties={entry.modifiedProperties} />}
        {tab === 'summary' && <SummaryTab entry={entry} />}
        {tab === 'scim' && (
          <>
            <Caption1>Beyond Entra: the SCIM requests this object&apos;s processing sent to the target, and the answers.</Caption1>
            <ScimRequestsList logId={entry.id} />
          </>
        )}
      </div>
    </>
  );
}

/**
 * The frame of a log entry's details pane: its title, a caption under it (once the entry is there), the entry's
 * loading and error states, then `children` (its tabs).
 */
export function EntryDrawer({
  title,
  caption,
  isPending,
  error,
  size = 'large',
  onClose,
  children,
}: {
  title: ReactNode;
  caption?: ReactNode;
  isPending: boolean;
  error: unknown;
  size?: 'medium' | 'large';
  onClose: () => void;
  children?: ReactNode;
}) {
  return (
    <OverlayDrawer open position="end" size={size} onOpenChange={(_, data) => !data.open && onClose()}>
      <DrawerHeader>
        <DrawerHeaderTitle action={<Button appearance="subtle" aria-label="Close" icon={<DismissRegular />} onClick={onClose} />}>
          {title}
        </DrawerHeaderTitle>
        {caption && <Caption1>{caption}</Caption1>}
      </DrawerHeader>
      <DrawerBody>
        {isPending && <Spinner size="tiny" label="Loading the entry" />}
        <ApiMessage error={error} />
        {children}
      </DrawerBody>
    </OverlayDrawer>
  );
}

/** The details pane: the entry is fetched by id (a deep link opens it without the list). */
export function LogDetailsDrawer({
  id,
  tab,
  onTab,
  onClose,
}: {
  id: string;
  tab: DetailTab;
  onTab: (tab: DetailTab) => void;
  onClose: () => void;
}) {
  const entry = useProvisioningLog(id);
  const title = entry.data ? (entry.data.sourceIdentity.displayName ?? entry.data.id) : 'Provisioning log details';
  const caption = entry.data && (
    <>
      {capitalize(entry.data.provisioningAction)} · {capitalize(entry.data.provisioningStatusInfo.status)} ·{' '}
      {formatDateTime(entry.data.activityDateTime)}
    </>
  );
  return (
    <EntryDrawer title={title} caption={caption} isPending={entry.isPending} error={entry.error} onClose={onClose}>
      {entry.data && <LogDetails entry={entry.data} tab={tab} onTab={onTab} />}
    </EntryDrawer>
  );
}
