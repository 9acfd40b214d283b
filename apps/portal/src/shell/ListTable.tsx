import {
  Dropdown,
  Field,
  Option,
  SearchBox,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  dropdown: { minWidth: '150px' },
  search: { minWidth: '240px' },
  filters: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    alignItems: 'flex-end',
    flexWrap: 'wrap',
    margin: `${tokens.spacingVerticalS} 0`,
  },
});

/** The "All" choice of a filter (the empty value: no filter). */
export const ALL_OPTION = ['', 'All'] as const;

/** A list's table: its column headers, then its rows; `empty` (said when the list loaded with no row) in one row. */
export function ListTable({
  label,
  columns,
  empty,
  className,
  children,
}: {
  label: string;
  columns: readonly string[];
  empty?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <Table className={className} aria-label={label}>
      <TableHeader>
        <TableRow>
          {columns.map((c) => (
            <TableHeaderCell key={c}>{c}</TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {children}
        {empty && (
          <TableRow>
            <TableCell colSpan={columns.length}>{empty}</TableCell>
          </TableRow>
        )}
      </TableBody>
    </Table>
  );
}

/** A list's filter: a choice among `options` (value → label; ALL_OPTION's empty value is no filter). */
export function FilterDropdown({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: ReadonlyArray<readonly [string, string]>;
  onChange: (value: string) => void;
}) {
  const styles = useStyles();
  return (
    <Field label={label}>
      <Dropdown
        className={styles.dropdown}
        value={options.find(([v]) => v === value)?.[1] ?? value}
        selectedOptions={[value]}
        onOptionSelect={(_, data) => onChange(data.optionValue ?? '')}
      >
        {options.map(([v, text]) => (
          <Option key={v} value={v}>
            {text}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}

/** A list's typed filter: a search box (its value applied once typing pauses, see useTypedFilter). */
export function SearchFilter({
  label,
  placeholder,
  value,
  onChange,
}: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const styles = useStyles();
  return (
    <Field label={label}>
      <SearchBox className={styles.search} placeholder={placeholder} value={value} onChange={(_, data) => onChange(data.value)} />
    </Field>
  );
}

/** A list's filters, side by side above it. */
export function FilterBar({ children }: { children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.filters} role="group" aria-label="Filters">
      {children}
    </div>
  );
}
