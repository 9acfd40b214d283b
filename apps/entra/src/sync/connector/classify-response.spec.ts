import {
  classifyScimResponse,
  describeBody,
  readCreatedResource,
  readListResponse,
  readResource,
  requireNoMembers,
  type ResponseHeaders,
  type ScimCallContext,
} from './classify-response';
import { ConnectorError } from './connector-error';

const BASE = 'https://app.example.com/scim';
const getOne: ScimCallContext = { method: 'GET', url: `${BASE}/Users/42`, target: 'resource' };
const getGroup: ScimCallContext = { method: 'GET', url: `${BASE}/Groups/7?excludedAttributes=members`, target: 'resource' };
const query: ScimCallContext = { method: 'GET', url: `${BASE}/Users?filter=userName%20eq%20%22a%22`, target: 'collection' };
const post: ScimCallContext = { method: 'POST', url: `${BASE}/Users`, target: 'collection' };
const patch: ScimCallContext = { method: 'PATCH', url: `${BASE}/Users/42`, target: 'resource' };
const del: ScimCallContext = { method: 'DELETE', url: `${BASE}/Users/42`, target: 'resource' };

const SCIM = { 'content-type': 'application/scim+json; charset=utf-8' };
const HTML = { 'content-type': 'text/html; charset=utf-8' };
const NOW = Date.parse('2025-01-01T00:00:00Z');

function scimError(status: number, detail: string, scimType?: string): string {
  return JSON.stringify({
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    status: String(status),
    detail,
    ...(scimType ? { scimType } : {}),
  });
}

const USER = JSON.stringify({ id: '42', userName: 'alice@contoso.com' });
const NGINX_502 = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

type Expected =
  | { kind: 'success'; json?: unknown }
  | { kind: 'notFound' }
  | { kind: 'throttled'; retryAfterMs: number | undefined }
  | { kind: 'failure'; reaction: string; errorCode: string; scimType?: string; retryAfterMs?: number };

