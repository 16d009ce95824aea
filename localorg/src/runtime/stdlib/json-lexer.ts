/**
 * A streaming JSON tokenizer with the platform's (Jackson's) token names and error messages,
 * shared by `JSONParser` and `JSON.deserialize*`, plus a small tree for typed conversion.
 */
import { ApexError } from '../values';

export type TokenType =
  | 'START_OBJECT'
  | 'END_OBJECT'
  | 'START_ARRAY'
  | 'END_ARRAY'
  | 'FIELD_NAME'
  | 'VALUE_STRING'
  | 'VALUE_NUMBER_INT'
  | 'VALUE_NUMBER_FLOAT'
  | 'VALUE_TRUE'
  | 'VALUE_FALSE'
  | 'VALUE_NULL';

export interface Token {
  readonly type: TokenType;
  /** What `getText()` returns: the field name, string value, number text, `{` … */
  readonly text: string;
  /** What `getCurrentName()` returns for this token. */
  readonly name: string | null;
}

export type JsonNode =
  | { readonly t: 'object'; readonly entries: [string, JsonNode][] }
  | { readonly t: 'array'; readonly items: JsonNode[] }
  | { readonly t: 'string'; readonly v: string }
  | { readonly t: 'number'; readonly text: string; readonly int: boolean }
  | { readonly t: 'boolean'; readonly v: boolean }
  | { readonly t: 'null' };

export function jsonError(message: string): ApexError {
  return new ApexError('System.JSONException', message);
}

type State = 'nameOrEnd' | 'valueOrEnd' | 'value' | 'commaOrEnd' | 'done';

interface Context {
  readonly kind: 'OBJECT' | 'ARRAY' | 'ROOT';
  state: State;
  name: string | null;
  readonly start: number;
}

const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const WORD = /[A-Za-z0-9_$]+/y;
const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

export class JsonLexer {
  private pos = 0;
  private readonly stack: Context[] = [{ kind: 'ROOT', state: 'value', name: null, start: 0 }];
  /** The last token returned by `next()`. */
  last: Token | null = null;

  constructor(private readonly src: string) {}

  /** The next token, or null at the end of the input. */
  next(): Token | null {
    this.last = this.read();
    return this.last;
  }

  private get ctx(): Context {
    return this.stack[this.stack.length - 1];
  }

  private location(pos: number, after = 1): string {
    const before = this.src.slice(0, pos);
    const line = before.split('\n').length;
    const column = pos - (before.lastIndexOf('\n') + 1) + after;
    return `[line:${line}, column:${column}]`;
  }

  private unexpected(expecting: string): ApexError {
    const c = this.src[this.pos];
    return jsonError(
      `Unexpected character ('${c}' (code ${c.charCodeAt(0)})): ${expecting} at ${this.location(this.pos, 2)}`,
    );
  }

  private skipWs(): void {
    while (this.pos < this.src.length && /[ \t\r\n]/.test(this.src[this.pos])) this.pos++;
  }

  private read(): Token | null {
    this.skipWs();
    const ctx = this.ctx;
    if (this.pos >= this.src.length) {
      if (ctx.kind === 'ROOT') {
        if (ctx.state === 'value' && this.last === null)
          throw jsonError('No content to map due to end-of-input');
        return null;
      }
      throw jsonError(
        `Unexpected end-of-input: expected close marker for ${ctx.kind} (from ${this.location(ctx.start)}) at ${this.location(this.pos)}`,
      );
    }
    const c = this.src[this.pos];
    if (ctx.kind === 'ROOT') return this.value(ctx);
    if (ctx.kind === 'OBJECT') {
      if (ctx.state === 'value') return this.value(ctx);
      if (c === '}') return this.close('END_OBJECT');
      if (ctx.state === 'commaOrEnd') {
        if (c !== ',') throw this.unexpected('was expecting comma to separate OBJECT entries');
        this.pos++;
        this.skipWs();
        if (this.pos >= this.src.length) return this.read();
      }
      return this.fieldName(ctx);
    }
    if (c === ']' && ctx.state !== 'value') return this.close('END_ARRAY');
    if (ctx.state === 'commaOrEnd') {
      if (c !== ',') throw this.unexpected('was expecting comma to separate ARRAY entries');
      this.pos++;
      ctx.state = 'value';
      return this.read();
    }
    return this.value(ctx);
  }

  private close(type: 'END_OBJECT' | 'END_ARRAY'): Token {
    this.pos++;
    this.stack.pop();
    return { type, text: type === 'END_OBJECT' ? '}' : ']', name: this.ctx.name };
  }

