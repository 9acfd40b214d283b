import { ConnectorError } from './connector-error';
import { ScimConnector } from './scim-connector';

const BASE = 'https://app.example.com/scim/v2';

describe('ScimConnector.open', () => {
  const opened: ScimConnector[] = [];
  const open = (...args: Parameters<typeof ScimConnector.open>): ScimConnector => {
    const connector = ScimConnector.open(...args);
    opened.push(connector);
    return connector;
  };
  afterAll(() => Promise.all(opened.map((c) => c.close())));

  it.each([
    [BASE, 'default', BASE],
    [`${BASE}/`, 'default', BASE],
    [`${BASE}?aadOptscim062020`, 'aadOptscim062020', BASE],
    [`${BASE}/?aadOptscim062020`, 'aadOptscim062020', BASE],
  ])('%s → shape %s, requests to %s', (baseAddress, shape, baseUrl) => {
    const connector = open({ baseAddress, secretToken: 'token-0123456789' });
    expect(connector.shape).toBe(shape);
    expect(connector.baseUrl).toBe(baseUrl);
    expect(connector.stats()).toEqual({ inFlight: 0, queued: 0 });
  });

  it.each([
    ['concurrency 0', { concurrency: 0 }],
    ['fractional concurrency', { concurrency: 2.5 }],
    ['timeoutMs 0', { timeoutMs: 0 }],
    ['negative maxRetryAfterMs', { maxRetryAfterMs: -1 }],
    ['fractional max429Retries', { max429Retries: 1.5 }],
  ])('rejects %s', (_label, options) => {
    expect(() => ScimConnector.open({ baseAddress: BASE, secretToken: 'token-0123456789' }, options)).toThrow(RangeError);
  });

  it('rejects a Secret Token that cannot be sent in a header, without repeating it', () => {
    let caught: unknown;
    try {
      ScimConnector.open({ baseAddress: BASE, secretToken: 'abc\r\nX-Evil: 1' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConnectorError);
    expect(caught).toMatchObject({
      reaction: 'quarantine',
      errorCode: 'SystemForCrossDomainIdentityManagementCredentialValidationFailure',
    });
    expect(JSON.stringify((caught as ConnectorError).toErrorInfo())).not.toContain('X-Evil');
  });

  it('closes once', async () => {
    const connector = ScimConnector.open({ baseAddress: BASE, secretToken: 'token-0123456789' });
    await connector.close();
    await expect(connector.close()).resolves.toBeUndefined();
  });

  it('refuses methods and bodies the plan never has', async () => {
    const connector = open({ baseAddress: BASE, secretToken: 'token-0123456789' });
    await expect(connector.execute({ method: 'GET' as 'POST', path: '/Users', body: null, purpose: 'object' })).rejects.toMatchObject({
      errorCode: 'InternalError',
    });
    await expect(connector.execute({ method: 'PATCH', path: '/Users/1', body: null, purpose: 'object' })).rejects.toMatchObject({
      errorCode: 'InternalError',
    });
    await expect(connector.get('Users', '')).rejects.toMatchObject({ errorCode: 'InternalError' });
  });
});
