import { parseTargetPath } from './target-path';

describe('parseTargetPath', () => {
  it.each([
    ['userName', null, 'userName', null, null],
    ['name.givenName', null, 'name', null, 'givenName'],
    ['emails[type eq "work"].value', null, 'emails', [{ attribute: 'type', value: 'work' }], 'value'],
    ['roles[primary eq "True"].value', null, 'roles', [{ attribute: 'primary', value: 'True' }], 'value'],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      'employeeNumber',
      null,
      null,
    ],
    [
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
      'manager',
      null,
      'value',
    ],
  ])('%s', (raw, schemaUrn, attribute, filter, subAttribute) => {
    expect(parseTargetPath(raw)).toEqual({ raw, schemaUrn, attribute, filter, subAttribute });
  });

  it('rejects unsupported filters', () => {
    expect(() => parseTargetPath('emails[type co "w"].value')).toThrow('Unsupported element filter');
  });
});
