import { ODataError } from './errors';
import { graphTypeName, isFilterable, PropertyMap, resolveProperty } from './property-map';

/**
 * `$search` on directory objects, as Graph's advanced queries take it: quoted `"property:text"` clauses combined
 * with upper-case `AND` / `OR` (clauses side by side mean AND, as in OData's search grammar) and parentheses:
 *
 *   "displayName:OneVideo" OR "mail:onevideo"
 *   "description:One" AND ("displayName:Video" OR "displayName:Drive")
 *
 * Inside the quotes `\"` and `\\` are the only escapes. Parsing is bounded (length, clauses, nesting, words) so
 * that hostile text costs a refusal, never a large query.
 */
export type SearchNode = SearchClause | { kind: 'and' | 'or'; operands: SearchNode[] };

export interface SearchClause {
  kind: 'clause';
  /** As written; validateSearch returns the map's spelling. */
  property: string;
  /** The text after the first `:`, escapes resolved. */
  value: string;
  /** Offset of the clause's opening quote in the $search text. */
  position: number;
}

export interface ParseSearchOptions {
  /** Longest $search text (default 1024). */
  maxLength?: number;
  /** Most clauses (default 16). */
  maxClauses?: number;
  /** Deepest parenthesis nesting (default 8). */
  maxDepth?: number;
  /** Most words to look for, over all clauses (default 32). */
  maxWords?: number;
}

export const SEARCH_LIMITS = { maxLength: 1024, maxClauses: 16, maxDepth: 8, maxWords: 32 } as const;

type Token = { t: '(' | ')' | 'AND' | 'OR' | 'eof'; pos: number } | { t: 'phrase'; value: string; pos: number };

// The messages of the OData URI parser that Graph answers $search syntax errors with.
const invalidCharacter = (text: string, pos: number): ODataError =>
  new ODataError('BadRequest', `Syntax error: character '${text[pos]}' is not valid at position ${pos} in '${text}'.`, pos);
const syntaxError = (text: string, pos: number): ODataError =>
  new ODataError('BadRequest', `Syntax error at position ${pos} in '${text}'.`, pos);
const tooLarge = (message: string): ODataError => new ODataError('Request_UnsupportedQuery', message);

const SPACE = /[\t\n\v\f\r ]/;
const WORD = /[^\t\n\v\f\r ()"]+/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (SPACE.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ t: ch, pos: i });
      i++;
    } else if (ch === '"') {
      const start = i;
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length)
          throw new ODataError('BadRequest', `There is an unterminated string literal at position ${start} in '${text}'.`, start);
        const c = text[i];
        if (c === '"') break;
        if (c === '\\') {
          const next = text[i + 1];
          if (next !== '"' && next !== '\\') throw invalidCharacter(text, i);
          value += next;
          i += 2;
        } else {
          value += c;
          i++;
        }
      }
      i++;
      tokens.push({ t: 'phrase', value, pos: start });
    } else {
      WORD.lastIndex = i;
      const word = WORD.exec(text)![0];
      // Only upper-case AND / OR are operators (Graph's rule); any other bare word is not a clause.
      if (word === 'AND' || word === 'OR') tokens.push({ t: word, pos: i });
      else throw invalidCharacter(text, i);
      i += word.length;
    }
  }
  tokens.push({ t: 'eof', pos: text.length });
  return tokens;
}

class Parser {
  private at = 0;
  private clauses = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
    private readonly limits: Required<ParseSearchOptions>,
  ) {}

  parseAll(): SearchNode {
    const node = this.or(0);
    const rest = this.tokens[this.at];
    if (rest.t !== 'eof') throw syntaxError(this.text, rest.pos);
    return node;
  }

  private or(depth: number): SearchNode {
    const operands = [this.and(depth)];
    while (this.tokens[this.at].t === 'OR') {
      this.at++;
      operands.push(this.and(depth));
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands: operands.flatMap((o) => (o.kind === 'or' ? o.operands : [o])) };
  }

  private and(depth: number): SearchNode {
    const operands = [this.primary(depth)];
    for (;;) {
      const next = this.tokens[this.at];
      if (next.t === 'AND') {
        this.at++;
        operands.push(this.primary(depth));
      } else if (next.t === 'phrase' || next.t === '(') {
        operands.push(this.primary(depth));
      } else {
        break;
      }
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands: operands.flatMap((o) => (o.kind === 'and' ? o.operands : [o])) };
  }

  private primary(depth: number): SearchNode {
    const token = this.tokens[this.at];
    if (token.t === '(') {
      if (depth + 1 > this.limits.maxDepth) {
        throw tooLarge(`The $search expression is nested deeper than the maximum of ${this.limits.maxDepth} levels.`);
      }
      this.at++;
      const inner = this.or(depth + 1);
      const close = this.tokens[this.at];
      if (close.t !== ')') throw syntaxError(this.text, close.pos);
      this.at++;
      return inner;
    }
    if (token.t !== 'phrase') throw syntaxError(this.text, token.pos);
    this.at++;
    if (++this.clauses > this.limits.maxClauses)
      throw tooLarge(`The $search expression has more than the maximum of ${this.limits.maxClauses} clauses.`);
    return clause(token.value, token.pos);
  }
}

function clause(phrase: string, position: number): SearchClause {
  const colon = phrase.indexOf(':');
  const property = colon < 0 ? '' : phrase.slice(0, colon).trim();
  const value = colon < 0 ? '' : phrase.slice(colon + 1);
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(property) || value.trim() === '') {
    throw new ODataError(
      'Request_UnsupportedQuery',
      `Invalid $search clause "${phrase}": each clause is "<property>:<text to search>" in double quotes.`,
      position,
    );
  }
  return { kind: 'clause', property, value, position };
}

