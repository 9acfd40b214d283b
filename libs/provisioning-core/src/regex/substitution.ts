/**
 * .NET replacement patterns ("Substitutions in regular expressions"): `$number`, `${name}`, `$$`, `$&`, `` $` ``,
 * `$'`, `$+`, `$_`. A `$` that designates no group of the pattern stays literal, as in .NET; so does `$12` when the
 * pattern has no group 12 (all the digits name the group, as .NET reads them outside ECMAScript mode).
 */

/**
 * Text of the group a .NET group number (digits) or name designates: undefined when the pattern has no such group,
 * '' when the group took no part in the match. `groupNumbers` comes from the translation (`DotNetRegex`).
 */
export function groupValue(match: RegExpExecArray, name: string, groupNumbers: readonly number[]): string | undefined {
  if (/^\d+$/.test(name)) {
    const index = groupNumbers[Number(name)];
    return index === undefined ? undefined : (match[index] ?? '');
  }
  if (match.groups === undefined || !(name in match.groups)) return undefined;
  return match.groups[name] ?? '';
}

/** Span [start, end) of a .NET group number or name in a match made with the `d` flag; null when it did not take part. */
export function groupSpan(match: RegExpExecArray, name: string, groupNumbers: readonly number[]): [number, number] | null {
  const indices = match.indices;
  if (!indices) return null;
  if (/^\d+$/.test(name)) {
    const index = groupNumbers[Number(name)];
    return index === undefined ? null : (indices[index] ?? null);
  }
  return indices.groups?.[name] ?? null;
}

/** Expands a .NET replacement pattern for one match of `input`. */
export function expandReplacement(template: string, match: RegExpExecArray, input: string, groupNumbers: readonly number[]): string {
  if (!template.includes('$')) return template;
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i] ?? '';
    const next = template[i + 1];
    if (c !== '$' || next === undefined) {
      out += c;
      continue;
    }
    const simple = simpleSubstitution(next, match, input, groupNumbers);
    if (simple !== undefined) {
      out += simple;
      i++;
    } else if (next === '{') {
      const end = template.indexOf('}', i + 2);
      const value = end < 0 ? undefined : groupValue(match, template.slice(i + 2, end), groupNumbers);
      if (value === undefined) {
        out += c;
      } else {
        out += value ?? '';
        i = end;
      }
    } else if (next >= '0' && next <= '9') {
      let end = i + 1;
      while (end < template.length && (template[end] ?? '') >= '0' && (template[end] ?? '') <= '9') end++;
      const value = groupValue(match, template.slice(i + 1, end), groupNumbers);
      if (value === undefined) {
        out += c;
      } else {
        out += value ?? '';
        i = end - 1;
      }
    } else {
      out += c;
    }
  }
  return out;
}

/** `$$`, `$&`, `` $` ``, `$'`, `$_`, `$+` (the highest-numbered group, the whole match when there is none). */
function simpleSubstitution(next: string, match: RegExpExecArray, input: string, groupNumbers: readonly number[]): string | undefined {
  switch (next) {
    case '$':
      return '$';
    case '&':
      return match[0];
    case '`':
      return input.slice(0, match.index);
    case "'":
      return input.slice(match.index + match[0].length);
    case '_':
      return input;
    case '+':
      return match[groupNumbers[groupNumbers.length - 1] ?? 0] ?? '';
    default:
      return undefined;
  }
}
