import { Link, Text, Title3, makeStyles, tokens } from '@fluentui/react-components';
import { useNavigate, useParams } from 'react-router';
import { useServicePrincipal } from '../../api/sync';
import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Overview' };

const useStyles = makeStyles({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalXXL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  start: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalXL },
});

/** The app's Overview: its properties, and the "Getting started" steps that matter for provisioning. */
export function Component() {
  const styles = useStyles();
  const { servicePrincipalId = '' } = useParams();
  const app = useServicePrincipal(servicePrincipalId);
  const navigate = useNavigate();
  const go = (path: string) => (event: React.MouseEvent) => {
    event.preventDefault();
    void navigate(`/apps/${servicePrincipalId}/${path}`);
  };
  const sp = app.data;
  return (
    <>
      <Title3 as="h2">Properties</Title3>
      {sp && (
        <dl className={styles.facts}>
          <dt>Name</dt>
          <dd>{sp.displayName}</dd>
          <dt>Application ID</dt>
          <dd>
            <code>{sp.appId}</code>
          </dd>
          <dt>Object ID</dt>
          <dd>
            <code>{sp.id}</code>
          </dd>
          <dt>Assignment required?</dt>
          <dd>{sp.appRoleAssignmentRequired ? 'Yes' : 'No'}</dd>
          <dt>App roles</dt>
          <dd>{sp.appRoles.map((r) => r.displayName).join(', ') || 'Default Access'}</dd>
        </dl>
      )}
      <div className={styles.start}>
        <Title3 as="h2">Getting Started</Title3>
        <Text>
          1.{' '}
          <Link href={`/portal/apps/${servicePrincipalId}/users-and-groups`} onClick={go('users-and-groups')}>
            Assign users and groups
          </Link>
          : provisioning only syncs assigned users and groups (unless the scope is all users and groups).
        </Text>
        <Text>
          2.{' '}
          <Link href={`/portal/apps/${servicePrincipalId}/provisioning`} onClick={go('provisioning')}>
            Provision User Accounts
          </Link>
          : start provisioning and watch the initial cycle.
        </Text>
      </div>
    </>
  );
}
