/**
 * Argument count rules and the parameter `key` of each argument, from FUNCTION_SCHEMAS. Optional parameters
 * can be omitted (empty between commas); repeated parameters (Join's sources, Switch's key/value pairs,
 * Coalesce's sources, SelectUniqueValue's rules) repeat as a group. Coalesce's trailing defaultValue is not
 * distinguishable from a source, so every Coalesce argument is keyed "source".
 */
import { AttributeMappingSource } from '../schema/model';
import { ExpressionError } from './errors';
import { AttributeMappingFunctionSchema } from './types';

/** Functions that need more than one occurrence of their repeated group. */
const MIN_GROUPS: Readonly<Record<string, number>> = { SelectUniqueValue: 2 };

function arity(message: string, position: number | undefined): ExpressionError {
  return new ExpressionError('WrongArity', message, position);
}

/** Keys for `args`; throws ExpressionError('WrongArity') when the count or an omitted required arg is wrong. */
export function argumentKeys(
  schema: AttributeMappingFunctionSchema,
  args: readonly (AttributeMappingSource | null)[],
  position?: number,
): string[] {
  const params = schema.parameters;
  const n = args.length;
  const firstRepeated = params.findIndex((p) => p.allowMultipleOccurrences);
  let keyed: { name: string; required: boolean }[];
  if (firstRepeated < 0) {
    let min = 0;
    params.forEach((p, i) => {
      if (p.required) min = i + 1;
    });
    if (n < min || n > params.length) {
      const expected = min === params.length ? `${min}` : `${min} to ${params.length}`;
      throw arity(`${schema.name} takes ${expected} argument(s), got ${n}`, position);
    }
    keyed = params.slice(0, n);
  } else {
    const prefix = params.slice(0, firstRepeated);
    let groupEnd = firstRepeated;
    while (groupEnd < params.length && params[groupEnd].allowMultipleOccurrences) groupEnd++;
    const group = params.slice(firstRepeated, groupEnd);
    const rest = n - prefix.length;
    const minGroups = MIN_GROUPS[schema.name] ?? 1;
    if (rest < group.length * minGroups || rest % group.length !== 0) {
      const unit = group.length === 1 ? `${group[0].name}` : `(${group.map((g) => g.name).join(', ')}) group`;
      throw arity(
        `${schema.name} takes ${prefix.length} argument(s) then at least ${minGroups} ${unit}(s)` +
          (group.length > 1 ? ' in complete groups' : '') +
          `, got ${n}`,
        position,
      );
    }
    keyed = [...prefix];
    for (let i = 0; i < rest; i++) keyed.push(group[i % group.length]);
  }
  keyed.forEach((p, i) => {
    if (args[i] === null && p.required) throw arity(`${schema.name}: argument ${i + 1} (${p.name}) is required`, position);
  });
  return keyed.map((p) => p.name);
}
