/** Tokens of the expression text. Positions are 0-based offsets into the text. */
import { ExpressionError } from './errors';

export type TokenKind = 'ident' | 'string' | 'number' | 'attribute' | 'op' | '(' | ')' | ',' | 'eof';

export interface Token {
  kind: TokenKind;
  /** identifier / decoded string / number text / attribute name / operator */
  text: string;
  position: number;
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;
const HEX_DIGIT = /[0-9A-Fa-f]/;
const WHITESPACE = /\s/;

function syntax(message: string, position: number): ExpressionError {
  return new ExpressionError('Syntax', message, position);
}

export class Lexer {
  private pos = 0;
  private peeked: Token | null = null;

  constructor(private readonly text: string) {}

  peek(): Token {
    this.peeked ??= this.read();
    return this.peeked;
  }

  next(): Token {
    const token = this.peek();
    this.peeked = null;
    return token;
  }

  private read(): Token {
    const text = this.text;
    while (this.pos < text.length && WHITESPACE.test(text[this.pos])) this.pos++;
    const start = this.pos;
    if (start >= text.length) return { kind: 'eof', text: '', position: start };
    const c = text[start];
    if (c === '(' || c === ')' || c === ',') {
      this.pos++;
      return { kind: c, text: c, position: start };
    }
    if (c === '"') return this.string(start);
    if (c === '[') return this.attribute(start);
    if (c === '&') return this.hex(start);
    if (DIGIT.test(c) || (c === '-' && DIGIT.test(text[start + 1] ?? ''))) return this.number(start);
    if (c === '=' || c === '<' || c === '>') return this.operator(start);
    if (IDENT_START.test(c)) {
      let end = start + 1;
      while (end < text.length && IDENT_PART.test(text[end])) end++;
      this.pos = end;
      return { kind: 'ident', text: text.slice(start, end), position: start };
    }
    throw syntax(`unexpected character ${JSON.stringify(c)}`, start);
  }

  /** `"…"` with `\"` and `\\` escapes; any other backslash is kept literally. */
  private string(start: number): Token {
    const text = this.text;
    let value = '';
    let i = start + 1;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        this.pos = i + 1;
        return { kind: 'string', text: value, position: start };
      }
      if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
        value += text[i + 1];
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
    throw syntax('unterminated string literal', start);
  }

  private attribute(start: number): Token {
    const end = this.text.indexOf(']', start + 1);
    if (end < 0) throw syntax('unterminated attribute reference "["', start);
    const name = this.text.slice(start + 1, end).trim();
    if (name === '' || name.includes('[')) throw syntax('invalid attribute name', start);
    this.pos = end + 1;
    return { kind: 'attribute', text: name, position: start };
  }

  private hex(start: number): Token {
    const text = this.text;
    if (text[start + 1] !== 'H' && text[start + 1] !== 'h') throw syntax('expected &H hex literal', start);
    let end = start + 2;
    while (end < text.length && HEX_DIGIT.test(text[end])) end++;
    if (end === start + 2) throw syntax('expected hex digits after &H', start);
    this.pos = end;
    return { kind: 'number', text: text.slice(start, end), position: start };
  }

  private number(start: number): Token {
    const text = this.text;
    let end = start + 1;
    while (end < text.length && DIGIT.test(text[end])) end++;
    if (text[end] === '.' && DIGIT.test(text[end + 1] ?? '')) {
      end++;
      while (end < text.length && DIGIT.test(text[end])) end++;
    }
    if (end < text.length && IDENT_PART.test(text[end])) throw syntax('invalid number', start);
    this.pos = end;
    return { kind: 'number', text: text.slice(start, end), position: start };
  }

  private operator(start: number): Token {
    const two = this.text.slice(start, start + 2);
    const op = two === '<>' || two === '<=' || two === '>=' ? two : this.text[start];
    this.pos = start + op.length;
    return { kind: 'op', text: op, position: start };
  }
}

/** Number-literal texts the printer may write bare (decimal or &H hex). */
export const NUMBER_LITERAL = /^(-?\d+(\.\d+)?|&[Hh][0-9A-Fa-f]+)$/;
/** Bare enum words allowed as arguments (InStr's compareType). */
export const ENUM_WORDS: ReadonlySet<string> = new Set(['vbTextCompare', 'vbBinaryCompare']);
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
