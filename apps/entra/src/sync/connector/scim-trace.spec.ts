import {
  capBody,
  capError,
  maskHeaders,
  MASK,
  redactSecret,
  SCIM_TRACE_ERROR_LIMIT,
  SCIM_TRACE_MAX_RECORDS,
  ScimTrace,
  traceRecord,
  truncationMarker,
} from './scim-trace';

const SECRET = 'sEcReT-token-0123456789abcdef';

describe('maskHeaders', () => {
  it.each([
    ['a bearer token keeps its scheme', { authorization: `Bearer ${SECRET}` }, { authorization: 'Bearer ****' }],
    ['any capitalisation of the name', { Authorization: `Bearer ${SECRET}` }, { Authorization: 'Bearer ****' }],
    ['another scheme', { authorization: `Basic ${SECRET}` }, { authorization: 'Basic ****' }],
    ['a bare credential', { authorization: SECRET }, { authorization: MASK }],
    [
      'other headers unchanged',
      { accept: 'application/scim+json', 'content-type': 'application/scim+json' },
      { accept: 'application/scim+json', 'content-type': 'application/scim+json' },
    ],
    ['no headers', {}, {}],
  ])('%s', (_why, headers: Record<string, string>, expected) => {
    const masked = maskHeaders(headers);
    expect(masked).toEqual(expected);
    expect(JSON.stringify(masked)).not.toContain(SECRET);
  });
});

describe('redactSecret', () => {
  it.each([
    ['absent', 'nothing here', SECRET, 'nothing here'],
    ['once', `token=${SECRET}`, SECRET, 'token=****'],
    ['several times', `${SECRET}/${SECRET}`, SECRET, '****/****'],
    ['an empty secret changes nothing', 'abc', '', 'abc'],
  ])('%s', (_why, text, secret, expected) => expect(redactSecret(text, secret)).toBe(expected));
});

describe('capBody', () => {
  const limit = 16;
  it.each<[string, string | null | undefined, string | null]>([
    ['null', null, null],
    ['undefined', undefined, null],
    ['empty', '', null],
    ['short', '{"a":1}', '{"a":1}'],
    ['exactly the limit', 'x'.repeat(16), 'x'.repeat(16)],
    ['one byte over', 'x'.repeat(17), `${'x'.repeat(16)}${truncationMarker(17)}`],
    ['multibyte, cut on a character boundary', 'é'.repeat(10), `${'é'.repeat(8)}${truncationMarker(20)}`],
    ['a 3-byte character cut in half is dropped', `ab${'€'.repeat(6)}`, `ab${'€'.repeat(4)}${truncationMarker(20)}`],
    ['an emoji cut in half is dropped', `abcdefghijklmno😀`, `abcdefghijklmno${truncationMarker(19)}`],
    ['NUL replaced (PostgreSQL text cannot hold it)', 'a\u0000b', 'a\uFFFDb'],
  ])('%s', (_why, body, expected) => expect(capBody(body, limit)).toBe(expected));

  it('the default limit is 64 KiB of UTF-8', () => {
    const big = 'y'.repeat(200_000);
    const capped = capBody(big)!;
    expect(capped.startsWith('y'.repeat(64 * 1024))).toBe(true);
    expect(capped).toBe(`${'y'.repeat(64 * 1024)}${truncationMarker(200_000)}`);
  });
});

describe('capError', () => {
  it.each<[string, string | null, string | null]>([
    ['none', null, null],
    ['empty', '', null],
    ['kept', 'Timeout: no answer', 'Timeout: no answer'],
    ['secret redacted', `401: token ${SECRET} refused`, '401: token **** refused'],
    ['long text cut', 'e'.repeat(SCIM_TRACE_ERROR_LIMIT + 10), `${'e'.repeat(SCIM_TRACE_ERROR_LIMIT)}…`],
  ])('%s', (_why, error, expected) => expect(capError(error, SECRET)).toBe(expected));
});

describe('traceRecord', () => {
  const exchange = {
    method: 'POST' as const,
    url: `https://app.example/scim/v2/Users?echo=${SECRET}`,
    headers: { accept: 'application/scim+json', authorization: `Bearer ${SECRET}`, 'content-type': 'application/scim+json' },
    body: '{"userName":"a@contoso.com"}',
    status: 400,
    responseBody: `{"detail":"bad token ${SECRET}"}`,
    error: `InvalidRequest: bad token ${SECRET}`,
    durationMs: 12.5,
    startedAt: 1_700_000_000_000,
  };

  it('keeps the exchange and never the secret (URL, headers, bodies, error)', () => {
    const record = traceRecord(exchange, SECRET);
    expect(record).toEqual({
      method: 'POST',
      url: 'https://app.example/scim/v2/Users?echo=****',
      requestHeaders: { accept: 'application/scim+json', authorization: 'Bearer ****', 'content-type': 'application/scim+json' },
      requestBody: '{"userName":"a@contoso.com"}',
      status: 400,
      responseBody: '{"detail":"bad token ****"}',
      error: 'InvalidRequest: bad token ****',
      durationMs: 12.5,
      startedAt: 1_700_000_000_000,
    });
    expect(JSON.stringify(record)).not.toContain(SECRET);
  });

  it('a secret straddling the truncation point is redacted before the cut (no part of it survives)', () => {
    const responseBody = `${'z'.repeat(64 * 1024 - 5)}${SECRET}${'z'.repeat(100)}`;
    const record = traceRecord({ ...exchange, responseBody }, SECRET);
    expect(record.responseBody).not.toContain(SECRET.slice(0, 5));
    expect(record.responseBody!.endsWith(truncationMarker(Buffer.byteLength(responseBody) - SECRET.length + MASK.length))).toBe(true);
  });

  it.each([
    ['GET: no request body', { method: 'GET' as const, body: undefined }, { requestBody: null }],
    ['no answer: status and response body null', { status: null, responseBody: '' }, { status: null, responseBody: null }],
  ])('%s', (_why, change, expected) => expect(traceRecord({ ...exchange, ...change }, SECRET)).toMatchObject(expected));
});

describe('ScimTrace', () => {
  it('keeps at most SCIM_TRACE_MAX_RECORDS exchanges and counts the others', () => {
    const trace = new ScimTrace();
    const record = traceRecord(
      { method: 'GET', url: 'u', headers: {}, body: undefined, status: 429, responseBody: '', error: null, durationMs: 1, startedAt: 0 },
      '',
    );
    for (let i = 0; i < SCIM_TRACE_MAX_RECORDS + 3; i += 1) trace.add(record);
    expect(trace.records).toHaveLength(SCIM_TRACE_MAX_RECORDS);
    expect(trace.dropped).toBe(3);
  });
});
