import { Badge, MessageBar, MessageBarBody, TableCell, TableRow, Text, type BadgeProps } from '@fluentui/react-components';
import { useSearchParams } from 'react-router';
import {
  PREVIEW_ACTIONS,
  PREVIEW_OBJECT_TYPES,
  previewFiltersFromParams,
  usePreview,
  type PreviewAction,
  type PreviewEntry,
  type PreviewFilters,
  type PreviewSummary,
} from '../../api/preview';
import type { RouteHandle } from '../../route-handle';
import { ALL_OPTION, FilterBar, FilterDropdown, ListTable } from '../../shell/ListTable';
import { IdentityCell, ProvsimViewHeader, useJobView, useViewStyles, ViewPager } from './view-parts';

export const handle: RouteHandle = { crumb: 'Preview next cycle' };

export const ACTION_COLORS: Record<PreviewAction, BadgeProps['color']> = {
  Create: 'success',
  Update: 'brand',
  Disable: 'warning',
  Delete: 'danger',
  StagedDelete: 'severe',
  Skip: 'informative',
  None: 'subtle',
};

/** "Next cycle: Initial · 2 Disable · 1 Update …" and whether the accidental-deletions threshold would stop it. */
function Summary({ summary }: { summary: PreviewSummary }) {
  const styles = useViewStyles();
  const { deletionThreshold: threshold } = summary;
  return (
    <>
      <div className={styles.summary} role="group" aria-label="Summary of the next cycle">
        <Text weight="semibold" data-testid="preview-cycle">
          Next cycle: {summary.cycle === 'initial' ? 'Initial' : 'Incremental'}
        </Text>
        {PREVIEW_ACTIONS.map((action) => (
          <Badge key={action} appearance="tint" color={ACTION_COLORS[action]} data-testid={`count-${action}`}>
            {action}: {summary.counts[action].toLocaleString()}
          </Badge>
        ))}
      </div>
      <MessageBar intent={threshold.wouldTrip ? 'warning' : 'success'}>
        <MessageBarBody>
          {!threshold.enabled
            ? `Accidental deletions prevention is off: the ${threshold.wouldDelete.toLocaleString()} disables and deletes would all be sent.`
            : threshold.wouldTrip
              ? `The deletion threshold would trip: ${threshold.wouldDelete.toLocaleString()} disables and deletes exceed ${threshold.threshold.toLocaleString()}; they would be staged and the job quarantined.`
              : `The deletion threshold would not trip: ${threshold.wouldDelete.toLocaleString()} disables and deletes, threshold ${threshold.threshold.toLocaleString()}.`}
        </MessageBarBody>
      </MessageBar>
    </>
  );
}

function Details({ entry }: { entry: PreviewEntry }) {
  const styles = useViewStyles();
  if (entry.reason) return <Text>{entry.reason}</Text>;
  if (entry.modifiedProperties.length === 0) return null;
  return (
    <ul className={styles.list} aria-label={`Modified properties of ${entry.displayName}`}>
      {entry.modifiedProperties.map((p) => (
        <li key={p.displayName}>
          <Text font="monospace">{p.displayName}</Text>: {p.oldValue ?? '(none)'} → {p.newValue ?? '(none)'}
        </li>
      ))}
    </ul>
  );
}

/**
 * provsim's "Preview next cycle" (not part of Entra): what the job's next cycle would do to each object, planned by
 * the provisioning engine itself without sending anything that changes the target. The filters (`action`,
 * `objectType`) and the page's cursor are in the URL.
 */
export function Component() {
  const styles = useViewStyles();
  const view = useJobView(usePreviewOf(useFiltersOfUrl()));
  const { first, page, paging } = view;
  const filters = previewFiltersFromParams(paging.params);
  const summary = first.data?.summary;

  return (
    <>
      <ProvsimViewHeader title="Preview next cycle" view={view} loading="Planning the next cycle">
        What the next provisioning cycle would do, planned by the provisioning engine itself. Nothing that changes the target is sent: only
        the reads a cycle makes (GET by id, matching queries) to compare current values.
      </ProvsimViewHeader>
      {summary && <Summary summary={summary} />}
      <FilterBar>
        <FilterDropdown
          label="Action"
          options={[ALL_OPTION, ...PREVIEW_ACTIONS.map((a) => [a, a] as const)]}
          value={filters.action ?? ''}
          onChange={(v) => paging.setFilter('action', v || undefined)}
        />
        <FilterDropdown
          label="Object type"
          options={[ALL_OPTION, ...PREVIEW_OBJECT_TYPES.map((t) => [t, t] as const)]}
          value={filters.objectType ?? ''}
          onChange={(v) => paging.setFilter('objectType', v || undefined)}
        />
      </FilterBar>
      <ListTable
        className={styles.table}
        label="Objects of the next cycle"
        columns={['Identity', 'Object type', 'Action', 'Reason or modified properties']}
        empty={
          page.data?.value.length !== 0
            ? undefined
            : filters.action || filters.objectType
              ? 'No object of the next cycle matches these filters.'
              : 'The next cycle has nothing to process.'
        }
      >
        {page.data?.value.map((entry) => (
          <TableRow key={`${entry.objectType}:${entry.sourceId}`}>
            <IdentityCell name={entry.displayName} sourceId={entry.sourceId} targetId={entry.targetId} />
            <TableCell>{entry.objectType}</TableCell>
            <TableCell>
              <Badge appearance="tint" color={ACTION_COLORS[entry.action]}>
                {entry.action}
              </Badge>
            </TableCell>
            <TableCell>
              <Details entry={entry} />
            </TableCell>
          </TableRow>
        ))}
      </ListTable>
      <ViewPager label="Preview" view={view} nextLink={page.data?.['@odata.nextLink']} />
    </>
  );
}

/** The preview's filters, read from the URL. */
function useFiltersOfUrl(): PreviewFilters {
  const [params] = useSearchParams();
  return previewFiltersFromParams(params);
}

/** The preview query with these filters, as useJobView takes it. */
function usePreviewOf(filters: PreviewFilters) {
  return (servicePrincipalId: string, jobId: string | undefined, skiptoken?: string) =>
    usePreview(servicePrincipalId, jobId, filters, skiptoken);
}
