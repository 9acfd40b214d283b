import {
  Button,
  Card,
  CardHeader,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Subtitle1,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { checkTargetConnection, useTargetConnection } from '../../api/target';
import { setTargetConnection, targetRoot } from '../../auth/session';
import { ApiMessage } from '../../shell/ApiMessage';

const useStyles = makeStyles({
  form: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  url: { minWidth: '280px' },
});

/** The mark every Simulator view of the SCIM target carries. */
export function NotEntraNote({ children }: { children?: React.ReactNode }) {
  return (
    <MessageBar intent="info">
      <MessageBarBody>
        provsim — not part of Entra. {children ?? 'The SCIM target is provsim’s stand-in for the application Entra provisions into.'}
      </MessageBarBody>
    </MessageBar>
  );
}

/**
 * Connect the SCIM target's admin API (its URL and admin token, both printed by npm start, and carried by its
 * sign-in link) or disconnect it. The token is checked against the admin API before it is kept for this tab.
 */
export function TargetConnectionCard() {
  const styles = useStyles();
  const connection = useTargetConnection();
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const connect = useMutation({
    mutationFn: async () => {
      const candidate = { url: targetRoot(url), token: token.trim() };
      await checkTargetConnection(candidate);
      return candidate;
    },
    onSuccess: (candidate) => {
      setTargetConnection(candidate);
      setToken('');
    },
  });
  return (
    <Card>
      <CardHeader header={<Subtitle1 as="h2">SCIM target (provsim)</Subtitle1>} />
      {connection ? (
        <div className={styles.form}>
          <Text>
            Connected to <Text font="monospace">{connection.url}/admin</Text> for this browser tab.
          </Text>
          <Button onClick={() => setTargetConnection(null)}>Disconnect</Button>
        </div>
      ) : (
        <form
          className={styles.form}
          onSubmit={(event) => {
            event.preventDefault();
            connect.mutate();
          }}
        >
          <Field label="Admin API URL" hint="npm start prints it under “SCIM target”, e.g. http://127.0.0.1:3001/admin/tenants.">
            <Input className={styles.url} value={url} onChange={(_, data) => setUrl(data.value)} />
          </Field>
          <Field label="Admin token">
            <Input type="password" value={token} onChange={(_, data) => setToken(data.value)} autoComplete="off" />
          </Field>
          <Button type="submit" appearance="primary" disabled={connect.isPending || !url.trim() || !token.trim()}>
            Connect
          </Button>
        </form>
      )}
      <ApiMessage error={connect.error} title="The SCIM target refused the connection" />
    </Card>
  );
}
