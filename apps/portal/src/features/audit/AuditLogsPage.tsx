import { Text, Title2 } from '@fluentui/react-components';
import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Audit logs' };

/** Placeholder: this view is being built (see issue 14); the route is wired so its pieces land independently. */
export function Component() {
  return (
    <>
      <Title2 as="h1">Audit logs</Title2>
      <Text>Not available yet.</Text>
    </>
  );
}
