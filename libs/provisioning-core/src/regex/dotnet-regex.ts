/**
 * Entra's regular expressions are .NET's (System.Text.RegularExpressions): mapping expressions (Replace) and
 * scoping filters (REGEX MATCH) both read this one translation into a JavaScript RegExp.
 *
 * Translated to .NET's meaning (the JavaScript RegExp never gets the `m` or `s` flag):
 * - `^` start of the string, or of any line with Multiline; `$` end of the string or before a final `\n`, or before
 *   any `\n` with Multiline; `\A` `\z` `\Z` ignore Multiline; `.` is any character but `\n` (any with Singleline);
 * - named groups `(?<name>…)` `(?'name'…)`, back-references `\k<name>` `\k'name'`, `\e`, comments `(?#…)`;
 * - options: RegexOptions-like flags and a leading inline `(?imns)`; ExplicitCapture (`n`) makes `(…)` non-capturing;
 * - group numbers as .NET counts them: unnamed groups first, then named ones (see `groupNumbers`).
 * Rejected: atomic groups `(?>…)`, conditionals `(?(…)…)`, balancing groups `(?<a-b>…)`, numbered names `(?<2>…)`,
 * scoped or mid-pattern inline options, `(?x)`, `\G`, class subtraction `[a-z-[aeiou]]`, and anything the JavaScript
 * engine refuses to compile. Not translated: `\d` `\w` `\s` `\b` keep JavaScript's (ASCII) classes.
 */

export interface DotNetRegexOptions {
  ignoreCase?: boolean;
  multiline?: boolean;
  singleline?: boolean;
  explicitCapture?: boolean;
}

export interface DotNetRegex {
  source: string;
  /** JavaScript flags: `i` and `u` only (plus what the caller asked for). */
  flags: string;
  regex: RegExp;
  /** `groupNumbers[n]` = index in a JavaScript match of .NET group number n (index 0 = the whole match). */
  groupNumbers: readonly number[];
}

export type RegexTranslation = ({ ok: true } & DotNetRegex) | { ok: false; reason: string };

const GROUP_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LEADING_OPTIONS = /^\(\?([a-z]+)\)/;

class Unsupported extends Error {}

function fail(reason: string): never {
  throw new Unsupported(reason);
}

function checkGroupName(name: string): string {
  if (name.includes('-')) fail(`balancing group "(?<${name}>…)" is not supported`);
  if (!GROUP_NAME.test(name)) fail(`group name "${name}" is not supported (use a letter-initial name)`);
  return name;
}

/** Options from a leading `(?imns)`; other positions are rejected by the scanner. */
function leadingOptions(pattern: string, given: DotNetRegexOptions): { options: DotNetRegexOptions; rest: string } {
  const m = LEADING_OPTIONS.exec(pattern);
  if (m === null) return { options: given, rest: pattern };
  const letters = m[1] ?? '';
  const bad = [...letters].filter((l) => !'imns'.includes(l));
  if (bad.length > 0) fail(`inline option(s) "${bad.join('')}" are not supported`);
  const options = {
    ignoreCase: given.ignoreCase === true || letters.includes('i'),
    multiline: given.multiline === true || letters.includes('m'),
    singleline: given.singleline === true || letters.includes('s'),
    explicitCapture: given.explicitCapture === true || letters.includes('n'),
  };
  return { options, rest: pattern.slice(m[0].length) };
}

/** Scans a pattern once, writing the JavaScript source and recording capture groups in order. */
class Translator {
  private readonly out: string[] = [];
  /** Capture groups in JavaScript order: undefined = unnamed. */
  readonly captures: (string | undefined)[] = [];
  unicode = false;
  private i = 0;

  constructor(
    private readonly pattern: string,
    private readonly options: DotNetRegexOptions,
  ) {}

  translate(): string {
    const p = this.pattern;
    let inClass = false;
    while (this.i < p.length) {
      const c = p[this.i] ?? '';
      if (c === '\\') {
        this.escape(inClass);
      } else if (inClass) {
        if (c === '-' && p[this.i + 1] === '[') fail('character-class subtraction "[…-[…]]" is not supported');
        if (c === ']') inClass = false;
        this.emit(c, 1);
      } else if (c === '[') {
        inClass = true;
        this.emit(c, 1);
        if (p[this.i] === '^') this.emit('^', 1);
        if (p[this.i] === ']') this.emit('\\]', 1); // a leading "]" is literal in .NET
      } else if (c === '(') {
        this.group();
      } else if (c === '^') {
        this.emit(this.options.multiline ? '(?:^|(?<=\\n))' : '^', 1);
      } else if (c === '$') {
        this.emit(this.options.multiline ? '(?=\\n|$)' : '(?=\\n?$)', 1);
      } else if (c === '.') {
        this.emit(this.options.singleline ? '[\\s\\S]' : '[^\\n]', 1);
      } else {
        this.emit(c, 1);
      }
    }
    return this.out.join('');
  }

