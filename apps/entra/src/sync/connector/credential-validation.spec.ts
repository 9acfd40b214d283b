import { classifyScimResponse, type ScimCallContext } from './classify-response';
import { classifyTransportError } from './classify-transport-error';
import { ConnectorError, SCIM_ERROR_CODES } from './connector-error';
import { toCredentialValidationError, validationFilter } from './credential-validation';

const ctx: ScimCallContext = { method: 'GET', url: 'https://app.example.com/scim/Users?filter=…', target: 'collection' };

function answered(status: number, body = '', headers: Record<string, string> = {}): ConnectorError {
  const outcome = classifyScimResponse(status, headers, body, ctx);
  if (outcome.kind !== 'failure' && outcome.kind !== 'throttled') throw new Error(`${status} is not a failure`);
  return outcome.error;
}

describe('toCredentialValidationError', () => {
  const {
    credentialValidationFailure: FAILURE,
    credentialValidationUnavailable: UNAVAILABLE,
    serviceIncompatible: INCOMPATIBLE,
  } = SCIM_ERROR_CODES;
  it.each([
    ['401', () => answered(401), 'quarantine', FAILURE],
    ['403', () => answered(403), 'quarantine', FAILURE],
    [
      '400 (filter on an attribute the app cannot filter)',
      () => answered(400, '{"detail":"invalid filter","scimType":"invalidFilter"}'),
      'quarantine',
      FAILURE,
    ],
    ['405', () => answered(405), 'quarantine', FAILURE],
    ['404 on /Users', () => answered(404), 'quarantine', INCOMPATIBLE],
    ['an HTML page', () => answered(200, '<html></html>', { 'content-type': 'text/html' }), 'quarantine', INCOMPATIBLE],
    [
      'connection refused',
      () => classifyTransportError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), ctx),
      'quarantine',
      UNAVAILABLE,
    ],
    ['500', () => answered(500), 'escrow', UNAVAILABLE],
    ['503', () => answered(503), 'escrow', UNAVAILABLE],
    ['429', () => answered(429), 'escrow', UNAVAILABLE],
    [
      'a timeout',
      () => classifyTransportError(Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), ctx),
      'escrow',
      UNAVAILABLE,
    ],
    ['a reset connection', () => classifyTransportError(Object.assign(new Error('x'), { code: 'ECONNRESET' }), ctx), 'escrow', UNAVAILABLE],
  ])('%s → %s, %s', (_label, make, reaction, errorCode) => {
    const original = make();
    const error = toCredentialValidationError(original);
    expect(error).toMatchObject({ reaction, errorCode, httpStatus: original.httpStatus });
    expect(error.reason).toBe(`Test Connection failed while validating access to the app. ${original.reason}`);
  });
});

describe('validationFilter', () => {
  it('filters the matching attribute on the GUID', () => {
    expect(validationFilter('userName', '0f8fad5b-d9cb-469f-a165-70867728950e')).toBe('userName eq "0f8fad5b-d9cb-469f-a165-70867728950e"');
  });
});
