import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Caption1,
  Spinner,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useScimRequests, type ScimRequest } from '../../api/logs';
import { ApiMessage } from '../../shell/ApiMessage';

const useStyles = makeStyles({
  header: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', minWidth: 0 },
  url: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  body: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    backgroundColor: tokens.colorNeutralBackground3,
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    overflowX: 'auto',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    maxHeight: '320px',
    margin: `${tokens.spacingVerticalXS} 0 ${tokens.spacingVerticalM}`,
  },
  meta: { display: 'block', color: tokens.colorNeutralForeground3 },
});

/** A body as JSON pretty-printed (text as it came; "(none)" when there was none). */
export function prettyBody(body: unknown): string {
  if (body === null || body === undefined) return '(none)';
  if (typeof body === 'string') return body;
  return JSON.stringify(body, null, 2);
}

function statusColor(request: ScimRequest): 'success' | 'danger' | 'warning' {
  if (request.status === null || request.status >= 500 || request.error) return 'danger';
  if (request.status >= 400) return 'warning';
  return 'success';
}

function ScimRequestItem({ request }: { request: ScimRequest }) {
  const styles = useStyles();
  const headers = Object.entries(request.requestHeaders ?? {})
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
  return (
    <AccordionItem value={request.sequence}>
      <AccordionHeader>
        <span className={styles.header} data-testid="scim-request-header">
          <Badge appearance="outline">{request.method}</Badge>
          <Badge appearance="tint" color={statusColor(request)}>
            {request.status ?? 'no answer'}
          </Badge>
          <Text className={styles.url}>{request.url}</Text>
          <Caption1>{request.durationMs} ms</Caption1>
        </span>
      </AccordionHeader>
      <AccordionPanel>
        <Caption1 className={styles.meta}>
          #{request.sequence} · started {request.startedDateTime} (simulated clock)
        </Caption1>
        {request.error && <Text weight="semibold">Error: {request.error}</Text>}
        <Subtitle2 as="h4">Request headers</Subtitle2>
        <pre className={styles.body} tabIndex={0}>
          {headers || '(none)'}
        </pre>
        <Subtitle2 as="h4">Request body</Subtitle2>
        <pre className={styles.body} tabIndex={0} data-testid="scim-request-body">
          {prettyBody(request.requestBody)}
        </pre>
        <Subtitle2 as="h4">Response body</Subtitle2>
        <pre className={styles.body} tabIndex={0} data-testid="scim-response-body">
          {prettyBody(request.responseBody)}
        </pre>
      </AccordionPanel>
    </AccordionItem>
  );
}

/**
 * The SCIM requests the provisioning service sent for one provisioning-log entry, in order, with what came back
 * (a provsim extension: Entra shows no SCIM traffic). Used by the logs' details pane and by Provision on demand.
 */
export function ScimRequestsList({ logId }: { logId: string }) {
  const requests = useScimRequests(logId);
  if (requests.isPending) return <Spinner size="tiny" label="Loading SCIM requests" />;
  if (requests.error) return <ApiMessage error={requests.error} title="The SCIM requests could not be read" />;
  const value = requests.data ?? [];
  if (value.length === 0) return <Text>No SCIM request was sent for this object.</Text>;
  return (
    <Accordion multiple collapsible defaultOpenItems={value.map((r) => r.sequence)} aria-label="SCIM requests">
      {value.map((request) => (
        <ScimRequestItem key={request.sequence} request={request} />
      ))}
    </Accordion>
  );
}
