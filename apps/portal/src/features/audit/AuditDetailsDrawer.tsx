import { Subtitle2, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import { actorOf, useDirectoryAudit, type DirectoryAudit } from '../../api/audit';
import { capitalize, formatDateTime } from '../logs/format';
import { EntryDrawer, KeyValueTable, ModifiedPropertiesTable } from '../logs/LogDetailsDrawer';

export const AUDIT_TABS = [
  { value: 'activity', label: 'Activity' },
  { value: 'targets', label: 'Target(s)' },
  { value: 'modified', label: 'Modified Properties' },
] as const;
export type AuditTab = (typeof AUDIT_TABS)[number]['value'];

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingTop: tokens.spacingVerticalM },
  empty: { color: tokens.colorNeutralForeground3 },
});

function ActivityTab({ entry }: { entry: DirectoryAudit }) {
  const styles = useStyles();
  const { user, app } = entry.initiatedBy;
  const initiator: [string, string][] = user
    ? [
        ['Type', 'User'],
        ['Display name', user.displayName ?? ''],
        ['User principal name', user.userPrincipalName ?? ''],
        ['Object ID', user.id],
        ['IP address', user.ipAddress ?? ''],
      ]
    : [
        ['Type', 'Application'],
        ['Display name', app?.displayName ?? ''],
        ['App ID', app?.appId ?? ''],
        ['Service principal ID', app?.servicePrincipalId ?? ''],
      ];
  return (
    <div className={styles.section}>
      <KeyValueTable
        label="Activity"
        rows={[
          ['Date', formatDateTime(entry.activityDateTime)],
          ['Activity Type', entry.activityDisplayName],
          ['Correlation ID', entry.correlationId],
          ['Category', entry.category],
          ['Status', capitalize(entry.result)],
          ['Status reason', entry.resultReason],
          ['User Agent', 'n/a'],
          ['Service', entry.loggedByService],
          ['Operation type', entry.operationType],
        ]}
      />
      <Subtitle2 as="h3">Initiated by (actor): {actorOf(entry)}</Subtitle2>
      <KeyValueTable label="Initiated by (actor)" rows={initiator} />
      {entry.additionalDetails.length > 0 && (
        <>
          <Subtitle2 as="h3">Additional Details</Subtitle2>
          <KeyValueTable label="Additional Details" rows={entry.additionalDetails.map((d) => [d.key, d.value])} />
        </>
      )}
    </div>
  );
}

function TargetsTab({ entry }: { entry: DirectoryAudit }) {
  const styles = useStyles();
  return (
    <div className={styles.section}>
      {entry.targetResources.map((t, index) => (
        <section key={`${t.id}-${index}`} aria-label={`Target ${index + 1}`} className={styles.section}>
          <Subtitle2 as="h3">Target {index + 1}</Subtitle2>
          <KeyValueTable
            label={`Target ${index + 1}`}
            rows={[
              ['Type', t.type],
              ['Object ID', t.id],
              ['Display name', t.displayName ?? ''],
              ...(t.userPrincipalName ? [['User principal name', t.userPrincipalName] as [string, string]] : []),
              ...(t.groupType ? [['Group type', t.groupType] as [string, string]] : []),
            ]}
          />
        </section>
      ))}
    </div>
  );
}

function ModifiedTab({ entry }: { entry: DirectoryAudit }) {
  const styles = useStyles();
  const changed = entry.targetResources.filter((t) => t.modifiedProperties.length > 0);
  if (changed.length === 0) return <Text className={styles.empty}>No property was modified.</Text>;
  return (
    <div className={styles.section}>
      {changed.map((t, index) => (
        <section key={`${t.id}-${index}`} className={styles.section} aria-label={`Modified properties of ${t.displayName ?? t.id}`}>
          {changed.length > 1 && <Subtitle2 as="h3">{t.displayName ?? t.id}</Subtitle2>}
          <ModifiedPropertiesTable properties={t.modifiedProperties} label={`Modified properties of ${t.displayName ?? t.id}`} />
        </section>
      ))}
    </div>
  );
}

/** The details pane of an entry, fetched by id (a deep link opens it without the list). */
export function AuditDetailsDrawer({
  id,
  tab,
  onTab,
  onClose,
}: {
  id: string;
  tab: AuditTab;
  onTab: (tab: AuditTab) => void;
  onClose: () => void;
}) {
  const styles = useStyles();
  const entry = useDirectoryAudit(id);
  const caption = entry.data && (
    <>
      {entry.data.activityDisplayName} · {capitalize(entry.data.result)} · {formatDateTime(entry.data.activityDateTime)}
    </>
  );
  return (
    <EntryDrawer
      title="Audit Log Details"
      caption={caption}
      size="medium"
      isPending={entry.isPending}
      error={entry.error}
      onClose={onClose}
    >
      {entry.data && (
        <>
          <TabList selectedValue={tab} onTabSelect={(_, data) => onTab(data.value as AuditTab)} aria-label="Audit log details">
            {AUDIT_TABS.map((t) => (
              <Tab key={t.value} value={t.value}>
                {t.label}
              </Tab>
            ))}
          </TabList>
          <div role="tabpanel" aria-label={AUDIT_TABS.find((t) => t.value === tab)?.label} className={styles.section}>
            {tab === 'activity' && <ActivityTab entry={entry.data} />}
            {tab === 'targets' && <TargetsTab entry={entry.data} />}
            {tab === 'modified' && <ModifiedTab entry={entry.data} />}
          </div>
        </>
      )}
    </EntryDrawer>
  );
}
