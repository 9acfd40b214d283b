import type { ScimRequestRecord } from '../connector';
import { bodyView, scimRequestRows } from './provisioning-log.scim-requests';
import type { ProvisioningObjectSummary } from './provisioning-log.types';

describe('bodyView', () => {
  it.each<[string, string | null, unknown]>([
    ['null', null, null],
    ['a JSON object', '{"a":1}', { a: 1 }],
    ['a JSON array', ' [1,2]', [1, 2]],
    ['a cut JSON body stays text', '{"a":"bbb…[provsim: truncated, 9 bytes in all]', '{"a":"bbb…[provsim: truncated, 9 bytes in all]'],
    ['HTML', '<html>oops</html>', '<html>oops</html>'],
    ['a bare JSON string stays text', '"x"', '"x"'],
  ])('%s', (_why, text, expected) => expect(bodyView(text)).toEqual(expected));
});

describe('scimRequestRows', () => {
  const entry = (id: string, at: string) => ({ id, activityDateTime: at }) as ProvisioningObjectSummary;
  const record = (method: ScimRequestRecord['method'], startedAt: number, extra: Partial<ScimRequestRecord> = {}): ScimRequestRecord => ({
    method,
    url: 'https://app.example/scim/v2/Users',
    requestHeaders: { authorization: 'Bearer ****' },
    requestBody: null,
    status: 200,
    responseBody: null,
    error: null,
    durationMs: 3.6,
    startedAt,
    ...extra,
  });

  it('numbers each entry’s requests from 1, on the simulated clock, and skips entries without any', () => {
    const wallNow = 10_000;
    const rows = scimRequestRows(
      [entry('e1', '2030-01-01T00:00:00.000Z'), entry('e2', '2030-01-01T00:00:00.000Z'), entry('e3', '2030-01-01T00:00:00.000Z')],
      [
        [record('GET', 9_000), record('POST', 9_500, { requestBody: '{"a":1}', status: 201 })],
        undefined,
        [record('PATCH', 9_990, { status: null, error: 'Timeout' })],
      ],
      wallNow,
    );
    expect(rows).toEqual([
      [
        'e1',
        '1',
        'GET',
        'https://app.example/scim/v2/Users',
        '{"authorization":"Bearer ****"}',
        null,
        '200',
        null,
        null,
        '4',
        '2029-12-31T23:59:59.000Z',
      ],
      [
        'e1',
        '2',
        'POST',
        'https://app.example/scim/v2/Users',
        '{"authorization":"Bearer ****"}',
        '{"a":1}',
        '201',
        null,
        null,
        '4',
        '2029-12-31T23:59:59.500Z',
      ],
      [
        'e3',
        '1',
        'PATCH',
        'https://app.example/scim/v2/Users',
        '{"authorization":"Bearer ****"}',
        null,
        null,
        null,
        'Timeout',
        '4',
        '2029-12-31T23:59:59.990Z',
      ],
    ]);
  });
});
