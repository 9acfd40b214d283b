import { nextLink } from './next-link';

describe('nextLink', () => {
  it.each([
    ['https://graph.local/v1.0/users', 'https://graph.local/v1.0/users?$skiptoken=T'],
    ['https://graph.local/v1.0/users?$top=5', 'https://graph.local/v1.0/users?$top=5&$skiptoken=T'],
    [
      "https://graph.local/v1.0/users?$filter=startswith(displayName,'a')&$top=5&$skiptoken=OLD",
      "https://graph.local/v1.0/users?$filter=startswith(displayName,'a')&$top=5&$skiptoken=T",
    ],
    ['/v1.0/users?%24skiptoken=OLD&$select=id%2CdisplayName&$count=true', '/v1.0/users?$select=id%2CdisplayName&$count=true&$skiptoken=T'],
    ['/v1.0/users?$SkipToken=OLD&skiptoken=OLD2&x=1', '/v1.0/users?x=1&$skiptoken=T'],
    ['/v1.0/users?$filter=a%20eq%201&&$top=2#frag', '/v1.0/users?$filter=a%20eq%201&$top=2&$skiptoken=T'],
    ['/v1.0/users?$skiptokenish=1', '/v1.0/users?$skiptokenish=1&$skiptoken=T'],
    ['/v1.0/users?bad=%E0%A4%A', '/v1.0/users?bad=%E0%A4%A&$skiptoken=T'],
  ])('%s', (url, expected) => {
    expect(nextLink(url, 'T')).toBe(expected);
  });

  it('percent-encodes the token if it ever needs it', () => {
    expect(nextLink('/u', 'a+b/c')).toBe('/u?$skiptoken=a%2Bb%2Fc');
  });
});