  private fieldName(ctx: Context): Token {
    if (this.src[this.pos] !== '"')
      throw this.unexpected('was expecting double-quote to start field name');
    const name = this.string();
    this.skipWs();
    if (this.pos >= this.src.length) return this.read() as Token;
    if (this.src[this.pos] !== ':')
      throw this.unexpected('was expecting a colon to separate field name and value');
    this.pos++;
    ctx.state = 'value';
    ctx.name = name;
    return { type: 'FIELD_NAME', text: name, name };
  }

  private value(ctx: Context): Token {
    const c = this.src[this.pos];
    const name = ctx.kind === 'OBJECT' ? ctx.name : null;
    const start = this.pos;
    ctx.state = ctx.kind === 'ROOT' ? 'done' : 'commaOrEnd';
    if (c === '{' || c === '[') {
      this.pos++;
      const kind = c === '{' ? 'OBJECT' : 'ARRAY';
      this.stack.push({
        kind,
        state: kind === 'OBJECT' ? 'nameOrEnd' : 'valueOrEnd',
        name: null,
        start,
      });
      return { type: kind === 'OBJECT' ? 'START_OBJECT' : 'START_ARRAY', text: c, name };
    }
    if (c === '"') return { type: 'VALUE_STRING', text: this.string(), name };
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = this.pos;
      const m = NUMBER.exec(this.src);
      if (!m)
        throw this.unexpected('expected digit (0-9) to follow minus sign, for valid numeric value');
      this.pos += m[0].length;
      const type = m[1] || m[2] ? 'VALUE_NUMBER_FLOAT' : 'VALUE_NUMBER_INT';
      return { type, text: m[0], name };
    }
    WORD.lastIndex = this.pos;
    const word = WORD.exec(this.src)?.[0];
    if (word === 'true' || word === 'false' || word === 'null') {
      this.pos += word.length;
      const type = word === 'true' ? 'VALUE_TRUE' : word === 'false' ? 'VALUE_FALSE' : 'VALUE_NULL';
      return { type, text: word, name };
    }
    if (word && /^[tfn]/.test(word)) {
      throw jsonError(
        `Unrecognized token '${word}': was expecting ('true', 'false' or 'null') at ${this.location(this.pos + word.length, 1)}`,
      );
    }
    throw this.unexpected(
      "expected a valid value (number, String, array, object, 'true', 'false' or 'null')",
    );
  }

  private string(): string {
    let out = '';
    this.pos++;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos++];
      if (c === '"') return out;
      if (c === '\\') {
        const e = this.src[this.pos++];
        if (e === 'u') {
          const hex = this.src.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex))
            throw jsonError(`Unexpected character in unicode escape at ${this.location(this.pos)}`);
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
        } else if (e !== undefined && ESCAPES[e] !== undefined) {
          out += ESCAPES[e];
        } else {
          this.pos--;
          throw this.unexpected('Unrecognized character escape');
        }
      } else if (c.charCodeAt(0) < 0x20) {
        throw jsonError(
          `Illegal unquoted character ((CTRL-CHAR, code ${c.charCodeAt(0)})): has to be escaped using backslash to be included in string value at ${this.location(this.pos - 1, 2)}`,
        );
      } else {
        out += c;
      }
    }
    throw jsonError(
      `Unexpected end-of-input: was expecting closing quote for a string value at ${this.location(this.pos)}`,
    );
  }
}

/** Read one whole value starting at `first` (which the lexer has just returned). */
export function readTree(lexer: JsonLexer, first: Token | null): JsonNode {
  if (first === null) throw jsonError('No content to map due to end-of-input');
  switch (first.type) {
    case 'START_OBJECT': {
      const entries: [string, JsonNode][] = [];
      for (let t = lexer.next(); t && t.type !== 'END_OBJECT'; t = lexer.next()) {
        entries.push([t.text, readTree(lexer, lexer.next())]);
      }
      return { t: 'object', entries };
    }
    case 'START_ARRAY': {
      const items: JsonNode[] = [];
      for (let t = lexer.next(); t && t.type !== 'END_ARRAY'; t = lexer.next())
        items.push(readTree(lexer, t));
      return { t: 'array', items };
    }
    case 'VALUE_STRING':
      return { t: 'string', v: first.text };
    case 'VALUE_NUMBER_INT':
    case 'VALUE_NUMBER_FLOAT':
      return { t: 'number', text: first.text, int: first.type === 'VALUE_NUMBER_INT' };
    case 'VALUE_TRUE':
    case 'VALUE_FALSE':
      return { t: 'boolean', v: first.type === 'VALUE_TRUE' };
    case 'VALUE_NULL':
      return { t: 'null' };
    default:
      throw jsonError(`Unexpected token ${first.type}`);
  }
}

/** Parse a whole JSON text into a tree (trailing content after the first value is ignored). */
export function parseJson(text: string): JsonNode {
  const lexer = new JsonLexer(text);
  return readTree(lexer, lexer.next());
}
