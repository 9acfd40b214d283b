import { Dropdown, Field, Input, Option, Radio, RadioGroup, SpinButton, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { AttributeMapping } from '../../api/sync';
import { EditorDialog } from './EditorDialog';
import { ExpressionBuilder } from './ExpressionBuilder';
import { attributeMappingOf, formOf, formProblems, type AttributeForm, type MappingType } from './schema-edit';

const useStyles = makeStyles({
  surface: { maxWidth: '760px', width: '90vw' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

const MAPPING_TYPES: MappingType[] = ['Direct', 'Constant', 'Expression', 'None'];

function Choice({
  label,
  value,
  options,
  onSelect,
}: {
  label: string;
  value: string;
  options: readonly string[];
  onSelect: (v: string) => void;
}) {
  return (
    <Dropdown
      aria-label={label}
      value={value}
      selectedOptions={value ? [value] : []}
      onOptionSelect={(_, d) => onSelect(d.optionValue ?? '')}
    >
      {options.map((name) => (
        <Option key={name} value={name}>
          {name}
        </Option>
      ))}
    </Dropdown>
  );
}

/**
 * Edit attribute (reference §1.4): mapping type, source attribute / constant / expression (with the expression
 * builder), default value if null, target attribute, matching, and when the mapping applies. `serverError` is the
 * API's answer to the last save, put on the field it concerns.
 */
export function EditAttributeDialog({
  servicePrincipalId,
  jobId,
  attribute,
  nextPrecedence,
  sourceAttributes,
  targetAttributes,
  serverError,
  onApply,
  onClose,
}: {
  servicePrincipalId: string;
  jobId: string | undefined;
  /** The mapping edited; undefined for Add New Mapping. */
  attribute: AttributeMapping | undefined;
  nextPrecedence: number;
  sourceAttributes: readonly string[];
  targetAttributes: readonly string[];
  serverError?: { field: keyof AttributeForm; message: string };
  onApply: (attribute: AttributeMapping) => void;
  onClose: () => void;
}) {
  const styles = useStyles();
  const [form, setForm] = useState<AttributeForm>(() => formOf(attribute, nextPrecedence));
  const [tried, setTried] = useState(false);
  const set = (change: Partial<AttributeForm>) => setForm((f) => ({ ...f, ...change }));
  const problems = tried ? formProblems(form) : {};
  // A source problem from the API lands on the source field the mapping type shows.
  const sourceField: keyof AttributeForm =
    form.mappingType === 'Direct' ? 'sourceAttribute' : form.mappingType === 'Constant' ? 'constantValue' : 'expression';
  const messageFor = (field: keyof AttributeForm) =>
    problems[field] ??
    (serverError && (serverError.field === field || (serverError.field === 'expression' && field === sourceField))
      ? serverError.message
      : undefined);
  const state = (field: keyof AttributeForm) => (messageFor(field) ? 'error' : 'none');

  // Source and Target attribute: a required choice among a schema object's attributes.
  const attributeField = (label: string, field: 'sourceAttribute' | 'targetAttribute', options: readonly string[]) => (
    <Field label={label} required validationState={state(field)} validationMessage={messageFor(field)}>
      <Choice label={label} value={form[field]} options={options} onSelect={(v) => set({ [field]: v })} />
    </Field>
  );
  const apply = () => {
    setTried(true);
    if (Object.keys(formProblems(form)).length === 0) onApply(attributeMappingOf(form, attribute));
  };
  return (
    <EditorDialog title="Edit attribute" primary="Ok" className={styles.surface} onPrimary={apply} onClose={onClose}>
      <div className={styles.form}>
        <Field label="Mapping type">
          <Choice
            label="Mapping type"
            value={form.mappingType}
            options={MAPPING_TYPES}
            onSelect={(v) => set({ mappingType: v as MappingType })}
          />
        </Field>
        {form.mappingType === 'Direct' && attributeField('Source attribute', 'sourceAttribute', sourceAttributes)}
        {form.mappingType === 'Constant' && (
          <Field label="Constant Value" validationState={state('constantValue')} validationMessage={messageFor('constantValue')}>
            <Input value={form.constantValue} onChange={(_, d) => set({ constantValue: d.value })} />
          </Field>
        )}
        {form.mappingType === 'Expression' && (
          <ExpressionBuilder
            servicePrincipalId={servicePrincipalId}
            jobId={jobId}
            value={form.expression}
            onChange={(expression) => set({ expression })}
            sourceAttributes={sourceAttributes}
            error={messageFor('expression')}
          />
        )}
        {form.mappingType !== 'Constant' && (
          <Field
            label="Default value if null (optional)"
            hint="Used only when the user is created."
            validationState={state('defaultValue')}
            validationMessage={messageFor('defaultValue')}
          >
            <Input value={form.defaultValue} onChange={(_, d) => set({ defaultValue: d.value })} />
          </Field>
        )}
        {attributeField('Target attribute', 'targetAttribute', targetAttributes)}
        <Field label="Match objects using this attribute">
          <RadioGroup layout="horizontal" value={form.matching ? 'Yes' : 'No'} onChange={(_, d) => set({ matching: d.value === 'Yes' })}>
            <Radio value="Yes" label="Yes" />
            <Radio value="No" label="No" />
          </RadioGroup>
        </Field>
        <Field
          label="Matching precedence"
          validationState={state('matchingPrecedence')}
          validationMessage={messageFor('matchingPrecedence')}
        >
          <SpinButton
            min={1}
            disabled={!form.matching}
            value={form.matchingPrecedence}
            onChange={(_, d) => set({ matchingPrecedence: d.value ?? Number(d.displayValue) })}
          />
        </Field>
        <Field label="Apply this mapping">
          <RadioGroup value={form.flowType} onChange={(_, d) => set({ flowType: d.value as AttributeForm['flowType'] })}>
            <Radio value="Always" label="Always" />
            <Radio value="ObjectAddOnly" label="Only during object creation" />
          </RadioGroup>
        </Field>
      </div>
    </EditorDialog>
  );
}