describe('classifyScimResponse', () => {
  const rows: Array<[string, number, ResponseHeaders, string, ScimCallContext, Expected]> = [
    ['200 resource', 200, SCIM, USER, getOne, { kind: 'success', json: { id: '42', userName: 'alice@contoso.com' } }],
    ['201 created', 201, SCIM, USER, post, { kind: 'success', json: { id: '42', userName: 'alice@contoso.com' } }],
    ['204 after DELETE', 204, {}, '', del, { kind: 'success', json: undefined }],
    ['204 after PATCH', 204, {}, '', patch, { kind: 'success', json: undefined }],
    ['200 with an empty body after PATCH', 200, SCIM, '', patch, { kind: 'success', json: undefined }],
    [
      '200 as application/json',
      200,
      { 'content-type': 'application/json' },
      USER,
      getOne,
      { kind: 'success', json: { id: '42', userName: 'alice@contoso.com' } },
    ],
    ['200 JSON without Content-Type', 200, {}, USER, getOne, { kind: 'success', json: { id: '42', userName: 'alice@contoso.com' } }],
    [
      '200 HTML page',
      200,
      HTML,
      '<!doctype html><html><body>Sign in</body></html>',
      query,
      { kind: 'failure', reaction: 'quarantine', errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible' },
    ],
    [
      '200 HTML without Content-Type',
      200,
      {},
      '<html></html>',
      query,
      { kind: 'failure', reaction: 'quarantine', errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible' },
    ],
    [
      '200 plain text',
      200,
      { 'content-type': 'text/plain' },
      'OK',
      query,
      { kind: 'failure', reaction: 'quarantine', errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible' },
    ],
    [
      '200 broken JSON',
      200,
      SCIM,
      '{"Resources": [',
      query,
      { kind: 'failure', reaction: 'quarantine', errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible' },
    ],
    [
      '302 redirect to a login page',
      302,
      { location: 'https://login.example.com/' },
      '',
      query,
      { kind: 'failure', reaction: 'quarantine', errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible' },
    ],
    [
      '400 invalid value',
      400,
      SCIM,
      scimError(400, 'emails[0].value is not an email', 'invalidValue'),
      post,
      { kind: 'failure', reaction: 'skip', errorCode: 'SystemForCrossDomainIdentityManagementBadRequest', scimType: 'invalidValue' },
    ],
    [
      '400 HTML from a proxy',
      400,
      HTML,
      '<html>Bad Request</html>',
      post,
      { kind: 'failure', reaction: 'skip', errorCode: 'SystemForCrossDomainIdentityManagementBadRequest' },
    ],
    [
      '401',
      401,
      SCIM,
      scimError(401, 'Missing or invalid bearer token'),
      query,
      { kind: 'failure', reaction: 'quarantine', errorCode: 'Unauthorized' },
    ],
    ['401 HTML', 401, HTML, '<html>Unauthorized</html>', patch, { kind: 'failure', reaction: 'quarantine', errorCode: 'Unauthorized' }],
    [
      '403',
      403,
      SCIM,
      scimError(403, 'Token lacks the users scope'),
      post,
      { kind: 'failure', reaction: 'quarantine', errorCode: 'Unauthorized' },
    ],
    ['404 SCIM error on GET of a resource', 404, SCIM, scimError(404, 'Resource 42 not found'), getOne, { kind: 'notFound' }],
    ['404 empty on GET of a resource', 404, {}, '', getOne, { kind: 'notFound' }],
    ['404 on GET of a group', 404, SCIM, scimError(404, 'Resource 7 not found'), getGroup, { kind: 'notFound' }],
    [
      '404 HTML on GET of a resource',
      404,
      HTML,
      '<html>Not Found</html>',
      getOne,
      { kind: 'failure', reaction: 'quarantine', errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible' },
    ],
    [
      '404 text on GET of a resource',
      404,
      { 'content-type': 'text/plain' },
      'Cannot GET /scim/Users/42',
      getOne,
      { kind: 'failure', reaction: 'quarantine', errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible' },
    ],
    [
      '404 on the collection (query)',
      404,
      SCIM,
      scimError(404, 'Unknown resource type'),
      query,
      { kind: 'failure', reaction: 'quarantine', errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible' },
    ],
    [
      '404 on the collection (POST)',
      404,
      HTML,
      '<html>Not Found</html>',
      post,
      { kind: 'failure', reaction: 'quarantine', errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible' },
    ],
    [
      '404 on PATCH of a linked resource',
      404,
      SCIM,
      scimError(404, 'Resource 42 not found'),
      patch,
      { kind: 'failure', reaction: 'skip', errorCode: 'InvalidAnchor' },
    ],
    ['404 on DELETE of a linked resource', 404, {}, '', del, { kind: 'failure', reaction: 'skip', errorCode: 'InvalidAnchor' }],
    [
      '405',
      405,
      SCIM,
      scimError(405, 'PATCH is not supported'),
      patch,
      { kind: 'failure', reaction: 'skip', errorCode: 'MethodNotAllowed' },
    ],
    ['408', 408, {}, '', patch, { kind: 'failure', reaction: 'escrow', errorCode: 'Timeout' }],
    [
      '409 uniqueness',
      409,
      SCIM,
      scimError(409, 'userName alice@contoso.com is already taken', 'uniqueness'),
      post,
      { kind: 'failure', reaction: 'skip', errorCode: 'EntryConflict', scimType: 'uniqueness' },
    ],
    [
      '412',
      412,
      SCIM,
      scimError(412, 'If-Match required'),
      patch,
      { kind: 'failure', reaction: 'skip', errorCode: 'WebExceptionProtocolError' },
    ],
    [
      '413',
      413,
      SCIM,
      scimError(413, 'Too large', 'tooLarge'),
      patch,
      { kind: 'failure', reaction: 'skip', errorCode: 'WebExceptionProtocolError', scimType: 'tooLarge' },
    ],
    [
      '422',
      422,
      SCIM,
      scimError(422, 'department must be one of …'),
      patch,
      { kind: 'failure', reaction: 'skip', errorCode: 'UnprocessableEntity' },
    ],
    ['429 Retry-After seconds', 429, { 'retry-after': '7' }, '', post, { kind: 'throttled', retryAfterMs: 7000 }],
    [
      '429 Retry-After HTTP-date',
      429,
      { 'retry-after': new Date(NOW + 90_000).toUTCString() },
      '',
      post,
      { kind: 'throttled', retryAfterMs: 90_000 },
    ],
    ['429 without Retry-After', 429, SCIM, scimError(429, 'Slow down'), query, { kind: 'throttled', retryAfterMs: undefined }],
    [
      '500',
      500,
      SCIM,
      scimError(500, 'Internal server error'),
      post,
      { kind: 'failure', reaction: 'escrow', errorCode: 'InternalServerError' },
    ],
    [
      '501',
      501,
      SCIM,
      scimError(501, 'Groups are not implemented'),
      post,
      { kind: 'failure', reaction: 'skip', errorCode: 'NotImplemented' },
    ],
    ['502 HTML from a gateway', 502, HTML, NGINX_502, query, { kind: 'failure', reaction: 'escrow', errorCode: 'InternalServerError' }],
    [
      '503 with Retry-After',
      503,
      { 'retry-after': '30' },
      '',
      query,
      { kind: 'failure', reaction: 'escrow', errorCode: 'InternalServerError', retryAfterMs: 30_000 },
    ],
    ['504', 504, {}, '', patch, { kind: 'failure', reaction: 'escrow', errorCode: 'InternalServerError' }],
  ];

  it.each(rows)('%s', (_label, status, headers, body, ctx, expected) => {
    const outcome = classifyScimResponse(status, headers, body, ctx, NOW);
    expect(outcome.kind).toBe(expected.kind);
    switch (expected.kind) {
      case 'success':
        expect(outcome).toEqual({ kind: 'success', status, json: expected.json });
        break;
      case 'notFound':
        expect(outcome).toEqual({ kind: 'notFound', status: 404 });
        break;
      case 'throttled':
        if (outcome.kind !== 'throttled') throw new Error('not throttled');
        expect(outcome.retryAfterMs).toBe(expected.retryAfterMs);
        expect(outcome.error).toMatchObject({ reaction: 'escrow', errorCode: 'TooManyRequests', httpStatus: 429 });
        break;
      case 'failure': {
        if (outcome.kind !== 'failure') throw new Error(`not a failure: ${outcome.kind}`);
        const error = outcome.error;
        expect(error).toBeInstanceOf(ConnectorError);
        expect({
          reaction: error.reaction,
          errorCode: error.errorCode,
          httpStatus: error.httpStatus,
          errorCategory: error.errorCategory,
        }).toEqual({
          reaction: expected.reaction,
          errorCode: expected.errorCode,
          httpStatus: status,
          errorCategory: 'nonServiceFailure',
        });
        expect(error.scimType).toBe(expected.scimType);
        expect(error.retryAfterMs).toBe(expected.retryAfterMs);
        expect(error.reason).toContain(`${ctx.method} ${ctx.url}`);
        expect(error.recommendedAction).toEqual(expect.any(String));
        expect(error.message).toBe(error.reason);
        break;
      }
    }
  });

  it('quotes the SCIM detail and scimType in the reason, and the answer in additionalDetails', () => {
    const outcome = classifyScimResponse(409, SCIM, scimError(409, 'userName alice@contoso.com is already taken', 'uniqueness'), post, NOW);
    if (outcome.kind !== 'failure') throw new Error('expected a failure');
    expect(outcome.error.reason).toBe(
      'The SCIM app answered POST https://app.example.com/scim/Users with 409 Conflict: the object conflicts with one that already exists in the app.' +
        ' The app said: "userName alice@contoso.com is already taken" (scimType uniqueness).',
    );
    expect(outcome.error.additionalDetails).toContain('Response status: 409 Conflict. Response content: {"schemas"');
    expect(outcome.error.toErrorInfo()).toEqual({
      errorCode: 'EntryConflict',
      reason: outcome.error.reason,
      additionalDetails: outcome.error.additionalDetails,
      errorCategory: 'nonServiceFailure',
      recommendedAction: outcome.error.recommendedAction,
    });
  });

  it('names the endpoint that is not SCIM when the collection answers 404', () => {
    const outcome = classifyScimResponse(404, HTML, '<html>Not Found</html>', query, NOW);
    if (outcome.kind !== 'failure') throw new Error('expected a failure');
    expect(outcome.error.reason).toContain('https://app.example.com/scim/Users is not a SCIM endpoint of this app');
    expect(outcome.error.recommendedAction).toContain('Tenant URL');
  });

  it('keeps long answers short in additionalDetails', () => {
    const outcome = classifyScimResponse(500, HTML, `<html>${'x'.repeat(5000)}</html>`, post, NOW);
    if (outcome.kind !== 'failure') throw new Error('expected a failure');
    expect(outcome.error.additionalDetails!.length).toBeLessThan(1200);
    expect(outcome.error.additionalDetails).toMatch(/…$/);
  });
});

describe('describeBody', () => {
  it.each([
    ['', {}, 'empty'],
    ['  \n', SCIM, 'empty'],
    ['{"a":1}', SCIM, 'json'],
    ['[1]', { 'content-type': 'application/json' }, 'json'],
    ['{"a":1}', {}, 'json'],
    ['{"a":', SCIM, 'invalidJson'],
    ['<html/>', HTML, 'html'],
    ['<?xml version="1.0"?><error/>', { 'content-type': 'application/xml' }, 'html'],
    ['<html/>', {}, 'html'],
    ['OK', { 'content-type': 'text/plain' }, 'text'],
    ['OK', {}, 'text'],
  ] as const)('%j with %j → %s', (body, headers, kind) => {
    expect(describeBody(headers, body).kind).toBe(kind);
  });
});

describe('readListResponse', () => {
  const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

  it.each([
    ['a ListResponse', { schemas: [LIST], totalResults: 1, Resources: [{ id: '1' }], startIndex: 1, itemsPerPage: 1 }, [{ id: '1' }]],
    ['an empty ListResponse', { schemas: [LIST], totalResults: 0, Resources: [], startIndex: 1, itemsPerPage: 0 }, []],
    ['totalResults 0 without Resources', { schemas: [LIST], totalResults: 0 }, []],
    ['a ListResponse schema without totals', { schemas: [LIST] }, []],
    ['Resources in another case', { totalResults: 1, resources: [{ id: '1' }] }, [{ id: '1' }]],
  ])('%s', (_label, json, expected) => {
    expect(readListResponse(json, query)).toEqual(expected);
  });

  it.each([
    ['a single resource instead of a list', { id: '1', userName: 'a' }],
    ['totalResults 2 without Resources', { schemas: [LIST], totalResults: 2 }],
    ['a bare array', [{ id: '1' }]],
    ['Resources that is not a list', { totalResults: 1, Resources: { id: '1' } }],
    ['Resources with non-objects', { totalResults: 1, Resources: ['1'] }],
    ['nothing', undefined],
  ])('%s → quarantine, ServiceIncompatible', (_label, json) => {
    expect(() => readListResponse(json, query)).toThrow(ConnectorError);
    try {
      readListResponse(json, query);
    } catch (error) {
      expect(error).toMatchObject({
        reaction: 'quarantine',
        errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
        httpStatus: 200,
      });
    }
  });
});

describe('readResource / readCreatedResource', () => {
  it('answers the object', () => {
    expect(readResource({ id: '1' }, getOne)).toEqual({ id: '1' });
    expect(readCreatedResource({ id: 'x-1', userName: 'a' }, post)).toEqual({ id: 'x-1', userName: 'a' });
  });

  it.each([
    ['no body', undefined],
    ['an array', [{ id: '1' }]],
    ['no id', { userName: 'a' }],
    ['an empty id', { id: '' }],
    ['a numeric id', { id: 1 }],
  ])('a created resource with %s → skip, ServiceIncompatible', (_label, json) => {
    expect(() => readCreatedResource(json, post, 201)).toThrow(
      expect.objectContaining({
        reaction: 'skip',
        errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible',
        httpStatus: 201,
      }),
    );
  });

  it('a GET answered with something other than an object → skip, ServiceIncompatible', () => {
    expect(() => readResource('hello', getOne)).toThrow(expect.objectContaining({ reaction: 'skip' }));
  });
});

describe('requireNoMembers', () => {
  it.each([
    ['no members', [{ id: '7', displayName: 'Sales' }]],
    ['empty members', [{ id: '7', displayName: 'Sales', members: [] }]],
    ['null members', [{ id: '7', members: null }]],
    ['no groups', []],
  ])('accepts %s', (_label, resources) => {
    expect(() => requireNoMembers(resources, getGroup)).not.toThrow();
  });

  it('members despite excludedAttributes=members → MultipleEntriesInResponse', () => {
    expect(() => requireNoMembers([{ id: '7', members: [{ value: 'u1' }] }], getGroup)).toThrow(
      expect.objectContaining({ reaction: 'skip', errorCode: 'SystemForCrossDomainIdentityManagementMultipleEntriesInResponse' }),
    );
  });
});
