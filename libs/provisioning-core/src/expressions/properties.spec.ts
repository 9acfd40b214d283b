/** Property-based tests: print∘parse identity, and "only ExpressionError ever escapes". */
import fc from 'fast-check';
import { AttributeMappingSource } from '../schema/model';
import { argumentKeys } from './arity';
import { COMPARISON_OPERATORS } from './functions/logic-functions';
import { evaluateExpression, ExpressionError, FUNCTION_SCHEMAS, parseExpression, printExpression } from './index';
import { AttributeMappingFunctionSchema } from './types';
import { context } from './test-support';

type Node = AttributeMappingSource;

const ATTRIBUTE_NAMES = ['mail', 'givenName', 'surname', 'IsSoftDeleted', 'appRoleAssignments', 'manager', 'extension_abc_x'];

const attributeName = fc.oneof(fc.constantFrom(...ATTRIBUTE_NAMES), fc.stringMatching(/^[A-Za-z_][\w.:-]{0,15}$/));
const literal = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('"', '\\', '\\"', '""', '5', '-1.5', '&HF7', 'vbTextCompare', 'True', '2021-08-24', '', 'a,b', ')'),
);

const leaf: fc.Arbitrary<Node> = fc.oneof(
  attributeName.map((name): Node => ({ type: 'Attribute', name })),
  literal.map((name): Node => ({ type: 'Constant', name })),
);

/** Argument counts a schema accepts (bounded). */
function counts(schema: AttributeMappingFunctionSchema): number[] {
  const params = schema.parameters;
  const firstRepeated = params.findIndex((p) => p.allowMultipleOccurrences);
  if (firstRepeated < 0) {
    const min = params.reduce((m, p, i) => (p.required ? i + 1 : m), 0);
    return Array.from({ length: params.length - min + 1 }, (_, i) => min + i);
  }
  const group = params.filter((p) => p.allowMultipleOccurrences).length;
  const minGroups = schema.name === 'SelectUniqueValue' ? 2 : 1;
  return [minGroups, minGroups + 1, minGroups + 2].map((k) => firstRepeated + k * group);
}

function keysFor(schema: AttributeMappingFunctionSchema, n: number): { name: string; required: boolean }[] {
  const dummy: Node = { type: 'Constant', name: 'x' };
  const names = argumentKeys(
    schema,
    Array.from({ length: n }, () => dummy),
  );
  return names.map((name) => ({ name, required: schema.parameters.find((p) => p.name === name)?.required ?? true }));
}

const { tree } = fc.letrec<{ tree: Node; operand: Node; call: Node; comparison: Node }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', maxDepth: 4 }, leaf, tie('call'), tie('comparison')),
  operand: fc.oneof({ depthSize: 'small', maxDepth: 4 }, leaf, tie('call')),
  comparison: fc.tuple(fc.constantFrom(...COMPARISON_OPERATORS), tie('operand'), tie('operand')).map(([name, left, right]): Node => ({
    type: 'Function',
    name,
    parameters: [
      { key: 'left', value: left },
      { key: 'right', value: right },
    ],
  })),
  call: fc
    .constantFrom(...FUNCTION_SCHEMAS)
    .chain((schema) => fc.constantFrom(...counts(schema)).map((n) => ({ schema, keys: keysFor(schema, n) })))
    .chain(({ schema, keys }) =>
      fc.tuple(...keys.map((k) => (k.required ? tie('tree') : fc.option(tie('tree'), { nil: null })))).map((args): Node => ({
        type: 'Function',
        name: schema.name,
        parameters: keys.map((k, i) => ({ key: k.name, value: (args as (Node | null)[])[i] })),
      })),
    ),
}));

function withoutExpression(node: Node): Node {
  const { expression: _ignored, ...rest } = node;
  void _ignored;
  return rest;
}

function onlyExpressionErrors(action: () => unknown): void {
  try {
    action();
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
  }
}

const tokenSoup = fc
  .array(
    fc.constantFrom(
      'Join',
      'IIF',
      'Switch',
      'Replace',
      'Guid',
      '(',
      ')',
      ',',
      ', ,',
      '"',
      '\\',
      '"x"',
      '[a]',
      '[',
      ']',
      ' ',
      '&H',
      '&HF',
      '1',
      '-',
      '=',
      '<>',
      '>=',
      'vbTextCompare',
      '\n',
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

const sourceObject = fc.dictionary(
  fc.constantFrom(...ATTRIBUTE_NAMES, 'a', 'b'),
  fc.oneof(
    fc.anything(),
    fc.constantFrom('2021-08-24', '8/25/2021 5:41:18 PM', '129699324000000000', 'True', '&HF', '-3', ''),
    fc.array(fc.record({ id: fc.string(), appRoleId: fc.string(), value: fc.option(fc.string()), displayName: fc.option(fc.string()) })),
  ),
);

describe('expression properties', () => {
  it('parseExpression ∘ printExpression is the identity on trees', () => {
    fc.assert(
      fc.property(tree, (t) => {
        const text = printExpression(t);
        expect(withoutExpression(parseExpression(text))).toEqual(t);
      }),
      { numRuns: 400 },
    );
  });

  it('parseExpression throws nothing but ExpressionError on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), tokenSoup), (text) => {
        onlyExpressionErrors(() => parseExpression(text));
      }),
      { numRuns: 1000 },
    );
  });

  it('evaluateExpression throws nothing but ExpressionError on arbitrary trees and sources', () => {
    fc.assert(
      fc.property(tree, sourceObject, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (t, source, r) => {
        onlyExpressionErrors(() => evaluateExpression(t, context(source, { random: () => r, isUnique: (v) => v.length % 2 === 0 })));
      }),
      { numRuns: 600 },
    );
  });

  it('evaluateExpression throws nothing but ExpressionError on malformed hand-built trees', () => {
    const anyNode: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
      node: fc.record({
        type: fc.constantFrom('Attribute', 'Constant', 'Function'),
        name: fc.option(fc.oneof(fc.constantFrom(...FUNCTION_SCHEMAS.map((f) => f.name), '=', 'mail'), fc.string())),
        parameters: fc.option(fc.array(fc.record({ key: fc.string(), value: fc.option(tie('node'), { nil: null }) }), { maxLength: 4 }), {
          nil: undefined,
        }),
      }) as fc.Arbitrary<Node>,
    })).node;
    fc.assert(
      fc.property(anyNode, sourceObject, (t, source) => {
        onlyExpressionErrors(() => evaluateExpression(t, context(source)));
        onlyExpressionErrors(() => printExpression(t));
      }),
      { numRuns: 400 },
    );
  });
});
