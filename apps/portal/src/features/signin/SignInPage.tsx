import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Card,
  CardHeader,
  Field,
  Input,
  Tab,
  TabList,
  Text,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { checkTargetConnection } from '../../api/target';
import { setTargetConnection, setToken, targetRoot, type TargetConnection } from '../../auth/session';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';

export const handle: RouteHandle = { crumb: 'Sign in' };

const useStyles = makeStyles({
  page: { display: 'flex', justifyContent: 'center', padding: tokens.spacingVerticalXXXL },
  card: { width: '440px', maxWidth: '100%' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** Where to go after signing in: a path inside the portal only (never another origin). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : '/';
}

/** Checks a token against the API before keeping it: a wrong one is refused here, with the API's message. */
async function verify(token: string): Promise<void> {
  const response = await fetch('/v1.0/organization?$select=id', {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
  });
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    throw new ApiError(
      response.status,
      body?.error?.code ?? String(response.status),
      body?.error?.message ?? `HTTP ${response.status}`,
      body,
    );
  }
}

/** Client credentials through the tenant's token endpoint (the secret goes in the form body, never in a URL). */
export async function tokenFromClientCredentials(tenant: string, clientId: string, clientSecret: string): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
    scope: 'https://graph.microsoft.com/.default',
  });
  const response = await fetch(`/${encodeURIComponent(tenant)}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body: form.toString(),
  });
  const body = await response.json().catch(() => null);
  if (!response.ok || typeof body?.access_token !== 'string') {
    throw new ApiError(response.status, body?.error ?? String(response.status), body?.error_description ?? `HTTP ${response.status}`, body);
  }
  return body.access_token as string;
}

/**
 * Sign in with the admin token (the start banner prints it, and a link that signs in at once), or with the built-in
 * app's client id and secret (a JWT from the token endpoint, valid for ENTRA_TOKEN_LIFETIME_SECONDS). The method
 * shown is in the URL (`?method=client`).
 */
export function Component() {
  const styles = useStyles();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const method = params.get('method') === 'client' ? 'client' : 'token';
  const [adminToken, setAdminToken] = useState('');
  const [tenant, setTenant] = useState('provsim.onmicrosoft.com');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [targetUrl, setTargetUrl] = useState('');
  const [targetToken, setTargetToken] = useState('');
  const signIn = useMutation({
    mutationFn: async () => {
      const token = method === 'token' ? adminToken.trim() : await tokenFromClientCredentials(tenant.trim(), clientId.trim(), clientSecret);
      await verify(token);
      // The SCIM target is optional; when given, it must answer with its token too (else nothing is kept).
      const target: TargetConnection | null =
        targetUrl.trim() && targetToken.trim() ? { url: targetRoot(targetUrl), token: targetToken.trim() } : null;
      if (target) await checkTargetConnection(target);
      return { token, target };
    },
    onSuccess: ({ token, target }) => {
      setToken(token);
      if (target) setTargetConnection(target);
      void navigate(safeNext(params.get('next')), { replace: true });
    },
  });

  return (
    <main className={styles.page}>
      <Card className={styles.card}>
        <CardHeader
          header={<Title2 as="h1">Sign in to provsim</Title2>}
          description={<Text>The simulated Microsoft Entra admin center. The token stays in this browser tab only.</Text>}
        />
        <TabList
          selectedValue={method}
          onTabSelect={(_, data) => {
            const next = new URLSearchParams(params);
            if (data.value === 'client') next.set('method', 'client');
            else next.delete('method');
            setParams(next, { replace: true });
            signIn.reset();
          }}
        >
          <Tab value="token">Admin token</Tab>
          <Tab value="client">Client credentials</Tab>
        </TabList>
        <form
          className={styles.form}
          onSubmit={(event) => {
            event.preventDefault();
            signIn.mutate();
          }}
        >
          {method === 'token' ? (
            <Field label="Admin token" required hint="Printed by npm start after “Authorization: Bearer” (ENTRA_ADMIN_TOKEN).">
              <Input type="password" value={adminToken} onChange={(_, data) => setAdminToken(data.value)} autoComplete="off" />
            </Field>
          ) : (
            <>
              <Field label="Tenant (directory) id or domain" required>
                <Input value={tenant} onChange={(_, data) => setTenant(data.value)} />
              </Field>
              <Field label="Client id" required hint="The “client_id” npm start prints under Token endpoint.">
                <Input value={clientId} onChange={(_, data) => setClientId(data.value)} autoComplete="off" />
              </Field>
              <Field label="Client secret" required>
                <Input type="password" value={clientSecret} onChange={(_, data) => setClientSecret(data.value)} autoComplete="off" />
              </Field>
            </>
          )}
          <Accordion collapsible>
            <AccordionItem value="target">
              <AccordionHeader>SCIM target (provsim)</AccordionHeader>
              <AccordionPanel className={styles.form}>
                <Text>Optional, for the Simulator area (not part of Entra): the SCIM target's admin API, as npm start prints it.</Text>
                <Field label="SCIM target admin API URL">
                  <Input
                    value={targetUrl}
                    onChange={(_, data) => setTargetUrl(data.value)}
                    placeholder="http://127.0.0.1:3001/admin/tenants"
                  />
                </Field>
                <Field label="SCIM target admin token">
                  <Input type="password" value={targetToken} onChange={(_, data) => setTargetToken(data.value)} autoComplete="off" />
                </Field>
              </AccordionPanel>
            </AccordionItem>
          </Accordion>
          <ApiMessage error={signIn.error} title="Sign-in failed" />
          <Button
            type="submit"
            appearance="primary"
            disabled={signIn.isPending || (method === 'token' ? !adminToken.trim() : !clientId.trim() || !clientSecret)}
          >
            Sign in
          </Button>
        </form>
      </Card>
    </main>
  );
}
