import { SCIM_SCHEMAS, ScimError } from './errors';

describe('ScimError', () => {
  it.each([
    [
      new ScimError(400, 'invalidFilter', 'bad'),
      { schemas: [SCIM_SCHEMAS.error], status: '400', scimType: 'invalidFilter', detail: 'bad' },
    ],
    [
      new ScimError(404, undefined, 'Resource 1 not found'),
      { schemas: [SCIM_SCHEMAS.error], status: '404', detail: 'Resource 1 not found' },
    ],
    [new ScimError(409, 'uniqueness', 'dup'), { schemas: [SCIM_SCHEMAS.error], status: '409', scimType: 'uniqueness', detail: 'dup' }],
  ])('serialises %p with status as a string (RFC 7644 §3.12)', (err, json) => {
    expect(JSON.parse(JSON.stringify(err))).toEqual(json);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe(json.detail);
  });
});
