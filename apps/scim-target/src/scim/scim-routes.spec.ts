import { getProfile } from '@app/scim';
import { allowedMethods } from './scim-routes';

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

  it('follows the profile: kintone has no Groups', () => {
    expect(allowedMethods(kintone, '/Users')).toEqual(['GET', 'POST']);
    expect(allowedMethods(kintone, '/Groups')).toBeUndefined();
    expect(allowedMethods(kintone, '/Groups/x')).toBeUndefined();
  });
});
