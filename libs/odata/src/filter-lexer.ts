import { ODataError } from './errors';
import { Literal } from './filter-ast';
import { parseDateTimeLiteral } from './filter-literals';

export type Token =
  | { readonly t: '(' | ')' | ',' | ':' | '/' | 'eof'; readonly pos: number }
  | { readonly t: 'ident'; readonly text: string; readonly pos: number }
  | { readonly t: 'literal'; readonly literal: Literal; readonly text: string; readonly pos: number };

const PUNCTUATION = new Set(['(', ')', ',', ':', '/']);
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w.:-])/iy;
const DATETIME = /\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?(?![\w.:-])/iy;
const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?(?![\w.])/y;
const IDENT = /[A-Za-z_$@][A-Za-z0-9_.$]*/y;
const WHITESPACE = /\s/;

const syntax = (message: string, position: number): ODataError =>
  new ODataError('BadRequest', `Invalid filter clause: ${message}`, position);

function stickyMatch(re: RegExp, text: string, at: number): string | undefined {
  re.lastIndex = at;
  const m = re.exec(text);
  return m ? m[0] : undefined;
}

/** Splits $filter text into tokens. Keywords stay identifiers; true/false/null become literals. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (WHITESPACE.test(ch)) {
      i++;
    } else if (PUNCTUATION.has(ch)) {
      tokens.push({ t: ch as '(' | ')' | ',' | ':' | '/', pos: i });
      i++;
    } else if (ch === "'") {
      i = readString(text, i, tokens);
    } else {
      i = readWord(text, i, tokens);
    }
  }
  tokens.push({ t: 'eof', pos: text.length });
  return tokens;
}

/** 'O''Brien' → O'Brien. */
function readString(text: string, start: number, tokens: Token[]): number {
  let value = '';
  let i = start + 1;
  for (;;) {
    const next = text.indexOf("'", i);
    if (next < 0) throw syntax(`Unterminated string literal starting at position ${start}.`, start);
    value += text.slice(i, next);
    if (text[next + 1] === "'") {
      value += "'";
      i = next + 2;
    } else {
      tokens.push({ t: 'literal', literal: { type: 'string', value }, text: text.slice(start, next + 1), pos: start });
      return next + 1;
    }
  }
}

function readWord(text: string, i: number, tokens: Token[]): number {
  const guid = stickyMatch(GUID, text, i);
  if (guid !== undefined) {
    tokens.push({ t: 'literal', literal: { type: 'guid', value: guid.toLowerCase() }, text: guid, pos: i });
    return i + guid.length;
  }
  const datetime = stickyMatch(DATETIME, text, i);
  if (datetime !== undefined) {
    tokens.push({ t: 'literal', literal: { type: 'datetime', value: parseDateTimeLiteral(datetime, i) }, text: datetime, pos: i });
    return i + datetime.length;
  }
  const number = stickyMatch(NUMBER, text, i);
  if (number !== undefined) {
    tokens.push({ t: 'literal', literal: numberLiteral(number, i), text: number, pos: i });
    return i + number.length;
  }
  const ident = stickyMatch(IDENT, text, i);
  if (ident !== undefined) {
    const keyword = ident.toLowerCase();
    if (keyword === 'true' || keyword === 'false') {
      tokens.push({ t: 'literal', literal: { type: 'boolean', value: keyword === 'true' }, text: ident, pos: i });
    } else if (keyword === 'null') {
      tokens.push({ t: 'literal', literal: { type: 'null' }, text: ident, pos: i });
    } else {
      tokens.push({ t: 'ident', text: ident, pos: i });
    }
    return i + ident.length;
  }
  const shown = String.fromCodePoint(text.codePointAt(i) ?? 0);
  throw syntax(`Syntax error: character '${shown}' is not valid at position ${i}.`, i);
}

function numberLiteral(text: string, pos: number): Literal {
  if (!/^-?\d+$/.test(text)) {
    throw new ODataError('Request_UnsupportedQuery', `Non-integer numeric literal '${text}' at position ${pos} is not supported.`, pos);
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw syntax(`Integer literal '${text}' at position ${pos} is out of range.`, pos);
  return { type: 'int', value: Object.is(value, -0) ? 0 : value };
}
