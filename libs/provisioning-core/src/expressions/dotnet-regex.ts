/**
 * .NET regular expressions (as written in Replace) → JavaScript RegExp, compiled once per pattern, plus .NET
 * replacement-pattern expansion (`${name}`, `$1`, `$$`, `$&`, …).
 */
import { evaluationError } from './errors';

const CACHE_LIMIT = 512;
const cache = new Map<string, RegExp>();

/**
 * Global (`g`) RegExp for a .NET pattern, with match indices (`d`, slower) only when asked.
 * Throws ExpressionError('Evaluation') for an invalid pattern.
 */
export function compileDotNetRegex(pattern: string, withIndices = false): RegExp {
  const key = (withIndices ? 'd:' : 'g:') + pattern;
  const cached = cache.get(key);
  if (cached) {
    cached.lastIndex = 0;
    return cached;
  }
  const regex = translate(pattern, withIndices ? 'gd' : 'g');
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, regex);
  return regex;
}

const INLINE_OPTIONS = /^\(\?([imnsx]+)\)/;

function translate(pattern: string, baseFlags: string): RegExp {
  let body = pattern;
  let flags = baseFlags;
  const inline = INLINE_OPTIONS.exec(body);
  if (inline) {
    body = body.slice(inline[0].length);
    for (const option of inline[1]) {
      if (option === 'i' || option === 'm' || option === 's') {
        if (!flags.includes(option)) flags += option;
      } else if (option === 'x') {
        throw evaluationError('Replace: the .NET regex option (?x) is not supported');
      }
    }
  }
  body = rewriteSyntax(body);
  if (/\\[pP]\{/.test(body)) flags += 'u';
  try {
    return new RegExp(body, flags);
  } catch (error) {
    throw evaluationError(`invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
}

/** `(?'name'…)` → `(?<name>…)`, `\A` → `^`, `\Z`/`\z` → `$` (outside character classes). */
function rewriteSyntax(body: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length) {
      const next = body[i + 1];
      if (!inClass && next === 'A') out += '^';
      else if (!inClass && (next === 'Z' || next === 'z')) out += '$';
      else out += c + next;
      i++;
    } else if (c === '[' && !inClass) {
      inClass = true;
      out += c;
    } else if (c === ']' && inClass) {
      inClass = false;
      out += c;
    } else if (!inClass && body.startsWith("(?'", i)) {
      const end = body.indexOf("'", i + 3);
      if (end < 0) {
        out += c;
      } else {
        out += `(?<${body.slice(i + 3, end)}>`;
        i = end;
      }
    } else {
      out += c;
    }
  }
  return out;
}

/** Value of a named or numbered group of a match; undefined if the regex has no such group. */
export function groupValue(match: RegExpExecArray, name: string): string | undefined | null {
  if (/^\d+$/.test(name)) {
    const index = Number(name);
    return index < match.length ? (match[index] ?? null) : undefined;
  }
  const groups = match.groups;
  if (!groups || !(name in groups)) return undefined;
  return groups[name] ?? null;
}

/** Expands a .NET replacement pattern for one match. Unknown groups stay literal, as in .NET. */
export function expandReplacement(template: string, match: RegExpExecArray, input: string): string {
  if (!template.includes('$')) return template;
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '$' || i + 1 >= template.length) {
      out += c;
      continue;
    }
    const next = template[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '&') {
      out += match[0];
      i++;
    } else if (next === '`') {
      out += input.slice(0, match.index);
      i++;
    } else if (next === "'") {
      out += input.slice(match.index + match[0].length);
      i++;
    } else if (next === '_') {
      out += input;
      i++;
    } else if (next === '+') {
      out += match.length > 1 ? (match[match.length - 1] ?? '') : '';
      i++;
    } else if (next === '{') {
      const end = template.indexOf('}', i + 2);
      const value = end < 0 ? undefined : groupValue(match, template.slice(i + 2, end));
      if (value === undefined) {
        out += c;
      } else {
        out += value ?? '';
        i = end;
      }
    } else if (next >= '0' && next <= '9') {
      let j = i + 1;
      while (j < template.length && template[j] >= '0' && template[j] <= '9') j++;
      // Longest digit prefix that names an existing group (.NET rule).
      let k = j;
      while (k > i + 1 && Number(template.slice(i + 1, k)) >= match.length) k--;
      if (k === i + 1) {
        out += c;
      } else {
        out += match[Number(template.slice(i + 1, k))] ?? '';
        i = k - 1;
      }
    } else {
      out += c;
    }
  }
  return out;
}
