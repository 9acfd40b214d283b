import { translateDotNetRegex, type DotNetRegexOptions } from './dotnet-regex';
import { expandReplacement } from './substitution';

function compile(pattern: string, options: DotNetRegexOptions = {}, flags = '') {
  const translated = translateDotNetRegex(pattern, options, flags);
  if (!translated.ok) throw new Error(translated.reason);
  return translated;
}

/** Every match of `pattern` in `input`, as Regex.Matches lists them. */
function matches(pattern: string, input: string, options: DotNetRegexOptions = {}): string[] {
  return [...input.matchAll(compile(pattern, options, 'g').regex)].map((m) => m[0]);
}

/** Regex.Replace(input, pattern, replacement). */
function replace(pattern: string, input: string, replacement: string): string {
  const { regex, groupNumbers } = compile(pattern, {}, 'g');
  let out = '';
  let last = 0;
  for (const match of input.matchAll(regex)) {
    out += input.slice(last, match.index) + expandReplacement(replacement, match as RegExpExecArray, input, groupNumbers);
    last = match.index + match[0].length;
  }
  return out + input.slice(last);
}

const M: DotNetRegexOptions = { multiline: true };

describe('.NET anchors ("Anchors in regular expressions")', () => {
  it.each([
    // pattern, input, options, matches .NET returns
    ['^\\w+', 'one\ntwo', {}, ['one']],
    ['^\\w+', 'one\ntwo', M, ['one', 'two']],
    ['(?m)^\\w+', 'one\ntwo', {}, ['one', 'two']],
    ['\\w+$', 'one\ntwo', {}, ['two']],
    ['\\w+$', 'one\ntwo\n', {}, ['two']], // $: end, or before a final \n
    ['\\w+$', 'one\ntwo\n\n', {}, []], // only one final \n
    ['\\w+$', 'one\ntwo', M, ['one', 'two']],
    ['(?m)\\w+$', 'one\r\ntwo', {}, ['two']], // \r is not a line end in .NET
    ['\\A\\w+', 'one\ntwo', M, ['one']], // \A ignores Multiline
    ['(?m)\\A\\w+', 'one\ntwo', {}, ['one']],
    ['\\w+\\z', 'one\ntwo', M, ['two']],
    ['\\w+\\z', 'one\ntwo\n', {}, []], // \z: the very end only
    ['\\w+\\Z', 'one\ntwo\n', {}, ['two']], // \Z: end or before a final \n
    ['\\w+\\Z', 'one\ntwo\n', M, ['two']],
    ['(?m)\\w+\\Z', 'one\ntwo', {}, ['two']],
    ['[\\^$]', 'a^b$', {}, ['^', '$']], // literal inside a class
  ] as [string, string, DotNetRegexOptions, string[]][])('%j on %j with %j', (pattern, input, options, expected) => {
    expect(matches(pattern, input, options)).toEqual(expected);
  });
});

describe('.NET options and the rest of the dialect', () => {
  it.each([
    // pattern, input, options, matches
    ['(?i)abc', 'xABCx', {}, ['ABC']],
    ['abc', 'xABCx', { ignoreCase: true }, ['ABC']],
    ['(?im)^b', 'a\nB', {}, ['B']],
    ['a.c', 'a\rc a\nc', {}, ['a\rc']], // "." excludes \n only
    ['(?s)a.c', 'a\nc', {}, ['a\nc']],
    ['a.c', 'a\nc', { singleline: true }, ['a\nc']],
    ['[.]', 'a.b', {}, ['.']],
    ["(?'dept'[A-Z]+)-\\k'dept'", 'HR-HR HR-IT', {}, ['HR-HR']],
    ['(?<dept>[A-Z]+)-\\k<dept>', 'IT-IT', {}, ['IT-IT']],
    ['a(?#a comment)b', 'ab', {}, ['ab']],
    ['\\e', '\u001b', {}, ['\u001b']],
    ['\\x41\\u0042\\101', 'ABA', {}, ['ABA']],
    ['\\.\\*\\@', '.*@', {}, ['.*@']],
    ['[]a]', ']', {}, [']']],
    ['[^]a]', 'b', {}, ['b']],
    ['\\p{Lu}', 'aÉ', {}, ['É']],
    ['(?<=@)contoso', 'a@contoso', {}, ['contoso']],
    ['(?<!@)contoso', 'a@contoso', {}, []],
    ['(?:ab)+', 'abab', {}, ['abab']],
    ['.*\\@contoso.com', 'alice@contoso.com', {}, ['alice@contoso.com']],
  ] as [string, string, DotNetRegexOptions, string[]][])('%j on %j with %j', (pattern, input, options, expected) => {
    expect(matches(pattern, input, options)).toEqual(expected);
  });
});

