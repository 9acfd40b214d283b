/**
 * Every example of Microsoft's "Reference for writing expressions for attribute mappings" (entra-docs
 * functions-for-customizing-application-data.md) and of the reference §3.3–3.5, one table row each.
 */
import { run, value } from './test-support';

const roles = [
  { id: 'a1', appRoleId: 'r1', value: 'Admin', displayName: 'Administrator' },
  { id: 'a2', appRoleId: 'r2', value: 'Reader', displayName: 'Reader' },
];

describe('documented examples', () => {
  it.each<[string, string, Record<string, unknown>, unknown]>([
    ['Append', 'Append([userPrincipalName], ".test")', { userPrincipalName: 'John.Doe@contoso.com' }, 'John.Doe@contoso.com.test'],
    ['BitAnd', 'BitAnd(&HF, &HF7)', {}, '7'],
    ['CBool equal', 'CBool([attribute1] = [attribute2])', { attribute1: 'x', attribute2: 'x' }, 'True'],
    ['CBool differ', 'CBool([attribute1] = [attribute2])', { attribute1: 'x', attribute2: 'y' }, 'False'],
    ['CDate 1', 'CDate([StatusHireDate])', { StatusHireDate: '2020-03-16-07:00' }, '3/16/2020 7:00:00 AM'],
    ['CDate 2', 'CDate("2021-06-30+08:00")', {}, '6/29/2021 4:00:00 PM'],
    ['CDate 3', 'CDate("2009-06-15T01:45:30-07:00")', {}, '6/15/2009 8:45:30 AM'],
    ['Coalesce', 'Coalesce([mail],[userPrincipalName])', { userPrincipalName: 'John.Doe@contoso.com' }, 'John.Doe@contoso.com'],
    ['ConvertToBase64', 'ConvertToBase64("Hello world!")', {}, 'SABlAGwAbABvACAAdwBvAHIAbABkACEA'],
    ['ConvertToUTF8Hex', 'ConvertToUTF8Hex("Hello world!")', {}, '48656C6C6F20776F726C6421'],
    ['CStr', 'CStr([dn])', { dn: 'cn=Joe,dc=contoso,dc=com' }, 'cn=Joe,dc=contoso,dc=com'],
    ['DateAdd +7 d', 'DateAdd("d", 7, CDate([StatusHireDate]))', { StatusHireDate: '2012-03-16-07:00' }, '3/23/2012 7:00:00 AM'],
    ['DateAdd -10 d', 'DateAdd("d", -10, CDate([StatusHireDate]))', { StatusHireDate: '2012-03-16-07:00' }, '3/6/2012 7:00:00 AM'],
    ['DateAdd 2 ww', 'DateAdd("ww", 2, CDate([StatusHireDate]))', { StatusHireDate: '2012-03-16-07:00' }, '3/30/2012 7:00:00 AM'],
    ['DateAdd 10 m', 'DateAdd("m", 10, CDate([StatusHireDate]))', { StatusHireDate: '2012-03-16-07:00' }, '1/16/2013 7:00:00 AM'],
    ['DateAdd 2 yyyy', 'DateAdd("yyyy", 2, CDate([StatusHireDate]))', { StatusHireDate: '2012-03-16-07:00' }, '3/16/2014 7:00:00 AM'],
    ['DateDiff d +', 'DateDiff("d", CDate("2021-08-18+08:00"), CDate("2021-08-31+08:00"))', {}, '13'],
    ['DateDiff d -', 'DateDiff("d", "8/25/2021 5:41:18 PM", CDate("2012-03-16-07:00"))', {}, '-3449'],
    ['DateDiff ww', 'DateDiff("ww", "8/25/2021 5:41:18 PM", CDate("2012-03-16-07:00"))', {}, '-493'],
    ['DateDiff m', 'DateDiff("m", "8/25/2021 5:41:18 PM", CDate("2012-03-16-07:00"))', {}, '-113'],
    ['DateDiff yyyy', 'DateDiff("yyyy", "8/25/2021 5:41:18 PM", CDate("2012-03-16-07:00"))', {}, '-9'],
    ['DateDiff same', 'DateDiff("d", CDate("2021-08-31+08:00"), CDate("2021-08-31+08:00"))', {}, '0'],
    ['DateDiff h', 'DateDiff("h", "2021-08-24", "2021-08-25")', {}, '24'],
    ['DateDiff n', 'DateDiff("n", "2021-08-24", "2021-08-25")', {}, '1440'],
    ['DateDiff s', 'DateDiff("s", "2021-08-24", "2021-08-25")', {}, '86400'],
    [
      'DateDiff in IIF (hire in 3 days → True)',
      'Switch([Active], , "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), "0", "False")',
      { Active: '1', StatusHireDate: '2021-07-05' },
      'True',
    ],
    [
      'DateDiff in IIF (hire in 30 days → False)',
      'Switch([Active], , "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), "0", "False")',
      { Active: '1', StatusHireDate: '2021-08-01' },
      'False',
    ],
    ['DateFromNum', 'DateFromNum(129699324000000000)', {}, '1/1/2012 11:00:00 PM'],
    ['DateFromNum attribute', 'DateFromNum([lastLogonTimestamp])', { lastLogonTimestamp: '129699324000000000' }, '1/1/2012 11:00:00 PM'],
    [
      'FormatDateTime',
      'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")',
      { extensionAttribute1: '20150123105347.1Z' },
      '2015-01-23',
    ],
    ['Guid', 'Guid()', {}, '00aa00aa-bb11-cc22-dd33-44ee44ee44ee'],
    ['IIF true', 'IIF([country]="USA",[country],[department])', { country: 'USA', department: 'Sales' }, 'USA'],
    ['IIF false', 'IIF([country]="USA",[country],[department])', { country: 'DE', department: 'Sales' }, 'Sales'],
    ['IIF AND', 'IIF([country]="USA",IIF([state]="CA","True","False"),"False")', { country: 'USA', state: 'CA' }, 'True'],
    ['IIF AND (no)', 'IIF([country]="USA",IIF([state]="CA","True","False"),"False")', { country: 'USA', state: 'WA' }, 'False'],
    ['IIF OR', 'IIF([country]="USA","True",IIF([state]="CA","True","False"))', { country: 'MX', state: 'CA' }, 'True'],
    ['IIF unsupported ="" (null → false branch)', 'IIF([country]="","Other",[country])', {}, null],
    ['IIF unsupported IsNullOrEmpty', 'IIF(IsNullOrEmpty([country]),"Other",[country])', { country: '' }, ''],
    ['IIF unsupported IsPresent', 'IIF(IsPresent([country]),[country],"Other")', {}, 'Other'],
    ['Switch workaround (empty)', 'Switch([country],[country],"","Other")', {}, 'Other'],
    ['Switch workaround (present)', 'Switch([country],[country],"","Other")', { country: 'NZ' }, 'NZ'],
    ['InStr', 'InStr("The quick brown fox","quick")', {}, '5'],
    ['InStr start + binary', 'InStr("repEated","e",3,vbBinaryCompare)', {}, '7'],
    ['IsNull', 'IsNull([displayName])', {}, 'True'],
    ['IsNullOrEmpty', 'IsNullOrEmpty([displayName])', { displayName: '' }, 'True'],
    [
      'IsPresent in Switch',
      'Switch(IsPresent([directManager]),[directManager], IsPresent([skiplevelManager]),[skiplevelManager], IsPresent([director]),[director])',
      { directManager: 'm1' },
      'm1',
    ],
    ['Item', 'Item([proxyAddresses], 1)', { proxyAddresses: ['SMTP:a@contoso.com', 'smtp:b@contoso.com'] }, 'SMTP:a@contoso.com'],
    ['Left', 'Left("John Doe", 3)', {}, 'Joh'],
    ['NormalizeDiacritics', 'NormalizeDiacritics([givenName])', { givenName: 'Zoë' }, 'Zoe'],
    ['Now', 'Now()', {}, '7/2/2021 3:33:38 PM'],
    [
      'NumFromDate Workday',
      'NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))',
      { ContractEndDate: '2020-12-31-08:00' },
      '132539615990000000',
    ],
    [
      'NumFromDate SuccessFactors',
      'NumFromDate(Join("",FormatDateTime([endDate], ,"M/d/yyyy hh:mm:ss tt","yyyy-MM-dd")," 23:59:59-08:00"))',
      { endDate: '12/31/2020 08:00:00 AM' },
      '132539615990000000',
    ],
    ['PCase default', 'PCase([firstName])', { firstName: 'PABLO GONSALVES (SECOND)' }, 'Pablo Gonsalves (Second)'],
    ['PCase separators', 'PCase([lastName]," \'-")', { lastName: "PINTO-DE'SILVA" }, "Pinto-De'Silva"],
    ['PCase Join', 'PCase(Join(" ",[firstName],[lastName]))', { firstName: 'GREGORY', lastName: 'JAMES' }, 'Gregory James'],
    ['Redact attribute', 'Redact([userPrincipalName])', { userPrincipalName: 'a@b.c' }, 'a@b.c'],
    ['Redact string', 'Redact("StringToBeRedacted")', {}, 'StringToBeRedacted'],
    ['RemoveDuplicates', 'RemoveDuplicates([proxyAddresses])', { proxyAddresses: ['a', 'b', 'a'] }, ['a', 'b']],
    [
      'Replace oldValue+replacementValue',
      'Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )',
      { BusinessTitle: 'Product Developer' },
      'Software Engineer',
    ],
    [
      'Replace oldValue+template',
      'Replace([UserID],"<username>", , , , , "<username>@contoso.com")',
      { UserID: 'jsmith' },
      'jsmith@contoso.com',
    ],
    [
      'Replace regex+${group}',
      'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", , "${phoneNumber}", , )',
      { telephoneNumber: '+91 9998887777' },
      '9998887777',
    ],
    ['Replace regex collapse', 'Replace([mobile], , "[()\\\\s-]+", , "", , )', { mobile: '+1 (999) 888-7777' }, '+19998887777'],
    [
      'Replace regex group+value',
      'Replace([AddressLineData], ,"(?<streetNumber>^\\\\d*)","streetNumber", "888", , )',
      { AddressLineData: '545 Tremont Street' },
      '888 Tremont Street',
    ],
    [
      'Replace regex group suffix',
      'Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )',
      { userPrincipalName: 'jsmith@contoso.com' },
      'jsmith',
    ],
    [
      'Replace regex group from replacementAttributeName',
      'Replace([telephoneNumber], , "\\\\+(?<isdCode>\\\\d* )(?<phoneNumber>\\\\d{10})", "phoneNumber" , , [mobile], )',
      { telephoneNumber: '', mobile: '+91 8887779999' },
      '8887779999',
    ],
    ['Replace regex remove letters', 'Replace([mailNickname], , "[a-zA-Z_]*", , "", , )', { mailNickname: 'john_doe72' }, '72'],
    [
      'SelectUniqueValue (first free)',
      'SelectUniqueValue(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"), Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 1), [PreferredLastName]))), "contoso.com"), Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 2), [PreferredLastName]))), "contoso.com"))',
      { PreferredFirstName: 'John', PreferredLastName: 'Smith' },
      'John.Smith@contoso.com',
    ],
    ['SingleAppRoleAssignment', 'SingleAppRoleAssignment([appRoleAssignments])', { appRoleAssignments: roles.slice(0, 1) }, 'Admin'],
    [
      'Split',
      'Split([extensionAttribute5], ",")',
      { extensionAttribute5: 'PermissionSetOne, PermissionSetTwo' },
      ['PermissionSetOne', 'PermissionSetTwo'],
    ],
    ['Switch case-insensitive via ToLower', 'Switch(ToLower([statusFlag]), "0", "true", "1", "false", "0")', { statusFlag: 'TRUE' }, '1'],
    ['Switch "" key', 'Switch([statusFlag], "Default Value", "true", "1", "", "0")', {}, '0'],
    [
      'Switch state',
      'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")',
      { state: 'QLD' },
      'Australia/Brisbane',
    ],
    [
      'Switch state default',
      'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")',
      { state: 'VIC' },
      'Australia/Sydney',
    ],
    [
      'Switch → IIF rewrite',
      'IIF([companyName] = "Company A", "A", IIF([companyName] = "Company B", "B", "External"))',
      { companyName: 'Company B' },
      'B',
    ],
    [
      'ToLower UPN',
      'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))',
      { PreferredFirstName: 'John', PreferredLastName: 'Smith' },
      'john.smith@contoso.com',
    ],
    ['Word', 'Word("The quick brown fox",3," ")', {}, 'brown'],
    ['Word many separators', 'Word("This,string!has&many separators",3,",!&#")', {}, 'has'],
    ['Strip known domain', 'Replace([mail], "@contoso.com", , ,"", ,)', { mail: 'john.doe@contoso.com' }, 'john.doe'],
    ['Alias from name parts', 'Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))', { givenName: 'John', surname: 'Doe' }, 'JohDoe'],
    ['Comma between last and first', 'Join(", ", "", [surname], [givenName])', { givenName: 'John', surname: 'Doe' }, 'Doe, John'],
    [
      'ID from objectId (own input; the doc output belongs to another id)',
      'Join("", 1000, Replace(ConvertToUTF8Hex([objectId]), , "[a-zA-Z_]*", , "", , ))',
      { objectId: '00aa' },
      '100030306161'.replace(/[a-zA-Z_]/g, ''),
    ],
    ['SCIM default: active', 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', { IsSoftDeleted: false }, 'True'],
    ['SCIM default: active (deleted)', 'Switch([IsSoftDeleted], , "False", "True", "True", "False")', { IsSoftDeleted: true }, 'False'],
    ['SCIM default: Not', 'Not([IsSoftDeleted])', { IsSoftDeleted: true }, 'False'],
    ['SCIM default: name.formatted', 'Join(" ", [givenName], [surname])', { givenName: 'John', surname: 'Doe' }, 'John Doe'],
    ['Company name escape', '"Company name: \\"Contoso\\""', {}, 'Company name: "Contoso"'],
  ])('%s', (_name, expression, source, expected) => {
    expect(value(expression, source)).toEqual(expected);
  });

  it.each<[string, string, Record<string, unknown>, { ignoreFlow: boolean; redact: boolean }]>([
    ['IgnoreFlowIfNullOrEmpty null', 'IgnoreFlowIfNullOrEmpty([department])', {}, { ignoreFlow: true, redact: false }],
    [
      'IgnoreFlowIfNullOrEmpty value',
      'IgnoreFlowIfNullOrEmpty([department])',
      { department: 'Sales' },
      { ignoreFlow: false, redact: false },
    ],
    [
      'IgnoreFlowIfNullOrEmpty Switch default ""',
      'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))',
      { prefix: '9999' },
      { ignoreFlow: true, redact: false },
    ],
    [
      'IgnoreFlowIfNullOrEmpty Switch hit',
      'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))',
      { prefix: '3444' },
      { ignoreFlow: false, redact: false },
    ],
    ['Redact RandomString', 'Redact(RandomString(6,3,0,0,3))', {}, { ignoreFlow: false, redact: true }],
  ])('%s (flags)', (_name, expression, source, flags) => {
    const result = run(expression, source);
    expect({ ignoreFlow: result.ignoreFlow, redact: result.redact }).toEqual(flags);
  });

  it.each([
    ['RandomString(6,3,0,0,3)', /^(?=(?:.*\d){3})(?=(?:.*[a-z]){3})[0-9a-z]{6}$/],
    ['RandomString(10,2,2,2,1,"?,")', /^(?=(?:.*\d){2})(?=(?:.*[A-Z]){2})(?=(?:.*[a-z]){1})[^?,]{10}$/],
  ])('%s', (expression, shape) => {
    const result = value(expression) as string;
    expect(result).toMatch(shape);
    expect([...result].filter((c) => !/[A-Za-z0-9]/.test(c)).length).toBeGreaterThanOrEqual(expression.includes(',2,2') ? 2 : 0);
  });

  it('SelectUniqueValue falls through taken values in rule order', () => {
    const taken = new Set(['John.Smith@contoso.com', 'J.Smith@contoso.com']);
    const expression =
      'SelectUniqueValue(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"), ' +
      'Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 1), [PreferredLastName]))), "contoso.com"), ' +
      'Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 2), [PreferredLastName]))), "contoso.com"))';
    const source = { PreferredFirstName: 'John', PreferredLastName: 'Smith' };
    expect(value(expression, source, { isUnique: (v) => !taken.has(v) })).toBe('Jo.Smith@contoso.com');
  });

  it('AppRoleAssignmentsComplex → SCIM roles, all primary=false', () => {
    expect(value('AppRoleAssignmentsComplex([appRoleAssignments])', { appRoleAssignments: roles })).toEqual([
      { primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'Administrator', value: 'Admin' },
      { primary: false, type: 'WindowsAzureActiveDirectoryRole', display: 'Reader', value: 'Reader' },
    ]);
  });
});
