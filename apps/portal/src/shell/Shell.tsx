import {
  Button,
  NavDrawer,
  NavDrawerBody,
  NavItem,
  NavSectionHeader,
  ToggleButton,
  Text,
  Tooltip,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  AppsRegular,
  ClipboardTaskListLtrRegular,
  ClockRegular,
  DocumentBulletListRegular,
  HomeRegular,
  PeopleTeamRegular,
  PersonRegular,
  SignOutRegular,
  WeatherMoonRegular,
} from '@fluentui/react-icons';
import { useQueryClient } from '@tanstack/react-query';
import { Fragment, Suspense, type ReactElement } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useOrganization } from '../api/directory';
import { signOut } from '../auth/session';
import { Breadcrumbs } from './Breadcrumbs';
import { ClockBar } from './ClockBar';
import { useTheme } from './theme';

const useStyles = makeStyles({
  root: { display: 'grid', gridTemplateRows: 'auto 1fr', gridTemplateColumns: 'auto 1fr', minHeight: '100vh' },
  top: {
    gridColumn: '1 / 3',
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    boxShadow: tokens.shadow4,
    flexWrap: 'wrap',
  },
  product: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorBrandForeground1 },
  tenant: { color: tokens.colorNeutralForeground2 },
  clock: {
    marginLeft: 'auto',
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  actions: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  nav: { minHeight: '100%' },
  main: {
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXXL}`,
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
});

interface Section {
  to: string;
  label: string;
  icon: ReactElement;
  /** The admin center's group this entry opens (a header above it). */
  header?: string;
}

/** The admin center's left navigation (its names: reference §1). */
export const NAVIGATION: Section[] = [
  { to: '/', label: 'Home', icon: <HomeRegular /> },
  { to: '/users', label: 'Users', icon: <PersonRegular /> },
  { to: '/groups', label: 'Groups', icon: <PeopleTeamRegular /> },
  { to: '/apps', label: 'Enterprise applications', icon: <AppsRegular /> },
  { to: '/audit', label: 'Audit logs', icon: <ClipboardTaskListLtrRegular />, header: 'Monitoring & health' },
  { to: '/logs', label: 'Provisioning logs', icon: <DocumentBulletListRegular /> },
  { to: '/simulator', label: 'Simulator', icon: <ClockRegular />, header: 'provsim' },
];

/** The section a path belongs to: the longest navigation entry it starts with. */
export function sectionOf(pathname: string): string {
  const matching = NAVIGATION.filter((s) => (s.to === '/' ? pathname === '/' : pathname === s.to || pathname.startsWith(`${s.to}/`)));
  return matching.sort((a, b) => b.to.length - a.to.length)[0]?.to ?? '/';
}

/** The admin-center frame around every signed-in view: top bar, left navigation, breadcrumbs. */
export function Shell() {
  const styles = useStyles();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const organization = useOrganization();
  const { mode, setMode } = useTheme();

  return (
    <div className={styles.root}>
      <header className={styles.top}>
        <Text className={styles.product} size={400}>
          Microsoft Entra admin center
        </Text>
        <Text className={styles.tenant} data-testid="tenant-name" title="Tenant (simulated by provsim)">
          {organization.data?.displayName ?? ''}
        </Text>
        <div className={styles.clock}>
          <ClockBar />
        </div>
        <div className={styles.actions}>
          <Tooltip content="Dark theme" relationship="label">
            <ToggleButton
              appearance="subtle"
              icon={<WeatherMoonRegular />}
              checked={mode === 'dark'}
              onClick={() => setMode(mode === 'dark' ? 'light' : 'dark')}
            />
          </Tooltip>
          <Tooltip content="Sign out (forgets the token in this tab)" relationship="description">
            <Button
              icon={<SignOutRegular />}
              onClick={() => {
                signOut();
                queryClient.clear();
                void navigate('/signin');
              }}
            >
              Sign out
            </Button>
          </Tooltip>
        </div>
      </header>
      <NavDrawer className={styles.nav} open type="inline" selectedValue={sectionOf(location.pathname)} aria-label="Navigation">
        <NavDrawerBody>
          <NavSectionHeader>Identity</NavSectionHeader>
          {NAVIGATION.map((section) => (
            <Fragment key={section.to}>
              {section.header && <NavSectionHeader>{section.header}</NavSectionHeader>}
              <NavItem
                value={section.to}
                icon={section.icon}
                href={`/portal${section.to}`}
                onClick={(event) => {
                  event.preventDefault();
                  void navigate(section.to);
                }}
              >
                {section.label}
              </NavItem>
            </Fragment>
          ))}
        </NavDrawerBody>
      </NavDrawer>
      <main className={styles.main}>
        <Breadcrumbs />
        <Suspense fallback={<Text>Loading…</Text>}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
