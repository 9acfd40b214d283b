import {
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Option,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Toolbar,
  ToolbarButton,
} from '@fluentui/react-components';
import { AddRegular, ArrowClockwiseRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';

/** The pieces the SCIM target views share: a list's toolbar, its table, a dialog, a filter. */

export function ListToolbar({ addLabel, onAdd, onRefresh }: { addLabel?: string; onAdd?: () => void; onRefresh: () => void }) {
  return (
    <Toolbar>
      {addLabel && (
        <ToolbarButton icon={<AddRegular />} onClick={onAdd}>
          {addLabel}
        </ToolbarButton>
      )}
      <ToolbarButton icon={<ArrowClockwiseRegular />} onClick={onRefresh}>
        Refresh
      </ToolbarButton>
    </Toolbar>
  );
}

/** A table with its header; `empty` (when the list loaded and has no row) is said in one row. */
export function ListTable({ label, columns, empty, children }: { label: string; columns: string[]; empty?: string; children: ReactNode }) {
  return (
    <Table aria-label={label}>
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

/** A modal dialog; with `onSubmit` its content is a form (Enter submits). */
export function SimDialog({
  title,
  onClose,
  onSubmit,
  actions,
  children,
}: {
  title: string;
  onClose: () => void;
  onSubmit?: () => void;
  actions: ReactNode;
  children: ReactNode;
}) {
  const body = (
    <DialogBody>
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>{children}</DialogContent>
      <DialogActions>{actions}</DialogActions>
    </DialogBody>
  );
  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface>
        {onSubmit ? (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              onSubmit();
            }}
          >
            {body}
          </form>
        ) : (
          body
        )}
      </DialogSurface>
    </Dialog>
  );
}

/** A choice among `options` (value → label); the empty value is "All". */
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
  return (
    <Field label={label}>
      <Dropdown
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
