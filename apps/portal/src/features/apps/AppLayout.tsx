import { Tab, TabList, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { Outlet, useLocation, useNavigate, useParams, type UIMatch } from 'react-router';
import { useServicePrincipal } from '../../api/sync';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';

function AppCrumb({ id }: { id: string }) {
  const app = useServicePrincipal(id);
  return <>{app.data?.displayName ?? 'Application'}</>;
}

export const handle: RouteHandle = {
  parent: { crumb: 'Enterprise applications', to: '/apps' },
  crumb: (match: UIMatch) => <AppCrumb id={match.params.servicePrincipalId ?? ''} />,
};

/**
 * The app's blade menu, as the admin center orders it (Overview; Manage: Users and groups, Provisioning; Activity:
 * Provisioning logs, Audit logs).
 */
export const APP_SECTIONS = [
  { path: '', label: 'Overview' },
  { path: 'users-and-groups', label: 'Users and groups' },
  { path: 'provisioning', label: 'Provisioning' },
  { path: 'provision-on-demand', label: 'Provision on demand' },
  { path: 'provisioning-logs', label: 'Provisioning logs' },
  { path: 'audit-logs', label: 'Audit logs' },
  // provsim's own (not part of Entra): what the next cycle would do, and the target set against the source.
  { path: 'preview', label: 'Preview next cycle' },
  { path: 'drift', label: 'Drift' },
] as const;

const useStyles = makeStyles({
  head: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginBottom: tokens.spacingVerticalM },
});

export function Component() {
  const styles = useStyles();
  const { servicePrincipalId = '' } = useParams();
  const app = useServicePrincipal(servicePrincipalId);
  const navigate = useNavigate();
  const location = useLocation();
  const base = `/apps/${servicePrincipalId}`;
  const rest = location.pathname
    .replace(/^\/portal/, '')
    .slice(base.length)
    .replace(/^\//, '')
    .split('/')[0];
  return (
    <>
      <div className={styles.head}>
        <Title2 as="h1">{app.data?.displayName ?? 'Application'}</Title2>
        <TabList
          selectedValue={rest}
          onTabSelect={(_, d) => void navigate(d.value ? `${base}/${String(d.value)}` : base)}
          aria-label="Application"
        >
          {APP_SECTIONS.map((section) => (
            <Tab key={section.path} value={section.path}>
              {section.label}
            </Tab>
          ))}
        </TabList>
      </div>
      <ApiMessage error={app.error} />
      <Outlet />
    </>
  );
}
