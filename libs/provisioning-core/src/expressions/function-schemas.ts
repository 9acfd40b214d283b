/**
 * Graph's `attributeMappingFunctionSchema` list (GET …/synchronization/jobs/{id}/schema/functions). Parameter
 * names are the ones the docs use; they are also the `key`s the parser puts on `parameters[]`.
 */
import { AttributeMappingFunctionSchema, AttributeMappingParameterSchema } from './types';

type ParamSpec = readonly [name: string, type: string, required: boolean, allowMultipleOccurrences?: boolean];

function fn(name: string, ...params: ParamSpec[]): AttributeMappingFunctionSchema {
  const parameters: AttributeMappingParameterSchema[] = params.map(([pName, type, required, multi]) => ({
    name: pName,
    type,
    required,
    allowMultipleOccurrences: multi ?? false,
  }));
  return { name, parameters };
}

const S = 'String';
const I = 'Integer';
const B = 'Boolean';

export const FUNCTION_SCHEMAS: readonly AttributeMappingFunctionSchema[] = Object.freeze([
  fn('Append', ['source', S, true], ['suffix', S, true]),
  fn('AppRoleAssignmentsComplex', ['source', S, true]),
  fn('AssertiveAppRoleAssignmentsComplex', ['source', S, true]),
  fn('BitAnd', ['value1', I, true], ['value2', I, true]),
  fn('CBool', ['expression', S, true]),
  fn('CDate', ['expression', S, true]),
  fn('Coalesce', ['source', S, true, true], ['defaultValue', S, false]),
  fn('ConvertToBase64', ['source', S, true]),
  fn('ConvertToUTF8Hex', ['source', S, true]),
  fn('Count', ['attribute', S, true]),
  fn('CStr', ['value', S, true]),
  fn('DateAdd', ['interval', S, true], ['value', I, true], ['dateTime', S, true]),
  fn('DateDiff', ['interval', S, true], ['date1', S, true], ['date2', S, true]),
  fn('DateFromNum', ['value', I, true]),
  fn('FormatDateTime', ['source', S, true], ['dateTimeStyles', S, false], ['inputFormat', S, true], ['outputFormat', S, true]),
  fn('Guid'),
  fn('IgnoreFlowIfNullOrEmpty', ['expression', S, true]),
  fn('IIF', ['condition', B, true], ['valueIfTrue', S, true], ['valueIfFalse', S, true]),
  fn('InStr', ['value1', S, true], ['value2', S, true], ['start', I, false], ['compareType', S, false]),
  fn('IsNull', ['expression', S, true]),
  fn('IsNullOrEmpty', ['expression', S, true]),
  fn('IsPresent', ['expression', S, true]),
  fn('IsString', ['expression', S, true]),
  fn('Item', ['attribute', S, true], ['index', I, true]),
  fn('Join', ['separator', S, true], ['source', S, true, true]),
  fn('Left', ['string', S, true], ['numChars', I, true]),
  fn('Mid', ['source', S, true], ['start', I, true], ['length', I, true]),
  fn('NormalizeDiacritics', ['source', S, true]),
  fn('Not', ['source', B, true]),
  fn('Now'),
  fn('NumFromDate', ['value', S, true]),
  fn('PCase', ['source', S, true], ['wordSeparators', S, false]),
  fn(
    'RandomString',
    ['length', I, true],
    ['minimumNumbers', I, false],
    ['minimumSpecialCharacters', I, false],
    ['minimumCapital', I, false],
    ['minimumLowerCase', I, false],
    ['charactersToAvoid', S, false],
  ),
  fn('Redact', ['attributeOrValue', S, true]),
  fn('RemoveDuplicates', ['attribute', S, true]),
  fn(
    'Replace',
    ['source', S, true],
    ['oldValue', S, false],
    ['regexPattern', S, false],
    ['regexGroupName', S, false],
    ['replacementValue', S, false],
    ['replacementAttributeName', S, false],
    ['template', S, false],
  ),
  fn('SelectUniqueValue', ['uniqueValueRule', S, true, true]),
  fn('SingleAppRoleAssignment', ['source', S, true]),
  fn('Split', ['source', S, true], ['delimiter', S, true]),
  fn('StripSpaces', ['source', S, true]),
  fn('Switch', ['source', S, true], ['defaultValue', S, false], ['key', S, true, true], ['value', S, true, true]),
  fn('ToLower', ['source', S, true], ['culture', S, false]),
  fn('ToUpper', ['source', S, true], ['culture', S, false]),
  fn('Word', ['string', S, true], ['wordNumber', I, true], ['delimiters', S, true]),
]);

const BY_NAME: ReadonlyMap<string, AttributeMappingFunctionSchema> = new Map(FUNCTION_SCHEMAS.map((f) => [f.name, f]));

/** Case-sensitive lookup. */
export function findFunctionSchema(name: string): AttributeMappingFunctionSchema | undefined {
  return BY_NAME.get(name);
}
