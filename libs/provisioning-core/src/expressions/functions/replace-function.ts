/**
 * Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName, template)
 * — the five documented modes, chosen by which arguments are written (not omitted).
 */
import { compileDotNetRegex, expandReplacement, groupValue } from '../dotnet-regex';
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

/** Replaces every match of the regex with a .NET replacement pattern. */
function regexReplace(source: string, regex: RegExp, replacement: string): string {
  regex.lastIndex = 0;
  if (!replacement.includes('$')) return source.replace(regex, replacement);
  let out = '';
  let last = 0;
  regex.lastIndex = 0;
  for (let m = regex.exec(source); m !== null; m = regex.exec(source)) {
    out += source.slice(last, m.index) + expandReplacement(replacement, m, source);
    last = m.index + m[0].length;
    if (m[0].length === 0) regex.lastIndex++;
  }
  return out + source.slice(last);
}

/** Replaces, inside every match, the text captured by the named group. */
function groupReplace(source: string, regex: RegExp, group: string, replacement: string): string {
  let out = '';
  let last = 0;
  regex.lastIndex = 0;
  for (let m = regex.exec(source); m !== null; m = regex.exec(source)) {
    const span = groupSpan(m, group);
    if (span !== null && span[0] >= last) {
      out += source.slice(last, span[0]) + replacement;
      last = span[1];
    }
    if (m[0].length === 0) regex.lastIndex++;
  }
  return out + source.slice(last);
}

function groupSpan(m: RegExpExecArray, group: string): [number, number] | null {
  const indices = m.indices;
  if (!indices) return null;
  if (/^\d+$/.test(group)) return indices[Number(group)] ?? null;
  return indices.groups?.[group] ?? null;
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
    const regex = compileDotNetRegex(pattern, group !== null && group !== '' && ev.has(p, REPLACEMENT));
    if (group !== null && group !== '' && ev.has(p, REPLACEMENT_ATTRIBUTE) && !ev.has(p, REPLACEMENT)) {
      if (source !== null && source !== '') return source;
      const other = ev.text(p, REPLACEMENT_ATTRIBUTE);
      if (other === null) return null;
      regex.lastIndex = 0;
      const m = regex.exec(other);
      return m ? (groupValue(m, group) ?? null) : null;
    }
    if (!ev.has(p, REPLACEMENT)) throw evaluationError('Replace: regexPattern needs replacementValue or replacementAttributeName');
    if (source === null) return null;
    const replacement = ev.text(p, REPLACEMENT) ?? '';
    if (group !== null && group !== '') {
      return groupReplace(source, regex, group, replacement);
    }
    return regexReplace(source, regex, replacement);
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
