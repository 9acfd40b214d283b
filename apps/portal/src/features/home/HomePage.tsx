import { Card, CardHeader, Link, Skeleton, SkeletonItem, Text, Title2, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { useNavigate } from 'react-router';
import { useDirectoryCounts, useOrganization } from '../../api/directory';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';

export const handle: RouteHandle = { crumb: 'Home' };

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: tokens.spacingHorizontalL },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalXXL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  count: { fontSize: tokens.fontSizeHero700, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightHero700 },
});

/** The tenant overview: the organization's name, id and domain, and how many users, groups and apps it holds. */
export function Component() {
  const styles = useStyles();
  const navigate = useNavigate();
  const organization = useOrganization();
  const counts = useDirectoryCounts();
  const org = organization.data;
  const primary = org?.verifiedDomains?.find((d) => d.isDefault)?.name ?? org?.verifiedDomains?.[0]?.name;
  const tiles = [
    { label: 'Users', value: counts.data?.users, to: '/users' },
    { label: 'Groups', value: counts.data?.groups, to: '/groups' },
    { label: 'Enterprise applications', value: counts.data?.apps, to: '/apps' },
  ];
  return (
    <>
      <Title2 as="h1">Overview</Title2>
      <ApiMessage error={organization.error ?? counts.error} />
      <Card>
        <CardHeader header={<Subtitle1 as="h2">Basic information</Subtitle1>} />
        <dl className={styles.facts}>
          <dt>
            <Text weight="semibold">Name</Text>
          </dt>
          <dd data-testid="org-name">{org?.displayName ?? '…'}</dd>
          <dt>
            <Text weight="semibold">Tenant ID</Text>
          </dt>
          <dd>
            <code>{org?.id ?? '…'}</code>
          </dd>
          <dt>
            <Text weight="semibold">Primary domain</Text>
          </dt>
          <dd>{primary ?? '…'}</dd>
          <dt>
            <Text weight="semibold">License</Text>
          </dt>
          <dd>Simulated tenant ({org?.tenantType ?? 'AAD'})</dd>
        </dl>
      </Card>
      <div className={styles.grid}>
        {tiles.map((tile) => (
          <Card key={tile.label}>
            <CardHeader header={<Subtitle1 as="h2">{tile.label}</Subtitle1>} />
            {tile.value === undefined ? (
              <Skeleton aria-label={`Counting ${tile.label}`}>
                <SkeletonItem size={32} />
              </Skeleton>
            ) : (
              <Text className={styles.count}>{tile.value.toLocaleString()}</Text>
            )}
            <Link
              href={`/portal${tile.to}`}
              onClick={(event) => {
                event.preventDefault();
                void navigate(tile.to);
              }}
            >
              Manage {tile.label.toLowerCase()}
            </Link>
          </Card>
        ))}
      </div>
    </>
  );
}
