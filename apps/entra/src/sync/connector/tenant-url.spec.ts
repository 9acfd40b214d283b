import { ConnectorError } from './connector-error';
import { parseTenantUrl, requestTarget, targetKind } from './tenant-url';

describe('parseTenantUrl', () => {
  it.each([
    ['http://127.0.0.1:3001/scim/v2', 'http://127.0.0.1:3001', '/scim/v2', '', 'default'],
    ['http://127.0.0.1:3001/scim/v2/', 'http://127.0.0.1:3001', '/scim/v2', '', 'default'],
    ['https://app.example.com/scim?aadOptscim062020', 'https://app.example.com', '/scim', '', 'aadOptscim062020'],
    ['https://app.example.com/scim/?aadOptscim062020', 'https://app.example.com', '/scim', '', 'aadOptscim062020'],
    ['https://app.example.com/scim/?aadoptscim062020=true', 'https://app.example.com', '/scim', '', 'aadOptscim062020'],
    ['https://app.example.com/scim?tenant=acme&aadOptscim062020', 'https://app.example.com', '/scim', 'tenant=acme', 'aadOptscim062020'],
    ['https://app.example.com/scim?tenant=acme', 'https://app.example.com', '/scim', 'tenant=acme', 'default'],
    ['https://app.example.com', 'https://app.example.com', '', '', 'default'],
    ['https://app.example.com/', 'https://app.example.com', '', '', 'default'],
    ['  https://APP.example.com:443/scim//  ', 'https://app.example.com', '/scim', '', 'default'],
  ])('%s', (input, origin, basePath, forwardedQuery, shape) => {
    expect(parseTenantUrl(input)).toMatchObject({ origin, basePath, forwardedQuery, shape });
  });

  it('keeps the flag out of the base requests use', () => {
    expect(parseTenantUrl('https://app.example.com/scim/?aadOptscim062020').base).toBe('https://app.example.com/scim');
    expect(parseTenantUrl('https://app.example.com/scim?aadOptscim062020&tenant=acme').base).toBe(
      'https://app.example.com/scim?tenant=acme',
    );
  });

  it.each([
    ['not a URL', 'app.example.com/scim'],
    ['another scheme', 'ftp://app.example.com/scim'],
    ['user info', 'https://admin:hunter2@app.example.com/scim'],
    ['a fragment', 'https://app.example.com/scim#users'],
    ['nothing', ''],
  ])('rejects %s (quarantine, without repeating the URL)', (_label, input) => {
    let caught: unknown;
    try {
      parseTenantUrl(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConnectorError);
    expect(caught).toMatchObject({ reaction: 'quarantine', httpStatus: null });
    expect((caught as ConnectorError).reason).not.toContain('hunter2');
  });
});

describe('requestTarget', () => {
  const plain = parseTenantUrl('https://app.example.com/scim/v2/');
  const flagged = parseTenantUrl('https://app.example.com/scim/v2?aadOptscim062020');
  const withQuery = parseTenantUrl('https://app.example.com/scim/v2?aadOptscim062020&tenant=acme');
  const root = parseTenantUrl('https://app.example.com');

  it.each([
    [plain, '/Users', [], '/scim/v2/Users'],
    [plain, 'Users', [], '/scim/v2/Users'],
    [flagged, '/Users/2819c223', [], '/scim/v2/Users/2819c223'],
    [root, '/Groups', [], '/Groups'],
    [
      plain,
      '/Users',
      [['filter', 'userName eq "a b+c@contoso.com"']],
      '/scim/v2/Users?filter=userName%20eq%20%22a%20b%2Bc%40contoso.com%22',
    ],
    [
      flagged,
      '/Groups',
      [
        ['excludedAttributes', 'members'],
        ['filter', 'displayName eq "Sales & Marketing"'],
      ],
      '/scim/v2/Groups?excludedAttributes=members&filter=displayName%20eq%20%22Sales%20%26%20Marketing%22',
    ],
    [withQuery, '/Users', [['filter', 'userName eq "x"']], '/scim/v2/Users?tenant=acme&filter=userName%20eq%20%22x%22'],
    [withQuery, '/Users/1', [], '/scim/v2/Users/1?tenant=acme'],
  ] as const)('%#: %s + %j → %s', (tenant, path, params, expected) => {
    expect(requestTarget(tenant, path, params)).toBe(expected);
  });
});

describe('targetKind', () => {
  it.each([
    ['/Users', 'collection'],
    ['/Groups?excludedAttributes=members', 'collection'],
    ['Users', 'collection'],
    ['/Users/42', 'resource'],
    ['/Groups/a%2Fb', 'resource'],
  ] as const)('%s → %s', (path, kind) => {
    expect(targetKind(path)).toBe(kind);
  });
});
