/**
 * Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template)
 * — the five documented modes, chosen by which arguments are written (not omitted).
 */
import { DotNetRegex, expandReplacement, groupSpan, groupValue, translateDotNetRegex } from '../../regex';
import { evaluationError } from '../errors';
import { ExpressionValue } from '../types';
import { FunctionImpl, Params, Evaluator } from './function-impl';

const SOURCE = 0;
const OLD_VALUE = 1;
const REGEX = 2;
const GROUP = 3;
const REPLACEMENT = 4;
const REPLACEMENT_ATTRIBUTE = 5;
const TEMPLATE = 6;

const CACHE_LIMIT = 512;
const cache = new Map<string, DotNetRegex>();

/**
 * Global RegExp for a .NET pattern, with match indices (`d`, slower) only when asked, compiled once per pattern.
 * Throws ExpressionError('Evaluation') for a pattern the dialect rejects.
 */
function compile(pattern: string, withIndices: boolean): DotNetRegex {
  const key = (withIndices ? 'd:' : 'g:') + pattern;
  const cached = cache.get(key);
  if (cached) {
    cached.regex.lastIndex = 0;
    return cached;
  }
  const translated = translateDotNetRegex(pattern, {}, withIndices ? 'gd' : 'g');
  if (!translated.ok) throw evaluationError(`invalid regular expression ${JSON.stringify(pattern)}: ${translated.reason}`);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, translated);
  return translated;
}

/** Replaces every match of the regex with a .NET replacement pattern. */
function regexReplace(source: string, { regex, groupNumbers }: DotNetRegex, replacement: string): string {
  regex.lastIndex = 0;
  if (!replacement.includes('$')) return source.replace(regex, replacement);
  let out = '';
  let last = 0;
  regex.lastIndex = 0;
  for (let m = regex.exec(source); m !== null; m = regex.exec(source)) {
    out += source.slice(last, m.index) + expandReplacement(replacement, m, source, groupNumbers);
    last = m.index + m[0].length;
    if (m[0].length === 0) regex.lastIndex++;
  }
  return out + source.slice(last);
}

/** Replaces, inside every match, the text captured by the named group. */
function groupReplace(source: string, { regex, groupNumbers }: DotNetRegex, group: string, replacement: string): string {
  let out = '';
  let last = 0;
  regex.lastIndex = 0;
  for (let m = regex.exec(source); m !== null; m = regex.exec(source)) {
    const span = groupSpan(m, group, groupNumbers);
    if (span !== null && span[0] >= last) {
      out += source.slice(last, span[0]) + replacement;
      last = span[1];
    }
    if (m[0].length === 0) regex.lastIndex++;
  }
  return out + source.slice(last);
}

/** Literal (non-pattern) replace of every occurrence. */
function replaceAll(input: string, oldValue: string, newValue: string): string {
  return input.includes(oldValue) ? input.split(oldValue).join(newValue) : input;
}

function text(ev: Evaluator, p: Params, i: number): string | null {
  return ev.has(p, i) ? ev.text(p, i) : null;
}

export const replace: FunctionImpl = (p, ev): ExpressionValue => {
  const source = ev.text(p, SOURCE);
  const pattern = text(ev, p, REGEX);
  if (pattern !== null) {
    const group = text(ev, p, GROUP);
    const compiled = compile(pattern, group !== null && group !== '' && ev.has(p, REPLACEMENT));
    if (group !== null && group !== '' && ev.has(p, REPLACEMENT_ATTRIBUTE) && !ev.has(p, REPLACEMENT)) {
      if (source !== null && source !== '') return source;
      const other = ev.text(p, REPLACEMENT_ATTRIBUTE);
      if (other === null) return null;
      compiled.regex.lastIndex = 0;
      const m = compiled.regex.exec(other);
      return m ? (groupValue(m, group, compiled.groupNumbers) ?? null) : null;
    }
    if (!ev.has(p, REPLACEMENT)) throw evaluationError('Replace: regexPattern needs replacementValue or replacementAttributeName');
    if (source === null) return null;
    const replacement = ev.text(p, REPLACEMENT) ?? '';
    if (group !== null && group !== '') {
      return groupReplace(source, compiled, group, replacement);
    }
    return regexReplace(source, compiled, replacement);
  }
  if (ev.has(p, OLD_VALUE)) {
    const oldValue = ev.text(p, OLD_VALUE);
    if (ev.has(p, TEMPLATE)) {
      const template = ev.text(p, TEMPLATE);
      if (template === null || source === null) return null;
      return oldValue === null || oldValue === '' ? template : replaceAll(template, oldValue, source);
    }
    if (!ev.has(p, REPLACEMENT)) throw evaluationError('Replace: oldValue needs replacementValue or template');
    if (source === null) return null;
    if (oldValue === null || oldValue === '') return source;
    return replaceAll(source, oldValue, ev.text(p, REPLACEMENT) ?? '');
  }
  throw evaluationError('Replace: give oldValue or regexPattern');
};