/** `$search` text → a tree of clauses; ODataError (400) for anything else. */
export function parseSearch(text: string, options: ParseSearchOptions = {}): SearchNode {
  const limits: Required<ParseSearchOptions> = { ...SEARCH_LIMITS, ...options };
  if (text.length > limits.maxLength)
    throw tooLarge(`The $search expression is longer than the maximum of ${limits.maxLength} characters.`);
  const tokens = tokenize(text);
  if (tokens.length === 1) throw syntaxError(text, 0);
  const node = new Parser(text, tokens, limits).parseAll();
  const words = clausesOf(node).reduce((n, c) => n + searchWords(c.value).length, 0);
  if (words > limits.maxWords) throw tooLarge(`The $search expression looks for more than the maximum of ${limits.maxWords} words.`);
  return node;
}

export function clausesOf(node: SearchNode): SearchClause[] {
  return node.kind === 'clause' ? [node] : node.operands.flatMap(clausesOf);
}

/**
 * Checks each clause's property against the map (case-insensitive, canonical spelling returned): a filterable
 * string property, as Graph allows "any property that can be used in $filter" of type String.
 */
export function validateSearch(node: SearchNode, props: PropertyMap, resourceName: string): SearchNode {
  if (node.kind !== 'clause') return { kind: node.kind, operands: node.operands.map((o) => validateSearch(o, props, resourceName)) };
  const found = resolveProperty(props, node.property);
  if (!found) {
    throw new ODataError(
      'Request_BadRequest',
      `Could not find a property named '${node.property}' on type '${graphTypeName(resourceName)}'.`,
      node.position,
    );
  }
  if (found.spec.type !== 'string' || !isFilterable(found.spec)) {
    throw new ODataError(
      'Request_UnsupportedQuery',
      `Unsupported or invalid query filter clause specified for property '${found.name}' of resource '${resourceName}'.`,
      node.position,
    );
  }
  return { ...node, property: found.name };
}

/** ASCII punctuation and symbols: they separate words (and are dropped from the joined form). */
export const SEARCH_SYMBOLS = '\\x21-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7e';
/** ASCII white space. */
export const SEARCH_SPACES = '\\x09-\\x0d\\x20';

const SYMBOLS = new RegExp(`[${SEARCH_SYMBOLS}]`, 'gu');
const SPACES = new RegExp(`[${SEARCH_SPACES}]+`, 'u');

/**
 * The words Graph's tokenized search splits a text into, in their original case (the database lower-cases both
 * sides): at white space, at ASCII punctuation and symbols, where a lower-case letter is followed by an upper-case
 * one (`HelloWorld` → Hello, World; `HELLOworld` stays one word) and where digits start or end (`hello123world` →
 * hello, 123, world). The same rules as searchTokensSql, written once for JavaScript and once for SQL.
 */
export function searchWords(text: string): string[] {
  const spaced = text
    .replace(/([a-z])([A-Z])/gu, '$1 $2')
    .replace(/([0-9])([^0-9])/gu, '$1 $2')
    .replace(/([^0-9])([0-9])/gu, '$1 $2')
    .replace(SYMBOLS, ' ');
  return [...new Set(spaced.split(SPACES).filter((w) => w !== ''))];
}

/** The ASCII symbols as a SQL string literal, for translate(). */
const SYMBOLS_LITERAL = `'${Array.from({ length: 0x7f - 0x21 }, (_, i) => String.fromCharCode(0x21 + i))
  .filter((c) => !/[0-9A-Za-z]/.test(c))
  .join('')
  .replace(/'/g, "''")}'`;

/**
 * A cheap necessary condition for searchTokensSql's match, in SQL: every word (of the `text[]` parameter `words`)
 * occurs in the value once its symbols are removed (a word holds no symbol, so it needs no LIKE escaping). The
 * pattern array is an uncorrelated sub-select, computed once per query; rows failing it skip the tokenization.
 */
export function searchWordsPresentSql(column: string, words: string): string {
  return `lower(translate(${column}, ${SYMBOLS_LITERAL}, '')) LIKE ALL (ARRAY(SELECT '%' || lower(w) || '%' FROM unnest(${words}::text[]) AS w))`;
}

/**
 * SQL for the tokens of a column's value, lower-cased, as a text[]: the words of searchWords, plus each
 * space-separated chunk with its symbols removed (`hello-world` also gives `helloworld`, so a search for
 * `helloworld` finds it, as Graph's does). Fixed SQL text around a trusted column expression.
 */
export function searchTokensSql(column: string): string {
  const words =
    `regexp_replace(regexp_replace(regexp_replace(regexp_replace(${column}, '([a-z])([A-Z])', '\\1 \\2', 'g'), ` +
    `'([0-9])([^0-9])', '\\1 \\2', 'g'), '([^0-9])([0-9])', '\\1 \\2', 'g'), '[${SEARCH_SYMBOLS}]', ' ', 'g')`;
  const joined = `regexp_replace(${column}, '[${SEARCH_SYMBOLS}]', '', 'g')`;
  return `array_cat(regexp_split_to_array(lower(${words}), '[${SEARCH_SPACES}]+'), regexp_split_to_array(lower(${joined}), '[${SEARCH_SPACES}]+'))`;
}
