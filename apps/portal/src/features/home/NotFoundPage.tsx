import { Link, Text, Title2 } from '@fluentui/react-components';
import { useLocation, useNavigate } from 'react-router';
import type { RouteHandle } from '../../route-handle';

export const handle: RouteHandle = { crumb: 'Not found' };

export function Component() {
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <>
      <Title2 as="h1">Not found</Title2>
      <Text>
        The portal has no page at <code>{location.pathname}</code>.{' '}
        <Link
          href="/portal/"
          onClick={(event) => {
            event.preventDefault();
            void navigate('/');
          }}
        >
          Go to Home
        </Link>
      </Text>
    </>
  );
}
