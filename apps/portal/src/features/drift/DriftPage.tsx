import { Badge, MessageBar, MessageBarBody, TableCell, TableRow, Text, type BadgeProps } from '@fluentui/react-components';
import { useDrift, type DriftEntry, type DriftKind } from '../../api/preview';
import type { RouteHandle } from '../../route-handle';
import { ListTable } from '../../shell/ListTable';
import { IdentityCell, ProvsimViewHeader, useJobView, useViewStyles, ViewPager } from '../preview/view-parts';

export const handle: RouteHandle = { crumb: 'Drift' };

const KINDS: Record<DriftKind, { label: string; color: BadgeProps['color'] }> = {
  missing: { label: 'Missing in target', color: 'warning' },
  extra: { label: 'Extra in target', color: 'danger' },
  differs: { label: 'Differs', color: 'brand' },
};

function Attributes({ entry }: { entry: DriftEntry }) {
  const styles = useViewStyles();
  if (entry.attributes.length === 0) return null;
  return (
    <ul className={styles.list} aria-label={`Differing attributes of ${entry.displayName}`}>
      {entry.attributes.map((a) => (
        <li key={a.name}>
          <Text font="monospace">{a.name}</Text>: expected {a.expected ?? '(none)'}, target has {a.actual ?? '(none)'}
        </li>
      ))}
    </ul>
  );
}

/**
 * provsim's Drift view (not part of Entra): the target's users (and groups) set against what the job's mappings
 * expect of the objects in scope, read over SCIM with the job's own credentials and nothing written. The page's cursor
 * is in the URL.
 */
export function Component() {
  const styles = useViewStyles();
  const view = useJobView(useDrift);
  const { first, page } = view;
  const summary = first.data?.summary;
  const differences = summary ? summary.missing + summary.extra + summary.differs : undefined;

  return (
    <>
      <ProvsimViewHeader title="Drift" view={view} loading="Reading the target">
        The target&apos;s objects set against what the attribute mappings expect of the objects in scope, read over SCIM with the job&apos;s
        own credentials. Nothing is written.
      </ProvsimViewHeader>
      {summary && (
        <div className={styles.summary} role="group" aria-label="Summary of the drift">
          <Text>In scope: {summary.inScope.toLocaleString()}</Text>
          <Text>In target: {summary.inTarget.toLocaleString()}</Text>
          {(Object.keys(KINDS) as DriftKind[]).map((kind) => (
            <Badge key={kind} appearance="tint" color={KINDS[kind].color} data-testid={`drift-${kind}`}>
              {KINDS[kind].label}: {summary[kind].toLocaleString()}
            </Badge>
          ))}
        </div>
      )}
      {differences === 0 ? (
        <MessageBar intent="success">
          <MessageBarBody>Zero differences: the target holds exactly what the mappings expect.</MessageBarBody>
        </MessageBar>
      ) : (
        <>
          <ListTable className={styles.table} label="Differences" columns={['Difference', 'Identity', 'Object type', 'Attributes']}>
            {page.data?.value.map((entry) => (
              <TableRow key={`${entry.kind}:${entry.sourceId ?? ''}:${entry.targetId ?? ''}`}>
                <TableCell>
                  <Badge appearance="filled" color={KINDS[entry.kind].color}>
                    {KINDS[entry.kind].label}
                  </Badge>
                </TableCell>
                <IdentityCell name={entry.displayName} sourceId={entry.sourceId} targetId={entry.targetId} />
                <TableCell>{entry.objectType}</TableCell>
                <TableCell>
                  <Attributes entry={entry} />
                </TableCell>
              </TableRow>
            ))}
          </ListTable>
          <ViewPager label="Drift" view={view} nextLink={page.data?.['@odata.nextLink']} />
        </>
      )}
    </>
  );
}
