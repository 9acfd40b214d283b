/**
 * `npm run bench:input`: what the request-input checks cost per request, against the baseline of what every request
 * paid before them (JSON.parse of the same body; a regex test of the URL), in the same process.
 */
import { assertSafeUrl, parseJsonBody } from '@app/platform';
import { fmt } from '../support';

const user = Buffer.from(
  JSON.stringify({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
    externalId: 'adelev',
    userName: 'adele.vance@contoso.com',
    active: true,
    displayName: 'Adele Vance',
    name: { formatted: 'Adele Vance', familyName: 'Vance', givenName: 'Adele' },
    emails: [{ primary: true, type: 'work', value: 'adele.vance@contoso.com' }],
    phoneNumbers: [{ type: 'mobile', value: '+1 206 555 0109' }],
    title: 'Retail Manager',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Retail', employeeNumber: '12345' },
    meta: { resourceType: 'User' },
  }),
);
const url = '/scim/v2/Users?filter=userName%20eq%20%22adele.vance%40contoso.com%22&count=1';

function perOp(label: string, n: number, fn: () => void): number {
  for (let i = 0; i < n / 10; i++) fn();
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  const ns = Number(process.hrtime.bigint() - started) / n;
  process.stdout.write(`${label.padEnd(52)} ${fmt(ns)} ns/op\n`);
  return ns;
}

const N = 200_000;
const baseBody = perOp('baseline: JSON.parse(body.toString())', N, () => JSON.parse(user.toString('utf8')));
const body = perOp('parseJsonBody (strict UTF-8, depth, keys, text)', N, () => parseJsonBody(user));
const baseUrl = perOp('baseline: regex test of the URL', N, () => /^\/scim\/v2(?=[/?#]|$)/.test(url));
const safeUrl = perOp('assertSafeUrl (decode, NUL, surrogates, credentials)', N, () => assertSafeUrl(url));
process.stdout.write(
  `\nbody: ${fmt(body / baseBody, 2)}× the baseline (+${fmt(body - baseBody)} ns); URL: +${fmt(safeUrl - baseUrl)} ns per request\n`,
);
