import { translateDotNetRegex } from './dotnet-regex';

describe('translateDotNetRegex', () => {
  it.each([
    // .NET pattern, input, expected match
    ['([1-9][0-9])', 'id 42', true],
    ['.*\\@contoso.com', 'alice@contoso.com', true],
    ["(?'dept'[A-Z]+)-\\k'dept'", 'HR-HR', true],
    ["(?'dept'[A-Z]+)-\\k'dept'", 'HR-IT', false],
    ['(?<dept>[A-Z]+)-\\k<dept>', 'IT-IT', true],
    ['\\Aabc\\z', 'abc', true],
    ['\\Aabc\\z', 'abc\n', false],
    ['\\Aabc\\Z', 'abc\n', true],
    ['\\Aabc', 'xabc', false],
    ['(?i)^alice$', 'ALICE', true],
    ['(?is)^a.b$', 'A\nB', true],
    ['a(?#a comment)b', 'ab', true],
    ['\\e', '\u001b', true],
    ['[]a]', ']', true],
    ['[^]a]', 'b', true],
    ['\\p{Lu}', 'É', true],
    ['(?<=@)contoso', 'a@contoso', true],
    ['(?<!@)contoso', 'a@contoso', false],
    ['(?:ab)+', 'abab', true],
  ])('%p matches %p: %p', (pattern, input, expected) => {
    const translated = translateDotNetRegex(pattern);
    if (!translated.ok) throw new Error(translated.reason);
    expect(translated.regex.test(input)).toBe(expected);
  });

  it.each([
    ['(?>a+)b', /atomic/],
    ['(?(x)a|b)', /conditional/],
    ['(?<open-close>a)', /balancing/],
    ['(?<2>a)', /group name/],
    ['a(?i)b', /not supported/],
    ['(?i:a)', /not supported/],
    ['(?x)a b', /inline option/],
    ['(?n)(a)', /inline option/],
    ['\\Ga', /\\G/],
    ['[a-z-[aeiou]]', /subtraction/],
    ['(abc', /invalid regular expression/],
    ['a{2,1}', /invalid regular expression/],
    ['abc\\', /backslash/],
    ["\\k'unterminated", /unterminated/],
    ['\\p{IsGreek}', /invalid regular expression/],
  ])('rejects %p', (pattern, reason) => {
    const translated = translateDotNetRegex(pattern);
    expect(translated.ok).toBe(false);
    if (!translated.ok) expect(translated.reason).toMatch(reason);
  });
});
