import { getProfile } from '@app/scim';
import { allowedMethods, routeRefusal } from './scim-routes';
import { MethodNotAllowedError } from '../http/scim-errors';

describe('allowedMethods (the Allow header of a 405)', () => {
  const generic = getProfile('generic');
  const kintone = getProfile('kintone');
  const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

  it.each([
    ['/Users', ['GET', 'POST']],
    ['/Groups', ['GET', 'POST']],
    ['/Users/2819c223-7f76-453a-919d-413861904646', ['GET', 'PUT', 'PATCH', 'DELETE']],
    ['/Groups/anything', ['GET', 'PUT', 'PATCH', 'DELETE']],
    ['/ServiceProviderConfig', ['GET']],
    ['/Schemas', ['GET']],
    [`/Schemas/${USER}`, ['GET']],
    ['/ResourceTypes', ['GET']],
    ['/ResourceTypes/User', ['GET']],
    ['/ServiceProviderConfig/x', undefined],
    ['/Widgets', undefined],
    ['/users', undefined],
    ['/Users/x/y', undefined],
    ['/Users/', undefined],
    ['/', undefined],
    ['', undefined],
  ])('generic %s → %j', (path, allow) => {
    expect(allowedMethods(generic, path)).toEqual(allow);
  });

  it('has /Token (GET) only for a tenant that opted in to the token endpoint', () => {
    expect(allowedMethods(generic, '/Token')).toBeUndefined();
    expect(allowedMethods(generic, '/Token', { tokenEndpoint: true })).toEqual(['GET']);
    expect(allowedMethods(generic, '/Token/x', { tokenEndpoint: true })).toBeUndefined();
  });

  it('follows the profile: kintone has no Groups', () => {
    expect(allowedMethods(kintone, '/Users')).toEqual(['GET', 'POST']);
    expect(allowedMethods(kintone, '/Groups')).toBeUndefined();
    expect(allowedMethods(kintone, '/Groups/x')).toBeUndefined();
  });
});

describe('routeRefusal (decided before the body is read)', () => {
  const generic = getProfile('generic');

  it('lets allowed methods through, HEAD as GET', () => {
    expect(routeRefusal(generic, '/Users', 'POST', '/scim/v2/Users')).toBeUndefined();
    expect(routeRefusal(generic, '/Schemas', 'HEAD', '/scim/v2/Schemas')).toBeUndefined();
  });

  it('refuses another method with 405 and the Allow list', () => {
    const refusal = routeRefusal(generic, '/Schemas', 'POST', '/scim/v2/Schemas');
    expect(refusal).toBeInstanceOf(MethodNotAllowedError);
    expect(refusal).toMatchObject({ status: 405, allow: ['GET'], detail: 'POST is not supported on /scim/v2/Schemas; it allows GET' });
  });

  it('refuses a path the profile does not have with 404', () => {
    expect(routeRefusal(getProfile('kintone'), '/Groups', 'POST', '/scim/v2/Groups')).toMatchObject({
      status: 404,
      detail: 'Resource type "Groups" is not served by the kintone profile',
    });
  });
});
