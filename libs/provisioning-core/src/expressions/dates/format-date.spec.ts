import { evaluateExpression, parseExpression } from '../index';
import { context } from '../test-support';

function format(input: string, inputFormat: string, outputFormat: string, styles = ''): unknown {
  const text = `FormatDateTime(${JSON.stringify(input)}, ${styles ? JSON.stringify(styles) : ''}, ${JSON.stringify(inputFormat)}, ${JSON.stringify(outputFormat)})`;
  return evaluateExpression(parseExpression(text), context()).value;
}

describe('FormatDateTime (.NET format strings)', () => {
  const iso = 'yyyy-MM-ddTHH:mm:ss.fffffffzzz';
  it.each([
    ['2009-06-15T13:45:30.6175425+00:00', 'yyyy yy y', '2009 09 9'],
    ['2009-06-05T13:45:30.6175425+00:00', 'M MM MMM MMMM', '6 06 Jun June'],
    ['2009-06-05T13:45:30.6175425+00:00', 'd dd ddd dddd', '5 05 Fri Friday'],
    ['2009-06-05T13:45:30.6175425+00:00', 'h hh H HH', '1 01 13 13'],
    ['2009-06-05T01:05:03.6175425+00:00', 'h:m:s t tt', '1:5:3 A AM'],
    ['2009-06-05T13:45:30.6175425+00:00', 'f ff fff ffff fffffff', '6 61 617 6175 6175425'],
    ['2009-06-05T13:45:30.5000000+00:00', 'ss.FFF', '30.5'],
    ['2009-06-05T13:45:30.0000000+00:00', 'ss.FFF', '30'],
    ['2009-06-05T13:45:30.0000000+00:00', 'z zz zzz', '+0 +00 +00:00'],
    ['2009-06-05T13:45:30.0000000+02:00', 'HH:mm', '11:45'],
    ['2009-06-05T13:45:30.0000000+00:00', "'Year:' yyyy \\Q %d", 'Year: 2009 Q 5'],
    ['2009-06-05T13:45:30.0000000+00:00', 'o', '2009-06-05T13:45:30.0000000Z'],
    ['2009-06-05T13:45:30.0000000+00:00', 's', '2009-06-05T13:45:30'],
    ['2009-06-05T13:45:30.0000000+00:00', 'u', '2009-06-05 13:45:30Z'],
    ['2009-06-05T13:45:30.0000000+00:00', 'G', '6/5/2009 1:45:30 PM'],
    ['2009-06-05T13:45:30.0000000+00:00', 'D', 'Friday, June 5, 2009'],
    ['2009-06-05T13:45:30.0000000+00:00', 'R', 'Fri, 05 Jun 2009 13:45:30 GMT'],
    ['2009-06-05T13:45:30.0000000+00:00', 'yyyyMMddHHmmss.0Z', '20090605134530.0Z'],
  ])('%s as %s', (input, outputFormat, expected) => {
    expect(format(input, iso, outputFormat)).toBe(expected);
  });

  it.each([
    ['12/31/2020 11:59:59 PM', 'M/d/yyyy hh:mm:ss tt', 'yyyy-MM-dd HH:mm', '2020-12-31 23:59'],
    ['1/2/2020 12:00:00 AM', 'M/d/yyyy h:mm:ss tt', 'HH', '00'],
    ['  2020-01-02  ', 'yyyy-MM-dd', 'dd.MM.yyyy', '02.01.2020'],
    ['2020-01-02T10:00:00Z', 'yyyy-MM-ddTHH:mm:ssK', 'HH:mm K', '10:00 Z'],
    ['2020-01-02 10:00', 'yyyy-MM-dd HH:mm', 'HH:mm K', '10:00 '],
    ['02-Jan-20', 'dd-MMM-yy', 'yyyy-MM-dd', '2020-01-02'],
    ['10:30', 'HH:mm', 'yyyy-MM-dd HH:mm', '2021-07-02 10:30'],
  ])('parses %j with %j', (input, inputFormat, outputFormat, expected) => {
    expect(format(input, inputFormat, outputFormat)).toBe(expected);
  });

  it('dateTimeStyles: NoCurrentDateDefault and whitespace flags', () => {
    expect(format('10:30', 'HH:mm', 'yyyy-MM-dd', 'NoCurrentDateDefault')).toBe('0001-01-01');
    expect(() => format(' 2020-01-02', 'yyyy-MM-dd', 'yyyy', 'None')).toThrow(expect.objectContaining({ code: 'Evaluation' }));
    expect(format(' 2020-01-02 ', 'yyyy-MM-dd', 'yyyy', 'DateTimeStyles.AllowLeadingWhite | AllowTrailingWhite')).toBe('2020');
    expect(format('2020 - 01-02', 'yyyy-MM-dd', 'yyyy', 'AllowWhiteSpaces')).toBe('2020');
  });
});
