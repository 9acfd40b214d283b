import {
  Badge,
  Card,
  Link,
  CardHeader,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Subtitle1,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import { useSimClock } from '../../api/directory';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';
import { describeMode, formatSimTime } from '../../shell/ClockBar';
import { NotEntraNote, TargetConnectionCard } from './TargetConnection';

export const handle: RouteHandle = { crumb: 'Simulator' };

interface OutboxEntry {
  id: string;
  at: string;
  kind: string;
  recipients: string[];
  subject: string;
  status: string;
  error: string | null;
}

const useStyles = makeStyles({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalXXL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
});

/**
 * What Entra never shows: the simulated clock (mode, now, advance, acceleration) and the notification emails the
 * provisioning service sent (GET /sim/outbox).
 */
export function Component() {
  const styles = useStyles();
  const navigate = useNavigate();
  const clock = useSimClock();
  const outbox = useQuery({
    queryKey: ['sim', 'outbox'],
    queryFn: ({ signal }) => api<{ value: OutboxEntry[] }>('/sim/outbox?top=50', { signal }),
  });
  return (
    <>
      <Title2 as="h1">Simulator</Title2>
      <Card>
        <CardHeader header={<Subtitle1 as="h2">Simulated clock</Subtitle1>} />
        <dl className={styles.facts}>
          <dt>
            <Text weight="semibold">Now</Text>
          </dt>
          <dd>{clock.data ? formatSimTime(clock.data.now) : '…'}</dd>
          <dt>
            <Text weight="semibold">Mode</Text>
          </dt>
          <dd>{clock.data ? describeMode(clock.data.mode) : '…'}</dd>
        </dl>
        <Text>
          Provisioning cycles run every 40 simulated minutes; advancing the clock runs the cycles that became due before it answers. The
          mode is set at start with PROVSIM_CLOCK (real, manual, accelerated:&lt;factor&gt;).
        </Text>
        <Text>Advance it, or change an accelerated clock's speed, from the clock in the top bar.</Text>
      </Card>
      <NotEntraNote>
        Its tenants, what each stores, the requests it received and the faults it injects:{' '}
        <Link
          href="/portal/simulator/targets"
          onClick={(event) => {
            event.preventDefault();
            void navigate('/simulator/targets');
          }}
        >
          SCIM target tenants
        </Link>
        .
      </NotEntraNote>
      <TargetConnectionCard />
      <Subtitle1 as="h2">Notification emails</Subtitle1>
      <ApiMessage error={outbox.error ?? clock.error} />
      <Table aria-label="Notification emails">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Date (simulated)</TableHeaderCell>
            <TableHeaderCell>Subject</TableHeaderCell>
            <TableHeaderCell>Recipients</TableHeaderCell>
            <TableHeaderCell>Status</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {(outbox.data?.value ?? []).map((mail) => (
            <TableRow key={mail.id}>
              <TableCell>{formatSimTime(mail.at)}</TableCell>
              <TableCell>{mail.subject}</TableCell>
              <TableCell>{mail.recipients.join(', ')}</TableCell>
              <TableCell>
                <Badge appearance="tint" color={mail.status === 'sent' ? 'success' : mail.status === 'failed' ? 'danger' : 'informative'}>
                  {mail.status}
                </Badge>
                {mail.error ? ` ${mail.error}` : ''}
              </TableCell>
            </TableRow>
          ))}
          {outbox.data && outbox.data.value.length === 0 && (
            <TableRow>
              <TableCell colSpan={4}>No notification email yet.</TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </>
  );
}
