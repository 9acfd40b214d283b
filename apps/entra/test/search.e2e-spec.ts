import { httpRequest } from '@app/testing';
import { newUser, startTestEntra, TestEntra } from './harness';

const eventual = { headers: { ConsistencyLevel: 'eventual' } };
const q = encodeURIComponent;

/** `$search` on users and groups: Graph's "property:text" clauses, tokenized displayName, with $filter/$count/$top. */
describe('Graph $search on users and groups', () => {
  let entra: TestEntra;
  const search = (collection: string, text: string, extra = '', options: object = eventual) =>
    entra.graph('GET', `/${collection}?$search=${q(text)}${extra}`, options);
  const upns = (body: { value: { userPrincipalName: string }[] }) => body.value.map((u) => u.userPrincipalName).sort();
  const names = (body: { value: { displayName: string }[] }) => body.value.map((g) => g.displayName).sort();

  beforeAll(async () => {
    entra = await startTestEntra();
    const people: [string, string, Record<string, unknown>][] = [
      ['adele.vance@contoso.com', 'Adele Vance', { mail: 'adele.vance@contoso.com', givenName: 'Adele', surname: 'Vance' }],
      ['alex.wilber@contoso.com', 'Alex Wilber', { mail: 'alexw@contoso.com', accountEnabled: false }],
      ['guthrie@contoso.com', 'Guthrie Smith', { mail: 'guthrie@contoso.com' }],
      ['megan.bowen@contoso.com', 'MeganBowen', {}],
      ['vance.refrigeration@fabrikam.com', 'Vance Refrigeration-Team 42', {}],
    ];
    for (const [upn, displayName, extra] of people) {
      expect((await entra.graph('POST', '/users', { body: newUser(upn, { displayName, ...extra }) })).status).toBe(201);
    }
    for (const [displayName, description] of [
      ['OneVideo Team', 'Video production'],
      ['Drive Sync', 'One drive for everyone'],
      ['Sales', 'One team'],
    ]) {
      const res = await entra.graph('POST', '/groups', {
        body: { displayName, description, mailNickname: displayName.replace(/\W/g, ''), mailEnabled: false, securityEnabled: true },
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => entra.stop());

  it('finds users by the words of displayName, each a prefix, in any order, case-insensitively', async () => {
    expect(upns((await search('users', '"displayName:adele"')).body)).toEqual(['adele.vance@contoso.com']);
    expect(upns((await search('users', '"displayName:VANCE"')).body)).toEqual([
      'adele.vance@contoso.com',
      'vance.refrigeration@fabrikam.com',
    ]);
    expect(upns((await search('users', '"displayName:van ad"')).body)).toEqual(['adele.vance@contoso.com']);
    expect(upns((await search('users', '"displayName:Guthr"')).body)).toEqual(['guthrie@contoso.com']);
    // Words split at case changes, digits and symbols: MeganBowen → megan, bowen; Refrigeration-Team 42.
    expect(upns((await search('users', '"displayName:bowen"')).body)).toEqual(['megan.bowen@contoso.com']);
    expect(upns((await search('users', '"displayName:team 42"')).body)).toEqual(['vance.refrigeration@fabrikam.com']);
    expect(upns((await search('users', '"displayName:refrigerationteam"')).body)).toEqual(['vance.refrigeration@fabrikam.com']);
    // Not "contains": a word must begin with the text.
    expect((await search('users', '"displayName:dele"')).body.value).toEqual([]);
  });

  it("other properties match from the start of the value (Graph's startsWith), combined with OR / AND", async () => {
    expect(upns((await search('users', '"mail:adele.v"')).body)).toEqual(['adele.vance@contoso.com']);
    expect((await search('users', '"mail:vance"')).body.value).toEqual([]);
    expect(upns((await search('users', '"userPrincipalName:VANCE"')).body)).toEqual(['vance.refrigeration@fabrikam.com']);
    expect(upns((await search('users', '"displayName:Guthr" OR "mail:alexw"')).body)).toEqual([
      'alex.wilber@contoso.com',
      'guthrie@contoso.com',
    ]);
    expect(upns((await search('users', '"displayName:vance" AND "givenName:ad"')).body)).toEqual(['adele.vance@contoso.com']);
  });

  it('groups: displayName and description tokenized; AND binds the parenthesised OR', async () => {
    expect(names((await search('groups', '"displayName:OneVideo"')).body)).toEqual(['OneVideo Team']);
    expect(names((await search('groups', '"description:One" AND ("displayName:Video" OR "displayName:Drive")')).body)).toEqual([
      'Drive Sync',
    ]);
    expect(names((await search('groups', '"description:one"')).body)).toEqual(['Drive Sync', 'Sales']);
  });

  it('goes with $filter, $select, $count, $orderby and pages with $top (the nextLink keeps the search)', async () => {
    const filtered = await search(
      'users',
      '"displayName:a" OR "displayName:vance" OR "displayName:guthrie"',
      `&$filter=${q('accountEnabled eq true')}&$count=true&$select=userPrincipalName`,
    );
    expect(filtered.status).toBe(200);
    expect(filtered.body['@odata.count']).toBe(3);
    expect(upns(filtered.body)).toEqual(['adele.vance@contoso.com', 'guthrie@contoso.com', 'vance.refrigeration@fabrikam.com']);
    const seen: string[] = [];
    let url: string | undefined =
      `${entra.graphUrl}/users?$search=${q('"displayName:vance" OR "displayName:guthrie"')}&$top=1&$orderby=displayName`;
    while (url && seen.length < 10) {
      const res: any = await httpRequest('GET', url, { token: entra.identity.adminToken, ...eventual });
      expect(res.status).toBe(200);
      seen.push(...res.body.value.map((u: { displayName: string }) => u.displayName));
      url = res.body['@odata.nextLink'];
    }
    expect(seen).toEqual(['Adele Vance', 'Guthrie Smith', 'Vance Refrigeration-Team 42']);
    const count = await entra.graph('GET', `/users/$count?$search=${q('"displayName:vance"')}`, eventual);
    expect(count.text).toBe('2');
    const groups = await entra.graph('GET', `/groups/$count?$search=${q('"description:one"')}`, eventual);
    expect(groups.text).toBe('2');
  });

  it("needs ConsistencyLevel: eventual, answering Graph's 400 without it", async () => {
    for (const collection of ['users', 'groups']) {
      const res = await search(collection, '"displayName:adele"', '', {});
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        code: 'Request_UnsupportedQuery',
        message:
          "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
      });
    }
  });

  it.each([
    ['an unquoted clause', 'displayName:adele', 'BadRequest', /Syntax error: character 'd' is not valid at position 0/],
    ['a bare word', 'adele', 'BadRequest', /Syntax error/],
    ['a lower-case operator', '"displayName:a" or "displayName:b"', 'BadRequest', /character 'o' is not valid/],
    ['an unterminated quote', '"displayName:adele', 'BadRequest', /unterminated string literal/],
    ['a clause without property', '"adele"', 'Request_UnsupportedQuery', /"<property>:<text to search>"/],
    [
      'an unknown property',
      '"favouriteColour:blue"',
      'Request_BadRequest',
      /Could not find a property named 'favouriteColour' on type 'microsoft.graph.user'/,
    ],
    [
      'a property that is not a string',
      '"accountEnabled:true"',
      'Request_UnsupportedQuery',
      /property 'accountEnabled' of resource 'User'/,
    ],
    ['too long a search', `"displayName:${'a'.repeat(2000)}"`, 'Request_UnsupportedQuery', /longer than the maximum/],
    ['too many clauses', Array.from({ length: 40 }, (_, i) => `"displayName:a${i}"`).join(' OR '), 'Request_UnsupportedQuery', /clauses/],
    ['too deep', `${'('.repeat(50)}"displayName:a"${')'.repeat(50)}`, 'Request_UnsupportedQuery', /nested deeper/],
  ])("refuses %s with 400 in Graph's envelope", async (_name, text, code, message) => {
    const res = await search('users', text);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code, message: expect.stringMatching(message) });
  });

  it('treats hostile text as text: quotes, SQL, LIKE wildcards and regular-expression characters find nothing', async () => {
    for (const text of [
      `"displayName:x') OR 1=1; DROP TABLE entra.users; --"`,
      '"displayName:%"',
      '"mail:%"',
      '"mail:_"',
      '"displayName:.*"',
      '"displayName:\\\\1"',
      '"displayName:\\"quoted\\""',
      '"mail:[a-z]"',
    ]) {
      const res = await search('users', text);
      expect([text, res.status, res.body.value]).toEqual([text, 200, []]);
    }
    expect((await entra.graph('GET', '/users?$top=999')).body.value).toHaveLength(5);
  });
});
