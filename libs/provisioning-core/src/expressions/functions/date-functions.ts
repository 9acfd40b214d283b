/** Date functions: CDate, DateAdd, DateDiff, DateFromNum, FormatDateTime, Now, NumFromDate. */
import { evaluationError } from '../errors';
import { dateAdd, dateDiff, fromFileTime, toFileTime } from '../dates/date-math';
import { DateValue } from '../dates/date-value';
import { formatDate } from '../dates/format-date';
import { parseDate } from '../dates/parse-date';
import { parseExact, parseStyles } from '../dates/parse-exact';
import { formatNumber, toText } from '../values';
import { ExpressionValue } from '../types';
import { FunctionImpl } from './function-impl';

/** How Entra prints a DateTime (CDate, DateAdd, Now): en-US general long format, UTC. */
export const ENTRA_DATE_FORMAT = 'M/d/yyyy h:mm:ss tt';

export function printDate(value: DateValue): string {
  return formatDate(value, ENTRA_DATE_FORMAT);
}

/** A date argument; null stays null; unparsable text is an Evaluation error. */
function toDate(value: ExpressionValue, fn: string): DateValue | null {
  const text = toText(value);
  if (text === null || text.trim() === '') return null;
  const date = parseDate(text);
  if (date === null) throw evaluationError(`${fn}: "${text}" is not a valid date`);
  return date;
}

export const DATE_FUNCTIONS: Readonly<Record<string, FunctionImpl>> = {
  CDate: (p, ev) => {
    const date = toDate(ev.value(p, 0), 'CDate');
    return date === null ? null : printDate(date);
  },

  DateAdd: (p, ev) => {
    const interval = ev.text(p, 0) ?? '';
    const amountText = ev.text(p, 1);
    const amount = amountText === null ? NaN : Number(amountText.trim());
    if (amountText === null || amountText.trim() === '' || !Number.isFinite(amount)) {
      throw evaluationError(`DateAdd: value must be a number, got ${JSON.stringify(amountText)}`);
    }
    const date = toDate(ev.value(p, 2), 'DateAdd');
    return date === null ? null : printDate(dateAdd(interval, amount, date));
  },

  DateDiff: (p, ev) => {
    const interval = ev.text(p, 0) ?? '';
    const date1 = toDate(ev.value(p, 1), 'DateDiff');
    const date2 = toDate(ev.value(p, 2), 'DateDiff');
    if (date1 === null || date2 === null) return null;
    return formatNumber(dateDiff(interval, date1, date2));
  },

  DateFromNum: (p, ev) => {
    const text = ev.text(p, 0);
    if (text === null || text.trim() === '') return null;
    const date = fromFileTime(text);
    return date === null ? null : printDate(date);
  },

  FormatDateTime: (p, ev) => {
    const source = ev.text(p, 0);
    if (source === null) return null;
    const styles = parseStyles(ev.text(p, 1));
    const inputFormat = ev.text(p, 2) ?? '';
    const outputFormat = ev.text(p, 3) ?? '';
    const date = parseExact(source, inputFormat, styles, ev.now());
    if (date === null) throw evaluationError(`FormatDateTime: "${source}" does not match the format "${inputFormat}"`);
    return formatDate(date, outputFormat);
  },

  Now: (_p, ev) => printDate(ev.now()),

  NumFromDate: (p, ev) => {
    const date = toDate(ev.value(p, 0), 'NumFromDate');
    return date === null ? null : toFileTime(date);
  },
};
