import {
  Button,
  Checkbox,
  Dropdown,
  Field,
  Input,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { AttributeDefinition } from '../../api/sync';
import { newAttributeDefinition } from './schema-edit';

const TYPES: AttributeDefinition['type'][] = ['Binary', 'Boolean', 'DateTime', 'Integer', 'Reference', 'String'];
const FLAGS = [
  { key: 'anchor', label: 'Primary Key?' },
  { key: 'required', label: 'Required?' },
  { key: 'multivalued', label: 'Multi-value?' },
  { key: 'caseExact', label: 'Exact case?' },
] as const;

const useStyles = makeStyles({
  add: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', marginTop: tokens.spacingVerticalS },
});

/**
 * Edit attribute list for <app> (reference §1.4, advanced options): the target object's attributes with their
 * type and flags; add custom (extension) attributes, remove those no mapping uses.
 */
export function AttributeListEditor({
  appName,
  attributes,
  mapped,
  onChange,
}: {
  appName: string;
  attributes: AttributeDefinition[];
  /** Target attributes a mapping writes: they cannot be removed. */
  mapped: ReadonlySet<string>;
  onChange: (attributes: AttributeDefinition[]) => void;
}) {
  const styles = useStyles();
  const [name, setName] = useState('');
  const [type, setType] = useState<AttributeDefinition['type']>('String');
  const exists = attributes.some((a) => a.name.toLowerCase() === name.trim().toLowerCase());
  const update = (index: number, change: Partial<AttributeDefinition>) =>
    onChange(attributes.map((a, i) => (i === index ? { ...a, ...change } : a)));
  return (
    <section aria-label={`Edit attribute list for ${appName}`}>
      <Table size="small" aria-label={`Attribute list for ${appName}`}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell>Type</TableHeaderCell>
            {FLAGS.map((f) => (
              <TableHeaderCell key={f.key}>{f.label}</TableHeaderCell>
            ))}
            <TableHeaderCell>Remove</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {attributes.map((attribute, i) => (
            <TableRow key={attribute.name}>
              <TableCell>{attribute.name}</TableCell>
              <TableCell>{attribute.type}</TableCell>
              {FLAGS.map((f) => (
                <TableCell key={f.key}>
                  <Checkbox
                    aria-label={`${f.label} ${attribute.name}`}
                    checked={attribute[f.key] === true}
                    onChange={(_, d) => update(i, { [f.key]: d.checked === true })}
                  />
                </TableCell>
              ))}
              <TableCell>
                <Button
                  appearance="subtle"
                  icon={<DeleteRegular />}
                  aria-label={`Remove ${attribute.name}`}
                  disabled={attribute.required || mapped.has(attribute.name)}
                  onClick={() => onChange(attributes.filter((_, j) => j !== i))}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <div className={styles.add}>
        <Field
          label="New attribute name"
          validationState={exists ? 'error' : 'none'}
          validationMessage={exists ? 'This attribute exists.' : undefined}
        >
          <Input value={name} onChange={(_, d) => setName(d.value)} />
        </Field>
        <Field label="Type">
          <Dropdown
            value={type}
            selectedOptions={[type]}
            onOptionSelect={(_, d) => setType((d.optionValue as AttributeDefinition['type']) ?? 'String')}
          >
            {TYPES.map((t) => (
              <Option key={t}>{t}</Option>
            ))}
          </Dropdown>
        </Field>
        <Button
          icon={<AddRegular />}
          disabled={!name.trim() || exists}
          onClick={() => {
            onChange([...attributes, newAttributeDefinition(name.trim(), type)]);
            setName('');
          }}
        >
          Add attribute
        </Button>
      </div>
    </section>
  );
}
