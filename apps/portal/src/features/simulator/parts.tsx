import {
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Toolbar,
  ToolbarButton,
} from '@fluentui/react-components';
import { AddRegular, ArrowClockwiseRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';

/** The pieces the SCIM target views share: a list's toolbar and a dialog (tables and filters: shell/ListTable.tsx). */

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
