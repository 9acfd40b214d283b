import { AttributeDef } from './schema';

/** Small builders so schema definitions stay readable. Defaults follow RFC 7643 §2.2. */
type Options = Partial<Omit<AttributeDef, 'name' | 'type'>>;

function attribute(name: string, type: AttributeDef['type'], options: Options): AttributeDef {
  return {
    name,
    type,
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

export const str = (name: string, options: Options = {}): AttributeDef => attribute(name, 'string', options);
export const bool = (name: string, options: Options = {}): AttributeDef => attribute(name, 'boolean', options);
export const dateTime = (name: string, options: Options = {}): AttributeDef => attribute(name, 'dateTime', options);
export const binary = (name: string, options: Options = {}): AttributeDef => attribute(name, 'binary', { caseExact: true, ...options });
export const ref = (name: string, referenceTypes: string[], options: Options = {}): AttributeDef =>
  attribute(name, 'reference', { referenceTypes, caseExact: true, ...options });
export const complex = (name: string, subAttributes: AttributeDef[], options: Options = {}): AttributeDef =>
  attribute(name, 'complex', { subAttributes, ...options });

/** RFC 7643 §2.4 multi-valued attribute: value, display, type, primary. */
export function multiValued(
  name: string,
  description: string,
  options: { value?: AttributeDef; canonicalTypes?: string[]; mutability?: AttributeDef['mutability'] } = {},
): AttributeDef {
  const mutability = options.mutability ?? 'readWrite';
  return complex(
    name,
    [
      options.value ?? str('value', { mutability }),
      str('display', { mutability }),
      str('type', { mutability, ...(options.canonicalTypes ? { canonicalValues: options.canonicalTypes } : {}) }),
      bool('primary', { mutability }),
    ],
    { multiValued: true, description, mutability },
  );
}
