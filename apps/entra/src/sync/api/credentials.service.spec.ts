import { ConnectorError } from '../connector';
import { credentialFailure, credentialsToTest } from './credentials.service';
import { SecretsError } from './secrets';

const saved = [
  { key: 'BaseAddress', value: 'https://saved.example/scim' },
  { key: 'SecretToken', value: 'saved-token' },
];

describe('credentialsToTest', () => {
  it.each([
    ['the saved credentials', saved, true, [], { baseAddress: 'https://saved.example/scim', secretToken: 'saved-token' }],
    [
      'given credentials',
      [],
      false,
      [
        { key: 'BaseAddress', value: 'http://127.0.0.1:1/scim' },
        { key: 'SecretToken', value: 't' },
      ],
      { baseAddress: 'http://127.0.0.1:1/scim', secretToken: 't' },
    ],
    [
      'given over saved',
      saved,
      true,
      [{ key: 'SecretToken', value: 'new' }],
      { baseAddress: 'https://saved.example/scim', secretToken: 'new' },
    ],
    [
      'the mask resolving to the saved token',
      saved,
      false,
      [
        { key: 'BaseAddress', value: 'https://other.example/scim' },
        { key: 'SecretToken', value: '*' },
      ],
      { baseAddress: 'https://other.example/scim', secretToken: 'saved-token' },
    ],
  ])('uses %s', (_name, stored, useSaved, given, expected) => {
    expect(credentialsToTest(stored, useSaved, given)).toEqual(expected);
  });

  it.each([
    ['nothing to test', saved, false, [], /Provide credentials/],
    ['nothing saved', [], true, [], /No BaseAddress/],
    ['no token', [], false, [{ key: 'BaseAddress', value: 'https://a.example/scim' }], /SecretToken is required/],
    [
      'a bad URL',
      [],
      false,
      [
        { key: 'BaseAddress', value: 'nope' },
        { key: 'SecretToken', value: 't' },
      ],
      /absolute http or https URL/,
    ],
    ['an unknown key', [], false, [{ key: 'Nope', value: 'x' }], /Invalid secret key/],
  ])('refuses %s', (_name, stored, useSaved, given, message) => {
    expect(() => credentialsToTest(stored, useSaved as boolean, given)).toThrow(SecretsError);
    expect(() => credentialsToTest(stored, useSaved as boolean, given)).toThrow(message);
  });
});

describe('credentialFailure', () => {
  const tested = { baseAddress: 'https://app.example/scim', secretToken: 'tok-123' };
  const error = (httpStatus: number | null, reason: string) =>
    new ConnectorError({ reaction: 'quarantine', httpStatus, errorCode: 'SomeCode', errorCategory: 'nonServiceFailure', reason });

  it.each([
    [401, /invalid credentials: https:\/\/app.example\/scim answered HTTP 401/],
    [403, /invalid credentials/],
    [null, /Could not connect to https:\/\/app.example\/scim/],
    [404, /did not answer like a SCIM 2.0 endpoint \(HTTP 404\)/],
  ])('HTTP %s', (status, message) => {
    const graph = credentialFailure(error(status, 'why'), tested);
    expect(graph.status).toBe(400);
    expect(graph.message).toMatch(message);
    expect(graph.message).toContain('(error code SomeCode)');
  });

  it('never repeats the token', () => {
    expect(credentialFailure(error(401, 'sent Bearer tok-123'), tested).message).not.toContain('tok-123');
  });
});
