import { Tab, TabList, Text, Title2 } from '@fluentui/react-components';
import { useParams, useSearchParams } from 'react-router';
import { useTargetConnection, useTargetTenant } from '../../api/target';
import type { RouteHandle } from '../../route-handle';
import { ApiMessage } from '../../shell/ApiMessage';
import { FaultsTab } from './FaultsTab';
import { RequestLogTab } from './RequestLogTab';
import { StoredTab } from './StoredTab';
import { NotEntraNote, TargetConnectionCard } from './TargetConnection';

export const handle: RouteHandle = { crumb: 'SCIM target tenant' };

export const TENANT_TABS = [
  { value: 'users', label: 'Users' },
  { value: 'groups', label: 'Groups' },
  { value: 'requests', label: 'Request log' },
  { value: 'faults', label: 'Faults' },
] as const;
export type TenantTab = (typeof TENANT_TABS)[number]['value'];

/** The tab in the URL (`?tab=`), Users when absent or unknown. */
export function tenantTab(value: string | null): TenantTab {
  return TENANT_TABS.find((t) => t.value === value)?.value ?? 'users';
}

/** One SCIM target tenant: what it stores, the requests it received, its fault rules. The tab is in the URL. */
export function Component() {
  const name = useParams().name ?? '';
  const [params, setParams] = useSearchParams();
  const connection = useTargetConnection();
  const tenant = useTargetTenant(name);
  const tab = tenantTab(params.get('tab'));
  return (
    <>
      <Title2 as="h1">SCIM target tenant {name}</Title2>
      <NotEntraNote>What this application stores and was sent, and the faults it injects.</NotEntraNote>
      {!connection ? (
        <TargetConnectionCard />
      ) : (
        <>
          <ApiMessage error={tenant.error} />
          {tenant.data && (
            <Text>
              Profile {tenant.data.profile} · Tenant URL <Text font="monospace">{tenant.data.baseUrl}</Text>
            </Text>
          )}
          <TabList
            selectedValue={tab}
            onTabSelect={(_, data) => {
              // A tab keeps no other tab's parameters (filters, page, open entry).
              const next = new URLSearchParams();
              if (data.value !== 'users') next.set('tab', String(data.value));
              setParams(next);
            }}
          >
            {TENANT_TABS.map((t) => (
              <Tab key={t.value} value={t.value}>
                {t.label}
              </Tab>
            ))}
          </TabList>
          {tab === 'users' && <StoredTab name={name} type="Users" />}
          {tab === 'groups' && <StoredTab name={name} type="Groups" />}
          {tab === 'requests' && <RequestLogTab name={name} />}
          {tab === 'faults' && <FaultsTab name={name} />}
        </>
      )}
    </>
  );
}
