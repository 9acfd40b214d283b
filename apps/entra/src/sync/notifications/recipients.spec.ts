import { isEmailAddress, parseRecipients } from './recipients';

describe('parseRecipients', () => {
  it.each<[string, string | null | undefined, string[], string[]]>([
    ['absent', undefined, [], []],
    ['null', null, [], []],
    ['empty', '', [], []],
    ['only separators and spaces', ' ; , ;; ', [], []],
    ['one address', 'ops@contoso.com', ['ops@contoso.com'], []],
    ['semicolons', 'ops@contoso.com;it@contoso.com', ['ops@contoso.com', 'it@contoso.com'], []],
    ['commas', 'ops@contoso.com,it@contoso.com', ['ops@contoso.com', 'it@contoso.com'], []],
    [
      'mixed separators, spaces, empty entries',
      ' ops@contoso.com ; it@contoso.com,, sec@contoso.com ;',
      ['ops@contoso.com', 'it@contoso.com', 'sec@contoso.com'],
      [],
    ],
    [
      'duplicates compared case-insensitively, first spelling kept',
      'Ops@Contoso.com; ops@contoso.com; OPS@CONTOSO.COM',
      ['Ops@Contoso.com'],
      [],
    ],
    ['named form', 'Ops Team <ops@contoso.com>; <it@contoso.com>', ['ops@contoso.com', 'it@contoso.com'], []],
    ['plus, dots and digits', 'first.last+prov@mail-1.contoso.co.jp', ['first.last+prov@mail-1.contoso.co.jp'], []],
    ['host without a dot', 'admin@localhost', ['admin@localhost'], []],
    ['internationalised domain', 'ops@例え.jp', ['ops@例え.jp'], []],
    [
      'invalid entries kept apart, valid ones used',
      'ops@contoso.com; not an address; @contoso.com; it@',
      ['ops@contoso.com'],
      ['not an address', '@contoso.com', 'it@'],
    ],
    ['space inside an address', 'ops @contoso.com', [], ['ops @contoso.com']],
    ['two @', 'a@b@contoso.com', [], ['a@b@contoso.com']],
    [
      'dots misplaced',
      '.ops@contoso.com; ops.@contoso.com; o..ps@contoso.com; ops@contoso..com; ops@-contoso.com',
      [],
      ['.ops@contoso.com', 'ops.@contoso.com', 'o..ps@contoso.com', 'ops@contoso..com', 'ops@-contoso.com'],
    ],
    ['header injection attempt', 'ops@contoso.com\r\nBcc: evil@example.com', [], ['ops@contoso.com\r\nBcc: evil@example.com']],
    ['quotes and brackets', '"ops"@contoso.com; ops@[127.0.0.1]', [], ['"ops"@contoso.com', 'ops@[127.0.0.1]']],
  ])('%s', (_name, raw, valid, invalid) => {
    expect(parseRecipients(raw)).toEqual({ valid, invalid });
  });

  it('refuses addresses longer than 254 characters', () => {
    const long = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`;
    expect(long.length).toBeGreaterThan(254);
    expect(isEmailAddress(long)).toBe(false);
    expect(isEmailAddress('ops@contoso.com')).toBe(true);
  });
});