  private emit(text: string, consumed: number): void {
    this.out.push(text);
    this.i += consumed;
  }

  private escape(inClass: boolean): void {
    const p = this.pattern;
    const c = p[this.i + 1];
    if (c === undefined) fail('pattern ends with a backslash');
    if (!inClass) {
      if (c === 'A') return this.emit('^', 2);
      if (c === 'z') return this.emit('$', 2);
      if (c === 'Z') return this.emit('(?=\\n?$)', 2);
      if (c === 'G') fail('\\G (contiguous match) is not supported');
      if (c === 'k' && (p[this.i + 2] === "'" || p[this.i + 2] === '<')) {
        const close = p[this.i + 2] === '<' ? '>' : "'";
        const end = p.indexOf(close, this.i + 3);
        if (end < 0) fail('unterminated \\k group reference');
        return this.emit(`\\k<${checkGroupName(p.slice(this.i + 3, end))}>`, end + 1 - this.i);
      }
    }
    if (c === 'e') return this.emit('\\x1B', 2);
    if (c === 'p' || c === 'P') this.unicode = true;
    this.emit(`\\${c}`, 2);
  }

  private group(): void {
    const p = this.pattern;
    if (p[this.i + 1] !== '?') {
      if (this.options.explicitCapture) return this.emit('(?:', 1);
      this.captures.push(undefined);
      return this.emit('(', 1);
    }
    const c = p[this.i + 2];
    if (c === ':' || c === '=' || c === '!') return this.emit(`(?${c}`, 3);
    if (c === '>') fail('atomic groups "(?>…)" are not supported');
    if (c === '(') fail('conditional groups "(?(…)…)" are not supported');
    if (c === '#') {
      const end = p.indexOf(')', this.i);
      if (end < 0) fail('unterminated comment "(?#…"');
      return this.emit('', end + 1 - this.i);
    }
    if (c === '<' && (p[this.i + 3] === '=' || p[this.i + 3] === '!')) return this.emit(`(?<${p[this.i + 3]}`, 4);
    if (c === '<' || c === "'") {
      const end = p.indexOf(c === '<' ? '>' : "'", this.i + 3);
      if (end < 0) fail('unterminated group name');
      const name = checkGroupName(p.slice(this.i + 3, end));
      this.captures.push(name);
      return this.emit(`(?<${name}>`, end + 1 - this.i);
    }
    fail(`inline options or group construct "(?${c ?? ''}" are not supported here`);
  }
}

/** .NET numbers unnamed groups first (left to right), then named groups (by first appearance). */
function dotNetGroupNumbers(captures: readonly (string | undefined)[]): number[] {
  const numbers = [0];
  captures.forEach((name, index) => {
    if (name === undefined) numbers.push(index + 1);
  });
  const seen = new Set<string>();
  captures.forEach((name, index) => {
    if (name !== undefined && !seen.has(name)) {
      seen.add(name);
      numbers.push(index + 1);
    }
  });
  return numbers;
}

/** Translates and compiles; never throws. `extraFlags` are JavaScript flags the caller needs (`g`, `d`). */
export function translateDotNetRegex(pattern: string, options: DotNetRegexOptions = {}, extraFlags = ''): RegexTranslation {
  try {
    const { options: effective, rest } = leadingOptions(pattern, options);
    const translator = new Translator(rest, effective);
    const source = translator.translate();
    const flags = `${extraFlags}${effective.ignoreCase ? 'i' : ''}${translator.unicode ? 'u' : ''}`;
    const groupNumbers = dotNetGroupNumbers(translator.captures);
    return { ok: true, source, flags, regex: new RegExp(source, flags), groupNumbers };
  } catch (error) {
    if (error instanceof Unsupported) return { ok: false, reason: error.message };
    if (error instanceof SyntaxError) return { ok: false, reason: `invalid regular expression: ${error.message}` };
    return { ok: false, reason: 'invalid regular expression' };
  }
}
