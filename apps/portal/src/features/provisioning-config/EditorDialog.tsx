import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from '@fluentui/react-components';
import type { ReactNode } from 'react';

/**
 * The editors' dialogs: a title, the content, a primary button (none: only Close) and Cancel. `alert` makes it a
 * question that must be answered (restore defaults, a full re-sync).
 */
export function EditorDialog({
  title,
  children,
  primary,
  busy = false,
  alert = false,
  className,
  onPrimary,
  onClose,
}: {
  title: string;
  children: ReactNode;
  primary?: string;
  busy?: boolean;
  alert?: boolean;
  className?: string;
  onPrimary?: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog open modalType={alert ? 'alert' : 'modal'} onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface className={className}>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>{children}</DialogContent>
          <DialogActions>
            {primary && (
              <Button appearance="primary" disabled={busy} onClick={onPrimary}>
                {primary}
              </Button>
            )}
            <Button onClick={onClose}>{primary ? 'Cancel' : 'Close'}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** What the admin center says before saving mappings, scoping filters or the scope: the next cycle is a full one. */
export const RESYNC_WARNING =
  'Saving these changes restarts provisioning: the next cycle is a full (initial) cycle that evaluates every user and group in scope again, which can take longer than an incremental one.';
