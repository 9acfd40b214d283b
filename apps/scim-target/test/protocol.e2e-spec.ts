import { startTestScimTarget, TestScimTarget } from './harness';
import { httpRequest, TestResponse } from '@app/testing';
import { ResourceRepository } from '../src/resources/resource.repository';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const q = encodeURIComponent;

describe('SCIM protocol behaviour (generic profile)', () => {
  let target: TestScimTarget;
  const ids: string[] = [];

  beforeAll(async () => {
    target = await startTestScimTarget({ SCIM_TARGET_PROFILE: 'generic', SCIM_MAX_BODY_BYTES: '65536' });
    for (let i = 0; i < 12; i++) {
      const res = await target.scim('POST', '/Users', {
        body: {
          schemas: [USER],
          userName: `user${String(i).padStart(2, '0')}@contoso.com`,
          displayName: i % 2 === 0 ? `Even ${i}` : `Odd ${i}`,
          active: i < 6,
          title: i === 3 ? 'Boss' : undefined,
          emails: [
            { type: 'work', value: `u${i}@work.example` },
            { type: 'home', value: `u${i}@home.example` },
          ],
        },
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
  });
  afterAll(() => target.stop());

  describe('filtering', () => {
    it.each([
      ['userName eq "USER03@contoso.com"', 1],
      ['userName sw "user0"', 10],
      ['userName ew "1@contoso.com"', 2],
      ['displayName co "odd"', 6],
      ['active eq true and displayName sw "Even"', 3],
      ['not (active eq true) or title pr', 7],
      ['title pr', 1],
      ['emails[type eq "home" and value co "u7@"]', 1],
      ['emails[type eq "work"].value eq "u5@work.example"', 1],
      ['emails.value ew "@home.example"', 12],
      ['userName gt "user09@contoso.com"', 2],
      ['meta.created gt "2000-01-01T00:00:00Z"', 12],
      ['(userName eq "user01@contoso.com" or userName eq "user02@contoso.com") and active eq true', 2],
      ['USERNAME EQ "user04@contoso.com"', 1],
      ['userName eq "USER01@contoso.com" or userName eq "user02@contoso.com" or userName eq "nobody@contoso.com"', 2],
      ['userName eq "user02@contoso.com" or displayName co "odd"', 7],
      ['id eq "not-a-uuid" or id eq "00000000-0000-4000-8000-000000000000"', 0],
    ])('%s matches %i', async (filter, expected) => {
      const res = await target.scim('GET', `/Users?filter=${q(filter)}`);
      expect(res.status).toBe(200);
      expect(res.body.totalResults).toBe(expected);
    });

    it.each([
      ['userName eq', 'missing value'],
      ['userName xx "a"', 'unknown operator'],
      ['(userName eq "a"', 'unbalanced parenthesis'],
      ['nosuchattribute eq "a"', 'unknown attribute'],
      ['active gt true', 'gt on a boolean'],
      ['('.repeat(200) + 'userName eq "a"' + ')'.repeat(200), 'nesting too deep'],
      ['userName eq "' + 'a'.repeat(10000) + '"', 'filter too long'],
    ])('%s → 400 invalidFilter (%s)', async (filter) => {
      const res = await target.scim('GET', `/Users?filter=${q(filter)}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidFilter' });
    });
  });

  describe('paging, projection', () => {
    it('pages in a stable order with startIndex and count', async () => {
      const page1 = await target.scim('GET', '/Users?startIndex=1&count=5');
      const page2 = await target.scim('GET', '/Users?startIndex=6&count=5');
      const page3 = await target.scim('GET', '/Users?startIndex=11&count=5');
      expect(page1.body).toMatchObject({ totalResults: 12, startIndex: 1, itemsPerPage: 5 });
      expect(page3.body).toMatchObject({ totalResults: 12, startIndex: 11, itemsPerPage: 2 });
      const seen = [...page1.body.Resources, ...page2.body.Resources, ...page3.body.Resources].map((r) => r.id);
      expect(seen).toEqual(ids);
      const filtered = await target.scim('GET', `/Users?filter=${q('userName sw "user"')}&startIndex=3&count=2`);
      expect(filtered.body.Resources.map((r: { id: string }) => r.id)).toEqual(ids.slice(2, 4));
      expect(filtered.body.totalResults).toBe(12);
    });

    it('count=0 answers only the total; a non-number is 400 invalidValue', async () => {
      const zero = await target.scim('GET', '/Users?count=0');
      expect(zero.body).toMatchObject({ totalResults: 12, itemsPerPage: 0, Resources: [] });
      const bad = await target.scim('GET', '/Users?count=abc');
      expect(bad.status).toBe(400);
      expect(bad.body.scimType).toBe('invalidValue');
    });

    it('attributes and excludedAttributes', async () => {
      const only = await target.scim('GET', `/Users/${ids[0]}?attributes=displayName,emails.value`);
      expect(Object.keys(only.body).sort()).toEqual(['displayName', 'emails', 'id', 'schemas', 'userName'].sort());
      expect(only.body.emails).toEqual([{ value: 'u0@work.example' }, { value: 'u0@home.example' }]);
      const without = await target.scim('GET', `/Users?excludedAttributes=emails,meta&count=1`);
      expect(without.body.Resources[0]).not.toHaveProperty('emails');
      expect(without.body.Resources[0]).toHaveProperty('userName');
    });
  });

  describe('versions', () => {
    it('honours If-Match on PATCH, PUT and DELETE (412 on mismatch)', async () => {
      const { body: user, headers } = await target.scim('POST', '/Users', { body: { userName: 'versioned@contoso.com' } });
      expect(headers.etag).toBe('W/"1"');
      const patch = { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'displayName', value: 'V2' }] };
      const stale = await target.scim('PATCH', `/Users/${user.id}`, { body: patch, headers: { 'if-match': 'W/"7"' } });
      expect(stale.status).toBe(412);
      expect(stale.body.schemas).toEqual([ERROR]);
      const fresh = await target.scim('PATCH', `/Users/${user.id}`, { body: patch, headers: { 'if-match': 'W/"1"' } });
      expect(fresh.status).toBe(200);
      expect(fresh.body.meta.version).toBe('W/"2"');
      const put = await target.scim('PUT', `/Users/${user.id}`, {
        body: { schemas: [USER], userName: 'versioned@contoso.com', displayName: 'V3' },
        headers: { 'if-match': 'W/"1"' },
      });
      expect(put.status).toBe(412);
      const del = await target.scim('DELETE', `/Users/${user.id}`, { headers: { 'if-match': 'W/"1"' } });
      expect(del.status).toBe(412);
      for (const tag of ['W/"99999999999999999999"', 'W/"-1"', 'nonsense']) {
        const odd = await target.scim('DELETE', `/Users/${user.id}`, { headers: { 'if-match': tag } });
        expect({ tag, status: odd.status, schemas: odd.body.schemas }).toEqual({ tag, status: 412, schemas: [ERROR] });
      }
      expect((await target.scim('DELETE', `/Users/${user.id}`, { headers: { 'if-match': '*' } })).status).toBe(204);
      expect((await target.scim('DELETE', `/Users/${user.id}`, { headers: { 'if-match': 'W/"2"' } })).status).toBe(404);
    });

    it('PUT replaces the resource and keeps id and created', async () => {
      const { body: user } = await target.scim('POST', '/Users', { body: { userName: 'put@contoso.com', title: 'T' } });
      const put = await target.scim('PUT', `/Users/${user.id}`, { body: { schemas: [USER], userName: 'put@contoso.com', nickName: 'P' } });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ id: user.id, userName: 'put@contoso.com', nickName: 'P' });
      expect(put.body).not.toHaveProperty('title');
      expect(put.body.meta.created).toBe(user.meta.created);
    });
  });

  describe('hostile and malformed input never yields a 500', () => {
    it.each([
      ['malformed JSON', { rawBody: '{"userName": ' }, 400, 'invalidSyntax'],
      ['JSON that is not an object', { rawBody: '[1,2,3]' }, 400, 'invalidSyntax'],
      ['a string body', { rawBody: '"hello"' }, 400, 'invalidSyntax'],
      ['userName missing', { body: { schemas: [USER], displayName: 'x' } }, 400, 'invalidValue'],
      ['userName of the wrong type', { body: { schemas: [USER], userName: 42 } }, 400, 'invalidValue'],
      ['active not a boolean', { body: { schemas: [USER], userName: 'a@b.c', active: 'maybe' } }, 400, 'invalidValue'],
      ['body above the limit', { body: { userName: 'big@contoso.com', displayName: 'x'.repeat(70000) } }, 413, 'tooLarge'],
      ['unsupported content type', { rawBody: 'userName=x', contentType: 'application/x-www-form-urlencoded' }, 415, undefined],
    ])('%s', async (_name, options, status, scimType) => {
      const res = await target.scim('POST', '/Users', options);
      expect(res.status).toBe(status);
      expect(res.body.schemas).toEqual([ERROR]);
      expect(res.body.status).toBe(String(status));
      if (scimType) expect(res.body.scimType).toBe(scimType);
    });

    it.each(['userName', 'displayName', 'externalId'])(
      '%s too long to index → 400 invalidValue, on POST, PUT and PATCH',
      async (attribute) => {
        // Random text does not compress: stored as is, it would be over PostgreSQL's limit for an index entry.
        const long = Array.from({ length: 3000 }, (_, i) => String.fromCharCode(0x21 + ((i * 7919) % 90))).join('');
        const values = (value: string) => ({ userName: `long-${attribute}@contoso.com`, [attribute]: value });
        const created = await target.scim('POST', '/Users', { body: values(long) });
        expect(created.status).toBe(400);
        expect(created.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidValue' });
        expect(created.body.detail).toContain(attribute);
        const user = await target.scim('POST', '/Users', { body: values('short') });
        expect(user.status).toBe(201);
        const put = await target.scim('PUT', `/Users/${user.body.id}`, { body: { schemas: [USER], ...values(long) } });
        const patch = await target.scim('PATCH', `/Users/${user.body.id}`, {
          body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: attribute, value: long }] },
        });
        for (const res of [put, patch]) expect(res.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
        if (attribute === 'displayName') {
          const group = await target.scim('POST', '/Groups', { body: { displayName: long } });
          expect(group.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
        }
        expect((await target.scim('DELETE', `/Users/${user.body.id}`)).status).toBe(204);
      },
    );

    it.each([
      [
        '__proto__ at the top',
        '{"schemas":["' + USER + '"],"userName":"proto@contoso.com","__proto__":{"admin":true,"userName":"evil"}}',
        '__proto__',
      ],
      [
        'constructor.prototype',
        '{"schemas":["' + USER + '"],"userName":"proto@contoso.com","constructor":{"prototype":{"polluted":1}}}',
        'constructor',
      ],
      [
        '__proto__ in a complex attribute',
        '{"schemas":["' + USER + '"],"userName":"proto@contoso.com","name":{"__proto__":{"x":1},"givenName":"P"}}',
        '__proto__',
      ],
      [
        'prototype in a PATCH value',
        '{"schemas":["' + PATCH_OP + '"],"Operations":[{"op":"replace","value":{"prototype":{"admin":true}}}]}',
        'prototype',
      ],
    ])('refuses %s as an unknown property, stores nothing and pollutes nothing', async (_name, raw, key) => {
      const before = (await target.scim('GET', '/Users?count=0')).body.totalResults;
      const res = raw.includes(PATCH_OP)
        ? await target.scim('PATCH', `/Users/${ids[0]}`, { rawBody: raw })
        : await target.scim('POST', '/Users', { rawBody: raw });
      expect(res.status).toBe(400);
      expect(res.body.schemas).toEqual([ERROR]);
      expect(res.body.detail).toBe(`Property '${key}' does not exist on this resource type.`);
      expect((await target.scim('GET', '/Users?count=0')).body.totalResults).toBe(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    it('reads a PATCH path through __proto__ as an unknown attribute, without polluting anything', async () => {
      const patch = await target.scim('PATCH', `/Users/${ids[0]}`, {
        rawBody: '{"schemas":["' + PATCH_OP + '"],"Operations":[{"op":"add","path":"__proto__.admin","value":true}]}',
      });
      expect(patch.status).toBeLessThan(500);
      expect((await target.scim('GET', `/Users/${ids[0]}`)).body).not.toHaveProperty('admin');
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    it.each([
      ['Operations missing', { schemas: [PATCH_OP] }, 'invalidSyntax'],
      ['unknown op', { schemas: [PATCH_OP], Operations: [{ op: 'merge', path: 'displayName', value: 'x' }] }, 'invalidSyntax'],
      ['bad path', { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'emails[type eq', value: 'x' }] }, 'invalidPath'],
      ['read-only id', { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'id', value: 'x' }] }, 'mutability'],
      [
        'filter matching nothing',
        { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'emails[type co "x"].value', value: 'x' }] },
        'noTarget',
      ],
    ])('PATCH with %s → 400 %s', async (_name, body, scimType) => {
      const res = await target.scim('PATCH', `/Users/${ids[0]}`, { body });
      expect(res.status).toBe(400);
      expect(res.body.scimType).toBe(scimType);
    });

    it('unknown ids and routes are 404, wrong methods 405, all in the SCIM envelope', async () => {
      for (const [method, path, status] of [
        ['GET', '/Users/not-a-uuid', 404],
        ['GET', '/Users/00000000-0000-4000-8000-000000000000', 404],
        ['PATCH', '/Users/00000000-0000-4000-8000-000000000000', 404],
        ['GET', '/Widgets', 404],
        ['PUT', '/Widgets', 404],
        ['POST', '/Widgets/x', 404],
        ['DELETE', '/ServiceProviderConfig/x', 404],
        ['PUT', '/Users', 405],
        ['DELETE', '/Users', 405],
        ['POST', `/Users/${ids[0]}`, 405],
      ] as const) {
        const res = await target.scim(method, path, method === 'PATCH' ? { body: { schemas: [PATCH_OP], Operations: [] } } : {});
        expect({ method, path, status: res.status }).toEqual({ method, path, status });
        expect(res.body.schemas).toEqual([ERROR]);
        if (status === 404) expect(res.headers.allow).toBeUndefined();
      }
    });

    it.each([
      ['/Users', 'GET, POST'],
      ['/Groups', 'GET, POST'],
      ['/Users/00000000-0000-4000-8000-000000000000', 'GET, PUT, PATCH, DELETE'],
      ['/Groups/00000000-0000-4000-8000-000000000000', 'GET, PUT, PATCH, DELETE'],
      ['/ServiceProviderConfig', 'GET'],
      ['/Schemas', 'GET'],
      [`/Schemas/${USER}`, 'GET'],
      ['/ResourceTypes', 'GET'],
      ['/ResourceTypes/User', 'GET'],
    ])('%s: each method outside `Allow: %s` is a 405 that lists exactly those, each one inside is served', async (path, allow) => {
      for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        // Empty bodies: an allowed write is refused as invalid (or 404), never carried out.
        const res = await target.scim(method, path, ['GET', 'HEAD', 'DELETE'].includes(method) ? {} : { body: {} });
        if ([...allow.split(', '), 'HEAD'].includes(method)) {
          expect({ method, status: res.status }).not.toEqual({ method, status: 405 });
        } else {
          expect({ method, status: res.status, allow: res.headers.allow }).toEqual({ method, status: 405, allow });
          expect(res.body).toMatchObject({ schemas: [ERROR], status: '405' });
        }
      }
    });

    it.each([
      ['POST', '/ServiceProviderConfig', 405, 'GET'],
      ['POST', '/Schemas', 405, 'GET'],
      ['POST', `/Schemas/${USER}`, 405, 'GET'],
      ['POST', '/ResourceTypes', 405, 'GET'],
      ['PUT', '/ResourceTypes/User', 405, 'GET'],
      ['PUT', '/Users', 405, 'GET, POST'],
      ['POST', '/Users/00000000-0000-4000-8000-000000000000', 405, 'GET, PUT, PATCH, DELETE'],
      ['POST', '/Widgets', 404, undefined],
      ['PATCH', '/Widgets/x', 404, undefined],
    ])('%s %s is refused on its route before the body is read: %i, whatever the body', async (method, path, status, allow) => {
      for (const options of [
        { rawBody: '{"not json' },
        { rawBody: 'x', contentType: 'text/plain' },
        { rawBody: JSON.stringify({ pad: 'x'.repeat(70_000) }) },
      ]) {
        const res = await target.scim(method, path, options);
        expect({ method, path, status: res.status, allow: res.headers.allow }).toEqual({ method, path, status, allow });
        expect(res.body).toMatchObject({ schemas: [ERROR], status: String(status) });
      }
    });

    it('401 without or with a wrong token, with WWW-Authenticate', async () => {
      for (const token of [undefined, 'wrong-token-wrong-token']) {
        const res = await httpRequest('GET', `${target.scimBaseUrl}/Users`, { token });
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ schemas: [ERROR], status: '401' });
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      }
    });

    it('health needs no token and reports the database', async () => {
      const res = await httpRequest('GET', `${target.url}/health`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', database: 'up' });
    });

    it('accepts application/json as well as application/scim+json', async () => {
      const res = await target.scim('POST', '/Users', { body: { userName: 'json@contoso.com' }, contentType: 'application/json' });
      expect(res.status).toBe(201);
      expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    });
  });
  describe('password (returned: never, RFC 7643 §2.4)', () => {
    /** Every secret of this block starts with this, so one look at the raw answer finds any of them. */
    const SECRET = 'S3cret-pw';
    const stored = async (id: string) => (await target.app.get(ResourceRepository).findById('default', 'User', id))?.data;
    const expectNoPassword = (label: string, res: TestResponse) => {
      expect({ label, status: res.status < 300 }).toEqual({ label, status: true });
      expect({
        label,
        leaked: JSON.stringify(res.body ?? null).includes(SECRET) || /"password"/i.test(JSON.stringify(res.body ?? null)),
      }).toEqual({ label, leaked: false });
    };

    it('is stored, but never in a POST, GET, list, PATCH or PUT answer, whatever attributes/excludedAttributes say', async () => {
      const created = await target.scim('POST', '/Users', { body: { userName: 'pw@contoso.com', password: `${SECRET}-1` } });
      expectNoPassword('POST', created);
      const id: string = created.body.id;
      expect((await stored(id))?.password).toBe(`${SECRET}-1`);
      expectNoPassword(
        'POST ?attributes=password',
        await target.scim('POST', '/Users?attributes=password,userName', {
          body: { userName: 'pw2@contoso.com', password: `${SECRET}-x` },
        }),
      );
      expectNoPassword(
        'POST ?excludedAttributes',
        await target.scim('POST', '/Users?excludedAttributes=title', { body: { userName: 'pw3@contoso.com', password: `${SECRET}-y` } }),
      );

      for (const query of [
        '',
        '?attributes=password',
        '?attributes=userName,password',
        `?attributes=${q(`${USER}:password`)}`,
        '?excludedAttributes=emails',
      ]) {
        const res = await target.scim('GET', `/Users/${id}${query}`);
        expect(res.body.id).toBe(id);
        expectNoPassword(`GET ${query}`, res);
      }
      for (const query of [
        'count=1000',
        `filter=${q('userName sw "pw"')}`,
        `filter=${q('userName eq "pw@contoso.com"')}&attributes=password`,
        'count=1000&excludedAttributes=emails',
      ]) {
        const res = await target.scim('GET', `/Users?${query}`);
        expect(res.body.Resources.map((r: { id: string }) => r.id)).toContain(id);
        expectNoPassword(`list ${query}`, res);
      }

      const patches: [string, string, Record<string, unknown>][] = [
        ['path password', '', { op: 'replace', path: 'password', value: `${SECRET}-2` }],
        ['path Password', '', { op: 'Replace', path: 'Password', value: `${SECRET}-3` }],
        ['URN path', '', { op: 'replace', path: `${USER}:password`, value: `${SECRET}-4` }],
        ['path-less', '', { op: 'replace', value: { password: `${SECRET}-5` } }],
        ['?attributes=password', '?attributes=password', { op: 'replace', path: 'password', value: `${SECRET}-6` }],
        ['?excludedAttributes', '?excludedAttributes=emails', { op: 'replace', path: 'password', value: `${SECRET}-7` }],
        ['unchanged', '', { op: 'replace', path: 'password', value: `${SECRET}-7` }],
      ];
      for (const [label, query, operation] of patches) {
        const res = await target.scim('PATCH', `/Users/${id}${query}`, { body: { schemas: [PATCH_OP], Operations: [operation] } });
        expectNoPassword(`PATCH ${label}`, res);
        expect((await stored(id))?.password).toBe(typeof operation.value === 'string' ? operation.value : `${SECRET}-5`);
      }
      for (const [n, query] of [
        [8, ''],
        [9, '?attributes=password'],
      ] as const) {
        const res = await target.scim('PUT', `/Users/${id}${query}`, {
          body: { schemas: [USER], userName: 'pw@contoso.com', password: `${SECRET}-${n}` },
        });
        expectNoPassword(`PUT ${query}`, res);
        expect((await stored(id))?.password).toBe(`${SECRET}-${n}`);
      }
    });

    it.each([
      'password eq "S3cret-pw-9"',
      'password pr',
      'PASSWORD sw "S"',
      `${USER}:password co "S3"`,
      'not (password eq "x")',
      'userName sw "pw" and password ew "9"',
    ])('cannot be probed with a filter: %s → 400 invalidFilter', async (filter) => {
      const res = await target.scim('GET', `/Users?filter=${q(filter)}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ schemas: [ERROR], scimType: 'invalidFilter' });
      expect(res.body.detail).toMatch(/is not filterable/);
    });
  });
});
