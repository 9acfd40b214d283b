import fc from 'fast-check';
import { base64UrlDecode, base64UrlEncode } from './base64url';
import { ODataError } from './errors';
import { decodeSkipToken, encodeSkipToken, queryFingerprint } from './skip-token';

const FP = queryFingerprint({ $filter: "startswith(displayName,'a')", $orderby: 'displayName' });

describe('skip tokens', () => {
  it.each<[string, unknown]>([
    ['id only', { after: ['8a4f2a43-2b1c-4e7e-9c1d-0f7d2a9c1b01'] }],
    ['sort key + id', { after: ['Adele Vance', '8a4f2a43-2b1c-4e7e-9c1d-0f7d2a9c1b01'] }],
    ['null sort key', { after: [null, 'x'] }],
    ['unicode', { after: ['Ümit 😀', 'y'] }],
    ['number', 42],
  ])('round-trips %s', (_label, position) => {
    const token = encodeSkipToken(position, FP);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSkipToken(token, FP)).toEqual(position);
  });

  it.each([
    ['another $filter', queryFingerprint({ $filter: "startswith(displayName,'b')", $orderby: 'displayName' })],
    ['another $orderby', queryFingerprint({ $filter: "startswith(displayName,'a')", $orderby: 'displayName desc' })],
    ['no query options', queryFingerprint({})],
  ])('is rejected when reused with %s', (_label, other) => {
    const token = encodeSkipToken({ after: ['a', '1'] }, FP);
    expect(() => decodeSkipToken(token, other)).toThrow(expect.objectContaining({ code: 'Request_BadRequest' }));
  });

  it('rejects an edited position', () => {
    const token = encodeSkipToken({ after: ['a', '1'] }, FP);
    const json = base64UrlDecode(token) ?? '';
    const forged = base64UrlEncode(json.replace('"a"', '"b"'));
    expect(() => decodeSkipToken(forged, FP)).toThrow(ODataError);
  });

  it.each(['', 'x', '!!!!', 'e30', base64UrlEncode('not json'), base64UrlEncode('{"p":1}'), base64UrlEncode('null'), 'A'.repeat(5000)])(
    'rejects malformed token %j',
    (token) => {
      expect(() => decodeSkipToken(token, FP)).toThrow(ODataError);
    },
  );

  it('only ODataError for arbitrary tokens', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (token) => {
        try {
          decodeSkipToken(token, FP);
        } catch (e) {
          expect(e).toBeInstanceOf(ODataError);
        }
      }),
    );
  });

  it('refuses to encode what JSON cannot carry', () => {
    expect(() => encodeSkipToken(undefined, FP)).toThrow(TypeError);
  });

  it('queryFingerprint ignores key order and undefined options', () => {
    expect(queryFingerprint({ a: '1', b: '2', c: undefined })).toBe(queryFingerprint({ b: '2', a: '1' }));
  });
});

describe('base64url', () => {
  it.each([
    ['', ''],
    ['f', 'Zg'],
    ['fo', 'Zm8'],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg'],
    ['\u00ff\u00fe', 'w7_Dvg'],
  ])('%j ⇄ %j', (text, encoded) => {
    expect(base64UrlEncode(text)).toBe(encoded);
    expect(base64UrlDecode(encoded)).toBe(text);
  });

  it('round-trips any string without lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (s) => {
        expect(base64UrlDecode(base64UrlEncode(s))).toBe(s);
      }),
    );
  });

  it.each(['Zg=', 'Z', 'Zh', '+/+/', '/w'])('rejects non-canonical or invalid %j', (encoded) => {
    expect(base64UrlDecode(encoded)).toBeUndefined();
  });
});