describe('.NET group numbering and substitutions ("Substitutions in regular expressions")', () => {
  it.each([
    // pattern, input, replacement, Regex.Replace result
    ['\\b(\\w+)(\\s)(\\w+)\\b', 'one two', '$3$2$1', 'two one'],
    ['\\b(?<word1>\\w+)(\\s)(?<word2>\\w+)\\b', 'one two', '${word2} ${word1}', 'two one'],
    ['\\b(\\d+)\\s?USD', '103 USD', '$$$1', '$103'],
    ['^(\\w+\\s?)+$', 'aa bb cc', '[$&]', '[aa bb cc]'],
    ['B+', 'AABBCC', '$`', 'AAAACC'],
    ['B+', 'AABBCC', "$'", 'AACCCC'],
    ['B+', 'AABBCC', '$_', 'AAAABBCCCC'],
    ['B+(C+)', 'AABBCCDD', '$+', 'AACCDD'],
    ['B+', 'AABBCC', '[$+]', 'AA[BB]CC'], // no group: $+ is the whole match
    // named groups are numbered after the unnamed ones
    ['(?<first>a)(b)', 'ab', '$1|$2', 'b|a'],
    ['(?<first>a)(b)', 'ab', '${1}|${2}|${first}', 'b|a|a'],
    ['(?<first>a)(b)', 'ab', '$+', 'a'],
    ['(?n)(a)(?<x>b)', 'ab', '$1|${x}', 'b|b'], // explicit capture: (a) is not a group
    // a $ that designates no group stays literal
    ['(a)', 'a', '$2', '$2'],
    ['(a)', 'a', '$12', '$12'],
    ['(a)', 'a', '${nope}', '${nope}'],
    ['(a)', 'a', '$', '$'],
    ['(a)', 'a', '$x', '$x'],
    ['(a)|(b)', 'b', '[$1]', '[]'], // a group that took no part is empty
  ])('Replace(%j, %j → %j)', (pattern, input, replacement, expected) => {
    expect(replace(pattern, input, replacement)).toBe(expected);
  });
});

describe('what the dialect rejects', () => {
  it.each([
    ['(?>a+)b', /atomic/],
    ['(?(x)a|b)', /conditional/],
    ['(?<open-close>a)', /balancing/],
    ['(?<2>a)', /group name/],
    ['a(?i)b', /not supported/],
    ['(?i:a)', /not supported/],
    ['(?x)a b', /inline option/],
    ['\\Ga', /\\G/],
    ['[a-z-[aeiou]]', /subtraction/],
    ['(abc', /invalid regular expression/],
    ['a{2,1}', /invalid regular expression/],
    ['abc\\', /backslash/],
    ["\\k'unterminated", /unterminated/],
    ['(?<unterminated', /unterminated/],
    ['\\p{IsGreek}', /invalid regular expression/],
  ])('rejects %j', (pattern, reason) => {
    const translated = translateDotNetRegex(pattern);
    expect(translated.ok).toBe(false);
    if (!translated.ok) expect(translated.reason).toMatch(reason);
  });
});
