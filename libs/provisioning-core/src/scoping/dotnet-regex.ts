/**
 * Translates a .NET regular expression (what Entra's REGEX MATCH uses) into a JavaScript RegExp, or explains why
 * it can't. Runs once when a filter is validated/compiled, never during evaluation.
 *
 * Translated: named groups `(?'name'…)` → `(?<name>…)`, back-references `\k'name'` → `\k<name>`,
 * anchors `\A` `\z` `\Z`, escape `\e`, inline comments `(?#…)`, leading inline options `(?i)` `(?m)` `(?s)`.
 * Rejected: atomic groups `(?>…)`, conditionals `(?(…)…)`, balancing groups `(?<a-b>…)`, numbered names
 * `(?<2>…)`, scoped/other inline options, `\G`, character-class subtraction `[a-z-[aeiou]]`, and anything the
 * JavaScript engine refuses to compile.
 */

export type RegexTranslation =
  | { ok: true; source: string; flags: string; regex: RegExp }
  | { ok: false; reason: string };

const GROUP_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LEADING_OPTIONS = /^\(\?([imsnx]+)\)/;

class Unsupported extends Error {}

function fail(reason: string): never {
  throw new Unsupported(reason);
}

function checkGroupName(name: string): string {
  if (name.includes('-')) fail(`balancing group "(?<${name}>…)" is not supported`);
  if (!GROUP_NAME.test(name)) fail(`group name "${name}" is not supported (use a letter-initial name)`);
  return name;
}

/** Reads `(?<name>` / `(?'name'` at `start` (which points at "(?"); returns the name and the index after it. */
function readGroupName(pattern: string, start: number): { name: string; end: number } | undefined {
  const open = pattern[start + 2];
  const close = open === '<' ? '>' : open === "'" ? "'" : undefined;
  if (close === undefined) return undefined;
  const next = pattern[start + 3];
  if (open === '<' && (next === '=' || next === '!')) return undefined; // look-behind
  const end = pattern.indexOf(close, start + 3);
  if (end < 0) fail('unterminated group name');
  return { name: pattern.slice(start + 3, end), end: end + 1 };
}

function translateEscape(pattern: string, i: number, inClass: boolean): { text: string; next: number; unicode?: boolean } {
  const c = pattern[i + 1];
  if (c === undefined) fail('pattern ends with a backslash');
  if (!inClass) {
    if (c === 'A') return { text: '(?<![\\s\\S])', next: i + 2 };
    if (c === 'z') return { text: '(?![\\s\\S])', next: i + 2 };
    if (c === 'Z') return { text: '(?=\\n?(?![\\s\\S]))', next: i + 2 };
    if (c === 'G') fail('\\G (contiguous match) is not supported');
    if (c === 'k' && (pattern[i + 2] === "'" || pattern[i + 2] === '<')) {
      const close = pattern[i + 2] === '<' ? '>' : "'";
      const end = pattern.indexOf(close, i + 3);
      if (end < 0) fail('unterminated \\k group reference');
      return { text: `\\k<${checkGroupName(pattern.slice(i + 3, end))}>`, next: end + 1 };
    }
  }
  if (c === 'e') return { text: '\\x1B', next: i + 2 };
  if (c === 'p' || c === 'P') return { text: `\\${c}`, next: i + 2, unicode: true };
  return { text: `\\${c}`, next: i + 2 };
}

function translateGroupOpening(pattern: string, i: number, out: string[]): number {
  const c = pattern[i + 2];
  if (c === ':' || c === '=' || c === '!') {
    out.push(`(?${c}`);
    return i + 3;
  }
  if (c === '>') fail('atomic groups "(?>…)" are not supported');
  if (c === '(') fail('conditional groups "(?(…)…)" are not supported');
  if (c === '#') {
    const end = pattern.indexOf(')', i);
    if (end < 0) fail('unterminated comment "(?#…"');
    return end + 1;
  }
  const named = readGroupName(pattern, i);
  if (named !== undefined) {
    out.push(`(?<${checkGroupName(named.name)}>`);
    return named.end;
  }
  if (c === '<') {
    out.push(`(?<${pattern[i + 3]}`); // look-behind (?<= / (?<!
    return i + 4;
  }
  fail(`inline options or group construct "(?${c ?? ''}" are not supported here`);
}

/** Flags from a leading `(?ims)`; other positions and options are rejected by the scanner. */
function leadingFlags(pattern: string): { flags: string; rest: string } {
  const m = LEADING_OPTIONS.exec(pattern);
  if (m === null) return { flags: '', rest: pattern };
  const letters = m[1] ?? '';
  const bad = [...letters].filter((l) => !'ims'.includes(l));
  if (bad.length > 0) fail(`inline option(s) "${bad.join('')}" are not supported`);
  return { flags: [...new Set(letters)].sort().join(''), rest: pattern.slice(m[0].length) };
}

function translateBody(pattern: string): { source: string; unicode: boolean } {
  const out: string[] = [];
  let unicode = false;
  let inClass = false;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const esc = translateEscape(pattern, i, inClass);
      unicode ||= esc.unicode === true;
      out.push(esc.text);
      i = esc.next;
    } else if (inClass) {
      if (c === '-' && pattern[i + 1] === '[') fail('character-class subtraction "[…-[…]]" is not supported');
      if (c === ']') inClass = false;
      out.push(c);
      i += 1;
    } else if (c === '[') {
      inClass = true;
      out.push(c);
      i += 1;
      if (pattern[i] === '^') out.push(pattern[i++] ?? '');
      if (pattern[i] === ']') out.push(`\\${pattern[i++] ?? ''}`); // a leading "]" is literal in .NET
    } else if (c === '(' && pattern[i + 1] === '?') {
      i = translateGroupOpening(pattern, i, out);
    } else {
      out.push(c ?? '');
      i += 1;
    }
  }
  return { source: out.join(''), unicode };
}

/** Translates and compiles; never throws. */
export function translateDotNetRegex(pattern: string): RegexTranslation {
  try {
    const { flags: inline, rest } = leadingFlags(pattern);
    const { source, unicode } = translateBody(rest);
    const flags = unicode ? `${inline}u` : inline;
    return { ok: true, source, flags, regex: new RegExp(source, flags) };
  } catch (error) {
    if (error instanceof Unsupported) return { ok: false, reason: error.message };
    if (error instanceof SyntaxError) return { ok: false, reason: `invalid regular expression: ${error.message}` };
    return { ok: false, reason: 'invalid regular expression' };
  }
}
