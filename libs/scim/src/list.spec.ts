import { listResponse, parsePaging } from './list';
import { SCIM_SCHEMAS } from './errors';
import { expectScimError } from './test-fixtures';

describe('listResponse', () => {
  it('builds an RFC 7644 ListResponse', () => {
    expect(listResponse([{ id: 'a' }, { id: 'b' }], 10, 3)).toEqual({
      schemas: [SCIM_SCHEMAS.listResponse],
      totalResults: 10,
      startIndex: 3,
      itemsPerPage: 2,
      Resources: [{ id: 'a' }, { id: 'b' }],
    });
    expect(listResponse([], 0, 1)).toEqual({
      schemas: [SCIM_SCHEMAS.listResponse],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
  });
});

describe('parsePaging', () => {
  const opts = { defaultCount: 100, maxCount: 200 };
  it.each<[string | undefined, string | undefined, { startIndex: number; count: number }]>([
    [undefined, undefined, { startIndex: 1, count: 100 }],
    ['', '', { startIndex: 1, count: 100 }],
    ['1', '10', { startIndex: 1, count: 10 }],
    ['5', '0', { startIndex: 5, count: 0 }],
    ['0', undefined, { startIndex: 1, count: 100 }],
    ['-3', undefined, { startIndex: 1, count: 100 }],
    [undefined, '-1', { startIndex: 1, count: 0 }],
    [undefined, '500', { startIndex: 1, count: 200 }],
    [' 7 ', '+3', { startIndex: 7, count: 3 }],
    ['99999999999999999999', '99999999999999999999', { startIndex: Number.MAX_SAFE_INTEGER, count: 200 }],
  ])('startIndex=%p count=%p', (startIndex, count, expected) => {
    expect(parsePaging(startIndex, count, opts)).toEqual(expected);
  });

  it('caps the default count too', () => {
    expect(parsePaging(undefined, undefined, { defaultCount: 50, maxCount: 20 })).toEqual({ startIndex: 1, count: 20 });
  });

  it.each([
    ['abc', undefined, /'startIndex' must be an integer, got 'abc'/],
    ['1.5', undefined, /'startIndex'/],
    [undefined, '1e3', /'count' must be an integer/],
    [undefined, '10abc', /'count'/],
    [undefined, '0x10', /'count'/],
  ])('startIndex=%p count=%p → 400 invalidValue', (startIndex, count, detail) => {
    expectScimError(() => parsePaging(startIndex, count, opts), 400, 'invalidValue', detail);
  });
});
