import {
  Button,
  Card,
  CardHeader,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Spinner,
  Text,
  Title2,
  Toolbar,
  ToolbarButton,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useApplicationTemplates, useInstantiate, type ApplicationTemplate } from '../../api/sync';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';
import { usePanel } from '../../shell/url-state';

export const handle: RouteHandle = { parent: { crumb: 'Enterprise applications', to: '/apps' }, crumb: 'Browse Microsoft Entra Gallery' };

const useStyles = makeStyles({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(280px, 1fr))',
    gap: tokens.spacingHorizontalL,
    marginTop: tokens.spacingVerticalM,
  },
  card: { cursor: 'pointer' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** The template behind "Create your own application" (non-gallery SCIM): the one without a publisher's gallery entry. */
export function isNonGallery(template: ApplicationTemplate): boolean {
  return template.displayName.toLowerCase() === 'custom';
}

function CreateDialog({ template, onClose }: { template: ApplicationTemplate; onClose: () => void }) {
  const styles = useStyles();
  const navigate = useNavigate();
  const create = useInstantiate();
  const [name, setName] = useState(isNonGallery(template) ? '' : template.displayName);
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate(
              { templateId: template.id, displayName: name.trim() },
              { onSuccess: (result) => void navigate(`/apps/${result.servicePrincipal.id}`, { replace: true }) },
            );
          }}
        >
          <DialogBody>
            <DialogTitle>{isNonGallery(template) ? 'Create your own application' : template.displayName}</DialogTitle>
            <DialogContent className={styles.form}>
              {template.description && <Text>{template.description}</Text>}
              <Field label="Name" required>
                <Input value={name} onChange={(_, d) => setName(d.value)} />
              </Field>
              <ApiMessage error={create.error} title="The application was not created" />
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={!name.trim() || create.isPending}>
                Create
              </Button>
              <Button onClick={onClose}>Cancel</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** Browse Microsoft Entra Gallery: the tenant's application templates (Kintone first), and "Create your own application". */
export function Component() {
  const styles = useStyles();
  const templates = useApplicationTemplates();
  const panel = usePanel('template');
  const gallery = (templates.data?.value ?? []).filter((t) => !isNonGallery(t));
  const own = templates.data?.value.find(isNonGallery);
  const chosen = templates.data?.value.find((t) => t.id === panel.value);
  return (
    <>
      <Title2 as="h1">Browse Microsoft Entra Gallery</Title2>
      <Toolbar aria-label="Gallery commands">
        <ToolbarButton icon={<AddRegular />} disabled={!own} onClick={() => own && panel.open(own.id)}>
          Create your own application
        </ToolbarButton>
      </Toolbar>
      <ApiMessage error={templates.error} />
      {templates.isLoading && <Spinner label="Loading the gallery" />}
      <div className={styles.grid}>
        {gallery.map((template) => (
          <Card key={template.id} className={styles.card} onClick={() => panel.open(template.id)} aria-label={template.displayName}>
            <CardHeader
              header={<Text weight="semibold">{template.displayName}</Text>}
              description={<Text size={200}>{template.publisher ?? ''}</Text>}
            />
            <Text size={200}>{template.description ?? ''}</Text>
          </Card>
        ))}
      </div>
      {chosen && <CreateDialog template={chosen} onClose={panel.close} />}
    </>
  );
}
