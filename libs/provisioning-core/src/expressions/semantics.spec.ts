/** Behaviour where the docs are silent or where we chose (see docs/provisioning-core/expressions.md). */
import { evaluateExpression, ExpressionError } from './index';
import { context, value } from './test-support';

function evaluationCode(expression: string, source: Record<string, unknown> = {}): string {
  try {
    value(expression, source);
  } catch (error) {
    if (error instanceof ExpressionError) return error.code;
    throw error;
  }
  return 'none';
}

describe('function semantics', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    // values from the source object
    ['[flag]', { flag: true }, 'True'],
    ['[n]', { n: 42 }, '42'],
    ['[missing]', {}, null],
    ['[toString]', {}, null],
    ['[multi]', { multi: ['a', null, 'b'] }, ['a', 'b']],
    ['42', {}, '42'],
    // Append / Join / Coalesce
    ['Append([a], "x")', {}, 'x'],
    ['Append([a], [b])', {}, null],
    ['Join(",", [a], [b])', {}, null],
    ['Join(",", [a], [b])', { a: '', b: 'y' }, 'y'],
    ['Join(",", [multi], "z")', { multi: ['a', 'b'] }, 'a,b,z'],
    ['Coalesce([a], [b], "")', {}, ''],
    ['Coalesce([a], [b])', { a: [], b: 'x' }, 'x'],
    // Left / Mid / Word / StripSpaces
    ['Left([a], 3)', {}, ''],
    ['Left("abc", 0)', {}, ''],
    ['Left("abc", -1)', {}, 'abc'],
    ['Left("ab", 5)', {}, 'ab'],
    ['Mid("abcdef", 3, 2)', {}, 'cd'],
    ['Mid("abcdef", 5, 10)', {}, 'ef'],
    ['Mid([a], 1, 2)', {}, null],
    ['Word("a,,b", 2, ",")', {}, 'b'],
    ['Word("a b", 0, " ")', {}, ''],
    ['Word("a b", 3, " ")', {}, ''],
    ['Word([a], 1, " ")', {}, ''],
    ['StripSpaces(" a b\tc ")', {}, 'ab\tc'],
    // InStr
    ['InStr("abc", "z")', {}, '0'],
    ['InStr("ABC", "b", 1, vbTextCompare)', {}, '2'],
    ['InStr("ABC", "b", 1, vbBinaryCompare)', {}, '0'],
    ['InStr("abc", "c", 9)', {}, '0'],
    ['InStr([a], "c")', {}, null],
    // Item / Count / RemoveDuplicates / Split
    ['Item([m], 0)', { m: ['a'] }, null],
    ['Item([m], 3)', { m: ['a'] }, null],
    ['Item([s], 1)', { s: 'one' }, 'one'],
    ['Count([m])', { m: ['a', 'b', 'c'] }, '3'],
    ['Count([s])', { s: 'x' }, '1'],
    ['Count([x])', {}, '0'],
    ['RemoveDuplicates([s])', { s: 'x' }, 'x'],
    ['Split([a], ",")', {}, null],
    ['Split("a;b;;c", ";")', {}, ['a', 'b', 'c']],
    // booleans
    ['Not("False")', {}, 'True'],
    ['Not("true")', {}, 'False'],
    ['Not([x])', {}, 'True'],
    ['CBool("1")', {}, 'True'],
    ['CBool("0")', {}, 'False'],
    ['CBool("yes")', {}, 'False'],
    ['IsNull("")', {}, 'False'],
    ['IsString([m])', { m: ['a'] }, 'False'],
    ['IsString("a")', {}, 'True'],
    ['IsPresent(" ")', {}, 'True'],
    // comparisons
    ['CBool("10" > "9")', {}, 'True'],
    ['CBool("b" > "a")', {}, 'True'],
    ['CBool("a" = "A")', {}, 'False'],
    ['CBool([x] <> "a")', {}, 'False'],
    ['CBool("5" >= 5)', {}, 'True'],
    ['CBool("4" <= 3)', {}, 'False'],
    ['CBool("a" < "b")', {}, 'True'],
    ['IIF([a] = [a], "t", "f")', { a: '' }, 'f'],
    ['IIF(Not(IsPresent([a])), "t", "f")', {}, 'f'],
    ['IIF([x] = "1", "t", "f")', { x: 1 }, 't'],
    // Switch
    ['Switch([a], "d", "A", "1")', { a: 'a' }, 'd'],
    ['Switch([a], , "x", "1")', { a: 'y' }, null],
    ['Switch([a], "d", "", "empty")', { a: '' }, 'empty'],
    // case / encoding
    ['ToUpper("istanbul", "tr-TR")', {}, 'İSTANBUL'],
    ['ToLower("ÀB")', {}, 'àb'],
    ['PCase("o\'neil-smith the 3RD")', {}, "O'neil-Smith The 3rd"],
    ['PCase("hello_world foo.bar")', {}, 'Hello_World Foo.Bar'],
    ['PCase("a-b c", "-")', {}, 'A-B c'],
    ['NormalizeDiacritics("Łódź Øre Œuvre ß ÅÄÖ ı")', {}, 'Lodz OEre OEuvre ss AAO i'],
    ['ConvertToUTF8Hex("é😀")', {}, 'C3A9F09F9880'],
    ['ConvertToBase64("")', {}, ''],
    ['ConvertToBase64("ab")', {}, 'YQBiAA=='],
    ['BitAnd(12, 10)', {}, '8'],
    ['BitAnd(&hFF, "&H0F")', {}, '15'],
    // Replace edge cases
    ['Replace([a], "x", , , "y", , )', {}, null],
    ['Replace("aXbX", "X", , , [none], , )', {}, 'ab'],
    ['Replace("ab", , "(?<x>b)", , "[$1|${x}|$$|$&]", , )', {}, 'a[b|b|$|b]'],
    ['Replace("AB", , "(?i)b", , "c", , )', {}, 'Ac'],
    ['Replace("a1b2", , "(?\'d\'\\\\d)", "d", "#", , )', {}, 'a#b#'],
    ['Replace("john", , "(?<x>\\\\d+)", "x", , [mobile], )', { mobile: 'none' }, 'john'],
    ['Replace("", , "(?<x>\\\\d+)", "x", , [mobile], )', { mobile: 'none' }, null],
    // dates
    ['CDate([d])', {}, null],
    ['CDate("2020-02-29T23:59:59.123Z")', {}, '2/29/2020 11:59:59 PM'],
    ['CDate("Mon, 15 Jun 2009 20:45:30 GMT")', {}, '6/15/2009 8:45:30 PM'],
    ['CDate("January 1, 2012 11:00 PM")', {}, '1/1/2012 11:00:00 PM'],
    ['CDate("12/31/2020")', {}, '12/31/2020 12:00:00 AM'],
    ['DateAdd("m", 1, "1/31/2021 12:00:00 PM")', {}, '2/28/2021 12:00:00 PM'],
    ['DateAdd("yyyy", 1, "2020-02-29")', {}, '2/28/2021 12:00:00 AM'],
    ['DateAdd("h", 36, "2020-01-01")', {}, '1/2/2020 12:00:00 PM'],
    ['DateAdd("n", -1, "2020-01-01")', {}, '12/31/2019 11:59:00 PM'],
    ['DateAdd("s", 1.6, "2020-01-01")', {}, '1/1/2020 12:00:02 AM'],
    ['DateAdd("d", 1, [none])', {}, null],
    ['DateDiff("d", "2021-01-01T23:59:00Z", "2021-01-02T00:01:00Z")', {}, '1'],
    ['DateDiff("yyyy", "2020-12-31", "2021-01-01")', {}, '1'],
    ['DateDiff("ww", "2021-08-21", "2021-08-22")', {}, '1'],
    ['NumFromDate("2012-01-01T23:00:00Z")', {}, '129699324000000000'],
    ['NumFromDate([x])', {}, null],
    ['DateFromNum(0)', {}, '1/1/1601 12:00:00 AM'],
    ['DateFromNum("9223372036854775807")', {}, null],
    // roles
    ['SingleAppRoleAssignment([r])', { r: [{ id: '1', appRoleId: 'x', value: null, displayName: 'User' }] }, 'User'],
    ['SingleAppRoleAssignment([r])', { r: [] }, null],
    ['AppRoleAssignmentsComplex([r])', { r: [] }, null],
    ['AssertiveAppRoleAssignmentsComplex([r])', {}, []],
    // RandomString bounds
    ['Count(Split(RandomString(256, 0, 0, 0, 0), "§"))', {}, '1'],
  ])('%s with %j → %j', (expression, source, expected) => {
    expect(value(expression, source)).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>]>([
    ['Replace([a], , "(", , "x", , )', { a: 'b' }],
    ['Replace([a], , "x", , , , )', { a: 'b' }],
    ['Replace([a], , , , "x", , )', { a: 'b' }],
    ['Replace([a], "x", , , , , )', { a: 'b' }],
    ['CDate("not a date")', {}],
    ['CDate("2021-02-30")', {}],
    ['DateAdd("q2", 1, "2021-01-01")', {}],
    ['DateAdd("d", "x", "2021-01-01")', {}],
    ['DateAdd("yyyy", 9000, "2021-01-01")', {}],
    ['FormatDateTime("2021-13-01", , "yyyy-MM-dd", "yyyy")', {}],
    ['FormatDateTime("2021-01-01", "Bogus", "yyyy-MM-dd", "yyyy")', {}],
    ['FormatDateTime("2021-01-01", , "yyyy-MM-dd", "ffffffff")', {}],
    ['FormatDateTime("2021-01-01", , "yyyy-MM-dd", "Q")', {}],
    ['Left("abc", "x")', {}],
    ['RandomString(257, 0, 0, 0, 0)', {}],
    ['RandomString(3, 2, 2, 0, 0)', {}],
    ['RandomString(4, 1, 0, 0, 0, "0123456789")', {}],
    ['BitAnd("x", 1)', {}],
    ['InStr("a", "b", 0)', {}],
    ['InStr("a", "b", 1, "vbSomething")', {}],
    ['ToLower("a", "not a culture!!")', {}],
    ['SelectUniqueValue("a", "b")', {}],
  ])('%s → ExpressionError(Evaluation)', (expression, source) => {
    const isUnique = (): boolean => false;
    const code = expression.startsWith('SelectUniqueValue')
      ? (() => {
          try {
            value(expression, source, { isUnique });
            return 'none';
          } catch (error) {
            return (error as ExpressionError).code;
          }
        })()
      : evaluationCode(expression, source);
    expect(code).toBe('Evaluation');
  });

  it('Guid and RandomString draw only from the context', () => {
    const ctx = context({}, { newGuid: () => 'fixed', random: () => 0 });
    expect(evaluateExpression({ type: 'Function', name: 'Guid', parameters: [] }, ctx).value).toBe('fixed');
    expect(value('RandomString(4, 1, 1, 1, 1)', {}, { random: () => 0.999999 })).toHaveLength(4);
  });

  it('unknown function in a hand-built tree → UnknownFunction', () => {
    expect(() => evaluateExpression({ type: 'Function', name: 'Nope', parameters: [] }, context())).toThrow(
      expect.objectContaining({ code: 'UnknownFunction' }),
    );
  });

  it('wraps errors thrown by context callbacks', () => {
    const ctx = context(
      {},
      {
        newGuid: () => {
          throw new TypeError('boom');
        },
      },
    );
    expect(() => evaluateExpression({ type: 'Function', name: 'Guid', parameters: [] }, ctx)).toThrow(ExpressionError);
  });
});
