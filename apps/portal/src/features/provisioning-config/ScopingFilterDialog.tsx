import {
  Button,
  Caption1Strong,
  Card,
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
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { Fragment, useState } from 'react';
import type { FilterGroup, FilterOperatorSchema } from '../../api/sync';
import { EditorDialog } from './EditorDialog';
import { addClause, addGroup, removeClause, removeGroup, setClause, setGroupName } from './scope-edit';

const useStyles = makeStyles({
  surface: { maxWidth: '980px', width: '95vw' },
  groups: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  or: { alignSelf: 'center' },
});

/**
 * Source object scope (reference §1.6): scoping filters, each a titled group of clauses (Attribute Name, Operator,
 * Attribute Value) that must all hold; an object is in scope when any one filter holds. No filter: all records.
 */
export function ScopingFilterDialog({
  groups: initial,
  sourceAttributes,
  operators,
  onApply,
  onClose,
}: {
  groups: FilterGroup[];
  sourceAttributes: readonly string[];
  operators: readonly FilterOperatorSchema[];
  onApply: (groups: FilterGroup[]) => void;
  onClose: () => void;
}) {
  const styles = useStyles();
  const [groups, setGroups] = useState(initial);
  const unary = (name: string) => operators.find((o) => o.name === name)?.arity === 'Unary';
  return (
    <EditorDialog title="Source Object Scope" primary="Ok" className={styles.surface} onPrimary={() => onApply(groups)} onClose={onClose}>
      <div className={styles.groups}>
        <Text>
          Clauses in one scoping filter must all be true (AND); an object is in scope when any scoping filter is true (OR). Without a
          scoping filter, all records are in scope.
        </Text>
        {groups.map((group, g) => (
          <Fragment key={g}>
            {g > 0 && <Caption1Strong className={styles.or}>OR</Caption1Strong>}
            <Card aria-label={`Scoping filter ${g + 1}`}>
              <Field label="Scoping Filter Title">
                <Input value={group.name} onChange={(_, d) => setGroups(setGroupName(groups, g, d.value))} />
              </Field>
              <Table size="small" aria-label={`Clauses of scoping filter ${g + 1}`}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Attribute Name</TableHeaderCell>
                    <TableHeaderCell>Operator</TableHeaderCell>
                    <TableHeaderCell>Attribute Value</TableHeaderCell>
                    <TableHeaderCell>Remove</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {group.clauses.map((clause, c) => (
                    <TableRow key={c}>
                      <TableCell>
                        <Dropdown
                          aria-label="Attribute Name"
                          value={clause.sourceOperandName}
                          selectedOptions={[clause.sourceOperandName]}
                          onOptionSelect={(_, d) => setGroups(setClause(groups, g, c, { sourceOperandName: d.optionValue ?? '' }))}
                        >
                          {sourceAttributes.map((name) => (
                            <Option key={name}>{name}</Option>
                          ))}
                        </Dropdown>
                      </TableCell>
                      <TableCell>
                        <Dropdown
                          aria-label="Operator"
                          value={clause.operatorName}
                          selectedOptions={[clause.operatorName]}
                          onOptionSelect={(_, d) =>
                            setGroups(setClause(groups, g, c, { operatorName: d.optionValue ?? '' }, unary(d.optionValue ?? '')))
                          }
                        >
                          {operators.map((o) => (
                            <Option key={o.name}>{o.name}</Option>
                          ))}
                        </Dropdown>
                      </TableCell>
                      <TableCell>
                        <Input
                          aria-label="Attribute Value"
                          disabled={unary(clause.operatorName)}
                          value={clause.targetOperand?.values[0] ?? ''}
                          onChange={(_, d) => setGroups(setClause(groups, g, c, { value: d.value }))}
                        />
                      </TableCell>
                      <TableCell>
                        <Button
                          appearance="subtle"
                          icon={<DeleteRegular />}
                          aria-label={`Remove clause ${c + 1}`}
                          onClick={() => setGroups(removeClause(groups, g, c))}
                        />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              <div>
                <Button
                  icon={<AddRegular />}
                  onClick={() =>
                    setGroups(
                      addClause(
                        groups,
                        g,
                        sourceAttributes[0] ?? '',
                        operators.some((o) => o.name === 'EQUALS') ? 'EQUALS' : (operators[0]?.name ?? 'EQUALS'),
                      ),
                    )
                  }
                >
                  Add new scoping clause
                </Button>{' '}
                <Button icon={<DeleteRegular />} onClick={() => setGroups(removeGroup(groups, g))}>
                  Delete scoping filter
                </Button>
              </div>
            </Card>
          </Fragment>
        ))}
        <div>
          <Button icon={<AddRegular />} onClick={() => setGroups(addGroup(groups))}>
            Add scoping filter
          </Button>
        </div>
      </div>
    </EditorDialog>
  );
}
