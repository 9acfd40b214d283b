import { ODataError } from './errors';
import { parseFilter } from './filter-parser';
import { advancedQueryOperators, validateFilter } from './filter-validate';
import { USER_PROPS } from './test-fixtures';

const validate = (text: string) => validateFilter(parseFilter(text), USER_PROPS, 'User');

describe('validateFilter — canonical names and coercions', () => {
  it.each([
    ["DISPLAYNAME eq 'a'", 'displayName'],
    ["startswith(userprincipalname,'a')", 'userPrincipalName'],
    ["onpremisesextensionattributes/EXTENSIONATTRIBUTE1 eq 'a'", 'onPremisesExtensionAttributes/extensionAttribute1'],
  ])('%s → %s', (text, canonical) => {
    expect(validate(text)).toMatchObject({ subject: { kind: 'property', name: canonical } });
  });

  it('canonicalises the collection of any()', () => {
    expect(validate("BUSINESSPHONES/any(p:p eq '1')")).toMatchObject({ kind: 'any', property: 'businessPhones' });
  });

  it('accepts a quoted guid for a guid property and normalises it', () => {
    expect(validate("id eq 'ABCDEF01-2345-6789-ABCD-EF0123456789'")).toMatchObject({
      value: { type: 'guid', value: 'abcdef01-2345-6789-abcd-ef0123456789' },
    });
  });
});

describe('validateFilter — rejections (Graph codes and messages)', () => {
  it.each<[string, ODataError['code'], string]>([
    ["nope eq 'a'", 'Request_BadRequest', "Could not find a property named 'nope' on type 'microsoft.graph.user'."],
    [
      "aboutMe eq 'a'",
      'Request_UnsupportedQuery',
      "Unsupported or invalid query filter clause specified for property 'aboutMe' of resource 'User'.",
    ],
    [
      "endswith(displayName,'a')",
      'Request_UnsupportedQuery',
      "Unsupported or invalid query filter clause specified for property 'displayName' of resource 'User'.",
    ],
    [
      "startswith(signInCount,'1')",
      'Request_UnsupportedQuery',
      "Unsupported or invalid query filter clause specified for property 'signInCount' of resource 'User'.",
    ],
    [
      'accountEnabled gt true',
      'Request_UnsupportedQuery',
      "Unsupported or invalid query filter clause specified for property 'accountEnabled' of resource 'User'.",
    ],
    [
      'id gt 8a4f2a43-2b1c-4e7e-9c1d-0f7d2a9c1b01',
      'Request_UnsupportedQuery',
      "Unsupported or invalid query filter clause specified for property 'id' of resource 'User'.",
    ],
    [
      'displayName gt null',
      'Request_UnsupportedQuery',
      "Unsupported or invalid query filter clause specified for property 'displayName' of resource 'User'.",
    ],
    [
      "businessPhones eq '1'",
      'Request_UnsupportedQuery',
      "Unsupported or invalid query filter clause specified for property 'businessPhones' of resource 'User'.",
    ],
    [
      "displayName/any(p:p eq '1')",
      'Request_UnsupportedQuery',
      "Unsupported or invalid query filter clause specified for property 'displayName' of resource 'User'.",
    ],
    [
      "businessPhones/any(p:displayName eq '1')",
      'Request_UnsupportedQuery',
      "Only the range variable 'p' may be used inside businessPhones/any(); found 'displayName'.",
    ],
    [
      "accountEnabled eq 'true'",
      'BadRequest',
      "A binary operator with incompatible types was detected. Found operand types 'Edm.Boolean' and 'Edm.String' for operator kind 'Equal'.",
    ],
    [
      'displayName eq 1',
      'BadRequest',
      "A binary operator with incompatible types was detected. Found operand types 'Edm.String' and 'Edm.Int32' for operator kind 'Equal'.",
    ],
    [
      "id eq 'not-a-guid'",
      'BadRequest',
      "A binary operator with incompatible types was detected. Found operand types 'Edm.Guid' and 'Edm.String' for operator kind 'Equal'.",
    ],
    [
      "createdDateTime ge '2021-01-01'",
      'BadRequest',
      "A binary operator with incompatible types was detected. Found operand types 'Edm.DateTimeOffset' and 'Edm.String' for operator kind 'GreaterThanOrEqual'.",
    ],
    [
      "signInCount in (1, 'a')",
      'BadRequest',
      "A binary operator with incompatible types was detected. Found operand types 'Edm.Int32' and 'Edm.String' for operator kind 'In'.",
    ],
    [
      'startswith(displayName, null)',
      'BadRequest',
      "No function signature for the function with name 'startswith' matches the specified arguments.",
    ],
    [
      'businessPhones/any(p:p eq 1)',
      'BadRequest',
      "A binary operator with incompatible types was detected. Found operand types 'Edm.String' and 'Edm.Int32' for operator kind 'Equal'.",
    ],
    [
      "businessPhones/any(p:endswith(p,'1'))",
      'Request_UnsupportedQuery',
      "Unsupported or invalid query filter clause specified for property 'businessPhones' of resource 'User'.",
    ],
  ])('%s', (text, code, message) => {
    expect(() => validate(text)).toThrow(expect.objectContaining({ code, message }));
  });

  it('reports the clause position', () => {
    expect(() => validate("displayName eq 'a' and nope eq 1")).toThrow(expect.objectContaining({ position: 23 }));
  });
});

describe('advancedQueryOperators', () => {
  it.each([
    ["displayName eq 'a'", []],
    ["displayName ne 'a'", ['ne']],
    ["not(startswith(displayName,'a')) and endswith(mail,'x')", ['endsWith', 'not']],
    ["not(proxyAddresses/any(x:x ne 'a'))", ['ne', 'not']],
  ])('%s → %j', (text, expected) => {
    expect(advancedQueryOperators(validate(text))).toEqual(expected);
  });
});
