import { classifyTransportError, errorCodes, ScimRequestTimeout } from './classify-transport-error';
import type { ScimCallContext } from './classify-response';

const ctx: ScimCallContext = { method: 'POST', url: 'https://app.example.com/scim/Users', target: 'collection' };

function coded(code: string, message = code, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code, ...extra });
}

function aggregate(code: string): Error {
  // Node's happy-eyeballs connect (autoSelectFamily) reports one error per address tried.
  return Object.assign(new AggregateError([coded(code, `connect ${code} ::1:1`), coded(code, `connect ${code} 127.0.0.1:1`)]), { code });
}

describe('classifyTransportError', () => {
  it.each([
    ['the connector timeout', new ScimRequestTimeout(60_000), 'escrow', 'Timeout'],
    ['undici headers timeout', coded('UND_ERR_HEADERS_TIMEOUT'), 'escrow', 'Timeout'],
    ['undici body timeout', coded('UND_ERR_BODY_TIMEOUT'), 'escrow', 'Timeout'],
    [
      'ECONNREFUSED',
      coded('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1'),
      'quarantine',
      'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
    ],
    [
      'ECONNREFUSED on every address',
      aggregate('ECONNREFUSED'),
      'quarantine',
      'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
    ],
    [
      'ENOTFOUND',
      coded('ENOTFOUND', 'getaddrinfo ENOTFOUND scim.invalid'),
      'quarantine',
      'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
    ],
    ['EAI_AGAIN', coded('EAI_AGAIN'), 'quarantine', 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable'],
    ['EHOSTUNREACH', coded('EHOSTUNREACH'), 'quarantine', 'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable'],
    [
      'a connect timeout',
      coded('UND_ERR_CONNECT_TIMEOUT'),
      'quarantine',
      'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
    ],
    [
      'a self-signed certificate',
      coded('DEPTH_ZERO_SELF_SIGNED_CERT'),
      'quarantine',
      'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
    ],
    [
      'a TLS host name mismatch',
      coded('ERR_TLS_CERT_ALTNAME_INVALID'),
      'quarantine',
      'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
    ],
    [
      'a certificate from an untrusted CA',
      coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE'),
      'quarantine',
      'SystemForCrossDomainIdentityManagementCredentialValidationUnavailable',
    ],
    [
      'an answer that is not HTTP',
      coded('HPE_INVALID_CONSTANT'),
      'quarantine',
      'SystemForCrossDomainIdentityManagementServiceIncompatible',
    ],
    ['ECONNRESET', coded('ECONNRESET', 'read ECONNRESET'), 'escrow', 'WebExceptionProtocolError'],
    [
      'undici socket closed (cause ECONNRESET)',
      coded('UND_ERR_SOCKET', 'other side closed', { cause: coded('ECONNRESET') }),
      'escrow',
      'WebExceptionProtocolError',
    ],
    ['EPIPE', coded('EPIPE'), 'escrow', 'WebExceptionProtocolError'],
  ])('%s → %s, %s', (_label, error, reaction, errorCode) => {
    const classified = classifyTransportError(error, ctx);
    expect(classified).toMatchObject({ reaction, errorCode, httpStatus: null, errorCategory: 'nonServiceFailure' });
    expect(classified.reason).toContain('POST https://app.example.com/scim/Users got no answer');
    expect(classified.recommendedAction).toEqual(expect.any(String));
  });

  it.each([
    ['a closed pool', coded('UND_ERR_CLOSED', 'The client is closed')],
    ['a destroyed pool', coded('UND_ERR_DESTROYED')],
    ['an error without code', new TypeError('boom')],
    ['a thrown string', 'boom'],
  ])('%s → InternalError (escrow, category failure)', (_label, error) => {
    expect(classifyTransportError(error, ctx)).toMatchObject({
      reaction: 'escrow',
      errorCode: 'InternalError',
      errorCategory: 'failure',
      httpStatus: null,
    });
  });

  it('tells the admin what went wrong', () => {
    expect(classifyTransportError(coded('ECONNREFUSED'), ctx).reason).toBe(
      'POST https://app.example.com/scim/Users got no answer: the connection was refused (nothing listens on that host and port).',
    );
    expect(classifyTransportError(new ScimRequestTimeout(1500), ctx).reason).toBe(
      'POST https://app.example.com/scim/Users got no answer: the app did not answer within 1500 ms.',
    );
  });
});

describe('errorCodes', () => {
  it('collects codes from causes and aggregated errors, outermost first', () => {
    const error = Object.assign(new Error('outer'), {
      code: 'A',
      cause: Object.assign(new Error('mid'), { code: 'B' }),
      errors: [coded('C')],
    });
    expect(errorCodes(error)).toEqual(['A', 'B', 'C']);
  });

  it('stops on cycles', () => {
    const error: Error & { cause?: unknown; code?: string } = coded('A');
    error.cause = error;
    expect(errorCodes(error)).toEqual(['A', 'A', 'A', 'A', 'A', 'A']);
  });
});
