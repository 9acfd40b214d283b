import {
  Button,
  Checkbox,
  Field,
  Label,
  Link,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
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
  useId,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular, DismissRegular, EditRegular, MathFormulaRegular, SaveRegular } from '@fluentui/react-icons';
import { useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client';
import {
  useFilterOperators,
  useJobs,
  useJobSchema,
  useSaveSchema,
  useServicePrincipal,
  type AttributeMapping,
  type SynchronizationSchema,
} from '../../api/sync';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';
import { usePanel } from '../../shell/url-state';
import { AttributeListEditor } from './AttributeListEditor';
import { EditorDialog, RESYNC_WARNING } from './EditorDialog';
import { EditAttributeDialog } from './EditAttributeDialog';
import { ExpressionBuilder } from './ExpressionBuilder';
import { scopeSummary } from './scope-edit';
import { ScopingFilterDialog } from './ScopingFilterDialog';
import {
  findMapping,
  putAttributeMapping,
  removeAttributeMapping,
  schemaErrorField,
  sourceText,
  updateMapping,
  withScopeGroups,
  withTargetAttributes,
} from './schema-edit';

export const handle: RouteHandle = { crumb: 'Attribute mapping' };

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, marginBlock: tokens.spacingVerticalM },
  code: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  flagged: { backgroundColor: tokens.colorStatusDangerBackground1 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content auto',
    gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalXL}`,
    margin: 0,
    '& dd': { margin: 0 },
  },
});

const ACTIONS = [
  { flow: 'Add', label: 'Create' },
  { flow: 'Update', label: 'Update' },
  { flow: 'Delete', label: 'Delete' },
] as const;

const flowTypesOf = (text: string) => new Set(text.split(',').map((s) => s.trim()));

/**
 * Attribute Mapping (reference §1.4) for one object mapping: Enabled, Source Object Scope (scoping filters), Target
 * Object Actions, the attribute mappings (edit, add, remove), and under Show advanced options the target's attribute
 * list and the Expression builder. Changes stay a draft until Save, which PUTs the whole schema after the re-sync
 * warning; a 400 from the API opens the attribute it names with the message on the field.
 */
export function Component() {
  const styles = useStyles();
  const { servicePrincipalId = '', mappingId = '' } = useParams();
  const app = useServicePrincipal(servicePrincipalId);
  const jobs = useJobs(servicePrincipalId, false);
  const jobId = jobs.data?.value[0]?.id;
  const schema = useJobSchema(servicePrincipalId, jobId);
  const operators = useFilterOperators(servicePrincipalId, jobId);
  const save = useSaveSchema(servicePrincipalId, jobId);
  const [draft, setDraft] = useState<SynchronizationSchema | null>(null);
  const [advanced, setAdvanced] = useState(false);
  const [saved, setSaved] = useState(false);
  const editPanel = usePanel('attribute');
  const scopePanel = usePanel('scope');
  const builderPanel = usePanel('builder');
  // Local, not in the URL: a failed save opens the attribute it names (a URL change) right after it closes.
  const [confirming, setConfirming] = useState(false);
  const [builderText, setBuilderText] = useState('');
  const actionsId = useId('target-object-actions');

  useEffect(() => {
    if (schema.data && draft === null) setDraft(schema.data);
  }, [schema.data, draft]);
  const ref = draft ? findMapping(draft, mappingId) : undefined;
  const dirty = useMemo(
    () => draft !== null && schema.data !== undefined && JSON.stringify(draft) !== JSON.stringify(schema.data),
    [draft, schema.data],
  );
  const serverError = save.error instanceof ApiError && save.error.status === 400 ? schemaErrorField(save.error.message) : null;

  const change = (next: SynchronizationSchema) => {
    setDraft(next);
    setSaved(false);
  };
  const changeMapping = (fn: Parameters<typeof updateMapping>[2]) => draft && change(updateMapping(draft, mappingId, fn));
  const onSave = () => {
    setConfirming(false);
    if (!draft) return;
    save.mutate(draft, {
      onSuccess: () => {
        setDraft(null);
        setSaved(true);
      },
      onError: (error) => {
        const field = error instanceof ApiError ? schemaErrorField(error.message) : null;
        if (field) editPanel.open(String(field.index));
      },
    });
  };

  const appName = app.data?.displayName ?? 'the application';
  const sourceAttributes = ref?.sourceObject?.attributes.map((a) => a.name) ?? [];
  const targetAttributes = ref?.targetObject?.attributes.map((a) => a.name) ?? [];
  const editing = editPanel.value === null ? null : editPanel.value === 'new' ? 'new' : Number(editPanel.value);
  const flows = ref ? flowTypesOf(ref.mapping.flowTypes) : new Set<string>();

  return (
    <>
      <Title3 as="h2">Attribute Mapping</Title3>
      <Toolbar aria-label="Attribute mapping commands">
        <ToolbarButton icon={<SaveRegular />} disabled={!dirty || save.isPending} onClick={() => setConfirming(true)}>
          Save
        </ToolbarButton>
        <ToolbarButton
          icon={<DismissRegular />}
          disabled={!dirty || save.isPending}
          onClick={() => {
            setDraft(null);
            save.reset();
          }}
        >
          Discard
        </ToolbarButton>
      </Toolbar>
      <ApiMessage error={jobs.error ?? schema.error ?? app.error} />
      <ApiMessage error={save.error} title="The mappings were not saved" />
      {saved && (
        <MessageBar intent="success">
          <MessageBarBody>The mappings were saved. The next cycle is a full one.</MessageBarBody>
        </MessageBar>
      )}
      {schema.isLoading && <Spinner label="Loading the mappings" />}
      {draft && !ref && <Text>This application has no object mapping {mappingId}.</Text>}
      {ref && (
        <>
          <div className={styles.section}>
            <dl className={styles.facts}>
              <dt>Name</dt>
              <dd>{ref.mapping.name}</dd>
              <dt>Source Object Scope</dt>
              <dd>
                <Link onClick={() => scopePanel.open()}>{scopeSummary(ref.mapping.scope?.groups)}</Link>
              </dd>
            </dl>
            <Field label="Enabled">
              <RadioGroup
                layout="horizontal"
                value={ref.mapping.enabled ? 'Yes' : 'No'}
                onChange={(_, d) => changeMapping((m) => ({ ...m, enabled: d.value === 'Yes' }))}
              >
                <Radio value="Yes" label="Yes" />
                <Radio value="No" label="No" />
              </RadioGroup>
            </Field>
            <div role="group" aria-labelledby={actionsId}>
              <Label id={actionsId}>Target Object Actions</Label>
              <div>
                {ACTIONS.map(({ flow, label }) => (
                  <Checkbox
                    key={flow}
                    label={label}
                    checked={flows.has(flow)}
                    onChange={(_, d) =>
                      changeMapping((m) => ({
                        ...m,
                        flowTypes: ACTIONS.filter((a) => (a.flow === flow ? d.checked === true : flowTypesOf(m.flowTypes).has(a.flow)))
                          .map((a) => a.flow)
                          .join(', '),
                      }))
                    }
                  />
                ))}
              </div>
            </div>
          </div>
          <Title3 as="h3">Attribute Mappings</Title3>
          <Table aria-label="Attribute Mappings" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Microsoft Entra ID Attribute</TableHeaderCell>
                <TableHeaderCell>{appName} Attribute</TableHeaderCell>
                <TableHeaderCell>Matching precedence</TableHeaderCell>
                <TableHeaderCell>Apply this mapping</TableHeaderCell>
                <TableHeaderCell>Edit</TableHeaderCell>
                <TableHeaderCell>Remove</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {ref.mapping.attributeMappings.map((a: AttributeMapping, i) => (
                <TableRow key={`${a.targetAttributeName}-${i}`} className={serverError?.index === i ? styles.flagged : undefined}>
                  <TableCell className={styles.code}>
                    {sourceText(a.source) || (a.defaultValue ? `Default: "${a.defaultValue}"` : '')}
                  </TableCell>
                  <TableCell className={styles.code}>{a.targetAttributeName}</TableCell>
                  <TableCell>{a.matchingPriority > 0 ? a.matchingPriority : ''}</TableCell>
                  <TableCell>{a.flowType === 'ObjectAddOnly' ? 'Only during object creation' : 'Always'}</TableCell>
                  <TableCell>
                    <Button
                      appearance="subtle"
                      icon={<EditRegular />}
                      aria-label={`Edit ${a.targetAttributeName}`}
                      onClick={() => editPanel.open(String(i))}
                    />
                  </TableCell>
                  <TableCell>
                    <Button
                      appearance="subtle"
                      icon={<DeleteRegular />}
                      aria-label={`Remove ${a.targetAttributeName}`}
                      disabled={ref.targetObject?.attributes.find((t) => t.name === a.targetAttributeName)?.required === true}
                      onClick={() => changeMapping((m) => removeAttributeMapping(m, i))}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <div className={styles.section}>
            <div>
              <Button icon={<AddRegular />} onClick={() => editPanel.open('new')}>
                Add New Mapping
              </Button>
            </div>
            <Checkbox label="Show advanced options" checked={advanced} onChange={(_, d) => setAdvanced(d.checked === true)} />
            {advanced && (
              <>
                <div>
                  <Button icon={<MathFormulaRegular />} onClick={() => builderPanel.open()}>
                    Expression builder
                  </Button>
                </div>
                <Title3 as="h3">Edit attribute list for {appName}</Title3>
                <AttributeListEditor
                  appName={appName}
                  attributes={ref.targetObject?.attributes ?? []}
                  mapped={new Set(ref.mapping.attributeMappings.map((a) => a.targetAttributeName))}
                  onChange={(attributes) => draft && change(withTargetAttributes(draft, mappingId, attributes))}
                />
              </>
            )}
          </div>
          {editing !== null && (editing === 'new' || ref.mapping.attributeMappings[editing]) && (
            <EditAttributeDialog
              key={editPanel.value}
              servicePrincipalId={servicePrincipalId}
              jobId={jobId}
              attribute={editing === 'new' ? undefined : ref.mapping.attributeMappings[editing]}
              nextPrecedence={Math.max(0, ...ref.mapping.attributeMappings.map((a) => a.matchingPriority)) + 1}
              sourceAttributes={sourceAttributes}
              targetAttributes={targetAttributes}
              serverError={serverError && serverError.index === editing ? serverError : undefined}
              onClose={editPanel.close}
              onApply={(attribute) => {
                changeMapping((m) => putAttributeMapping(m, editing === 'new' ? null : editing, attribute));
                editPanel.close();
              }}
            />
          )}
          {scopePanel.isOpen && (
            <ScopingFilterDialog
              groups={ref.mapping.scope?.groups ?? []}
              sourceAttributes={sourceAttributes}
              operators={operators.data?.value ?? []}
              onClose={scopePanel.close}
              onApply={(groups) => {
                changeMapping((m) => withScopeGroups(m, groups));
                scopePanel.close();
              }}
            />
          )}
          {builderPanel.isOpen && (
            <EditorDialog title="Expression builder" onClose={builderPanel.close}>
              <ExpressionBuilder
                servicePrincipalId={servicePrincipalId}
                jobId={jobId}
                value={builderText}
                onChange={setBuilderText}
                sourceAttributes={sourceAttributes}
              />
            </EditorDialog>
          )}
        </>
      )}
      {confirming && (
        <EditorDialog
          alert
          title="Save changes"
          primary="Yes"
          busy={save.isPending}
          onClose={() => setConfirming(false)}
          onPrimary={onSave}
        >
          {RESYNC_WARNING}
        </EditorDialog>
      )}
    </>
  );
}
