import { newJobId, parseJobId } from './job-id';

const TENANT = '0B7F36D2-4E5A-4C1B-9D2E-8F3A6B1C2D3E';
const bytes = (hex: string) => () => Buffer.from(hex, 'hex');

describe('job ids', () => {
  it.each([
    ['kintone', TENANT, '00112233445566778899aabbccddeeff', 'kintone.0b7f36d24e5a4c1b9d2e8f3a6b1c2d3e.00112233445566778899aabbccddeeff'],
    [
      'scim',
      TENANT.toLowerCase(),
      'ffffffffffffffffffffffffffffffff',
      'scim.0b7f36d24e5a4c1b9d2e8f3a6b1c2d3e.ffffffffffffffffffffffffffffffff',
    ],
  ])('%s: <templateId>.<tenant without dashes>.<32 hex>', (template, tenant, random, expected) => {
    expect(newJobId(template, tenant, bytes(random))).toBe(expected);
  });

  it('uses fresh random suffixes', () => {
    const a = newJobId('scim', TENANT);
    const b = newJobId('scim', TENANT);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scim\.[0-9a-f]{32}\.[0-9a-f]{32}$/);
  });

  it.each([
    ['a tenant that is not a GUID', 'scim', 'not-a-guid'],
    ['a template id with dots', 'sc.im', TENANT],
    ['an empty template id', '', TENANT],
  ])('refuses %s', (_name, template, tenant) => {
    expect(() => newJobId(template, tenant)).toThrow();
  });

  it.each([
    [
      'kintone.0b7f36d24e5a4c1b9d2e8f3a6b1c2d3e.00112233445566778899aabbccddeeff',
      { templateId: 'kintone', tenant: '0b7f36d24e5a4c1b9d2e8f3a6b1c2d3e', suffix: '00112233445566778899aabbccddeeff' },
    ],
    ['scim.0b7f36d24e5a4c1b9d2e8f3a6b1c2d3e', null],
    ['kintone.0b7f36d2-4e5a-4c1b-9d2e-8f3a6b1c2d3e.00112233445566778899aabbccddeeff', null],
    ['', null],
  ])('parseJobId(%j)', (id, expected) => {
    expect(parseJobId(id)).toEqual(expected);
  });
});
