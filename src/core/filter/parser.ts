/**
 * Tokenizer and parser for the registry search filter grammar (docs/filter-grammar.md).
 *
 * MLflow parses filters with sqlparse and then rejects anything that is not a flat
 * AND-list of `identifier comparator value`. We accept the same language, but with a
 * small hand-written grammar, so we can be strict where sqlparse is sloppy (MLflow
 * silently accepts a trailing `AND` or two comparisons with no `AND` between them;
 * we reject both) and name the offending token in every error.
 */
import { invalidParameter } from '../errors';
import type { Condition, NumericComparator, StringComparator } from './ast';
import { readStringLiteral } from './literal';

type Token =
  /** `name`, `attribute.name`, `tags.a.b`, ``tags.`a b` ``, `tags."a b"`: `key` is what follows the first dot. */
  | { kind: 'ident'; head: string; key?: string; text: string; pos: number }
  /** Quoted with `'`, `"` or a backtick; only the first two make string values. */
  | { kind: 'string'; quote: string; value: string; text: string; pos: number }
  | { kind: 'number'; text: string; pos: number }
  | { kind: 'op'; text: string; pos: number }
  | { kind: 'punct'; text: '(' | ')' | ','; pos: number };

const IDENT_START = /[A-Za-z_]/;
const IDENT_CHAR = /[A-Za-z0-9_]/;
const OPERATOR = /^(?:!=|<>|==|<=|>=|=|<|>)/;

const fail = (message: string) => invalidParameter(message);

const unterminated = (input: string, start: number) =>
  fail(`Invalid filter string: unterminated quoted string starting at position ${start}: ${input.slice(start)}`);

/** Backtick-quoted keys: the text up to the next backtick. */
function readQuoted(input: string, start: number): { value: string; end: number } {
  const quote = input[start];
  const close = input.indexOf(quote, start + 1);
  if (close < 0) throw unterminated(input, start);
  return { value: input.slice(start + 1, close), end: close + 1 };
}

/** String values read as MLflow's lexer reads them: `''` and `\'` stay inside, verbatim (see literal.ts). */
function readValue(input: string, start: number): { value: string; end: number } {
  if (input[start] === '`') return readQuoted(input, start);
  const literal = readStringLiteral(input, start);
  if (!literal) throw unterminated(input, start);
  return literal;
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    const pos = i;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"' || c === '`') {
      const { value, end } = readValue(input, i);
      tokens.push({ kind: 'string', quote: c, value, text: input.slice(pos, end), pos });
      i = end;
    } else if (IDENT_START.test(c)) {
      while (i < input.length && IDENT_CHAR.test(input[i])) i++;
      const head = input.slice(pos, i);
      let key: string | undefined;
      if (input[i] === '.') {
        i++;
        if (input[i] === '`' || input[i] === '"') {
          // A quoted key keeps dots and spaces: tags.`mlflow.prompt.is_prompt`.
          const quoted = readQuoted(input, i);
          key = quoted.value;
          i = quoted.end;
        } else {
          // Unquoted dots after the first belong to the key, as with MLflow's split('.', 1).
          const m = /^[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*/.exec(input.slice(i));
          if (!m) throw fail(`Invalid filter string: expected a key after '${head}.' at position ${i}`);
          key = m[0];
          i += m[0].length;
        }
      }
      tokens.push({ kind: 'ident', head, key, text: input.slice(pos, i), pos });
    } else if (/[0-9]/.test(c)) {
      const m = /^\d+(?:\.\d+)?/.exec(input.slice(i))!;
      i += m[0].length;
      if (i < input.length && IDENT_CHAR.test(input[i])) {
        throw fail(`Invalid filter string: malformed number at position ${pos}`);
      }
      tokens.push({ kind: 'number', text: m[0], pos });
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c, pos });
      i++;
    } else {
      const m = OPERATOR.exec(input.slice(i));
      if (!m) {
        const prev = tokens[tokens.length - 1];
        const hint =
          prev?.kind === 'ident' && prev.pos + prev.text.length === pos ? ' (quote keys with special characters in backticks, e.g. tags.`my-key`)' : '';
        throw fail(`Invalid filter string: unexpected character '${c}' at position ${pos}${hint}`);
      }
      tokens.push({ kind: 'op', text: m[0], pos });
      i += m[0].length;
    }
  }
  return tokens;
}

/** How an attribute's value is written and compared. */
type AttributeKind = 'string' | 'run_id' | 'number';

const MODEL_ATTRIBUTES = new Map<string, AttributeKind>([['name', 'string']]);
const VERSION_ATTRIBUTES = new Map<string, AttributeKind>([
  ['name', 'string'],
  ['run_id', 'run_id'],
  ['source_path', 'string'],
  ['version_number', 'number'],
]);

// Only these prefixes are accepted by MLflow's registry searches (not metric./param./attr.).
const ENTITY_TYPES = new Map<string, 'attribute' | 'tag'>([
  ['attribute', 'attribute'],
  ['tag', 'tag'],
  ['tags', 'tag'],
]);

const STRING_COMPARATORS: readonly string[] = ['=', '!=', 'LIKE', 'ILIKE'];
const NUMERIC_COMPARATORS: readonly string[] = ['=', '!=', '<', '<=', '>', '>='];

const isWord = (t: Token | undefined, word: string): boolean => t?.kind === 'ident' && t.key === undefined && t.head.toUpperCase() === word;

/** Python's str.islower(): some cased character, none uppercase. Run ids are lowercase hex. */
const isLower = (s: string): boolean => s === s.toLowerCase() && s !== s.toUpperCase();

/** A Python-set-like listing, so messages read like MLflow's. */
const setRepr = (keys: Iterable<string>): string => `{${[...keys].map((k) => `'${k}'`).join(', ')}}`;

class Parser {
  private i = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly attributes: Map<string, AttributeKind>,
  ) {}

  parse(): Condition[] {
    const conditions: Condition[] = [];
    for (;;) {
      conditions.push(this.comparison());
      const t = this.next();
      if (t === undefined) return conditions;
      if (isWord(t, 'AND')) {
        if (this.peek() === undefined) {
          throw fail("Invalid filter string: expected a comparison after the trailing 'AND'");
        }
        continue;
      }
      if (isWord(t, 'OR')) {
        throw fail("Invalid clause(s) in filter string: 'OR'. Conditions can only be joined with AND");
      }
      throw fail(`Invalid filter string: expected 'AND' between conditions, found '${t.text}' at position ${t.pos}`);
    }
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private next(): Token | undefined {
    return this.tokens[this.i++];
  }

  private comparison(): Condition {
    const t = this.next();
    if (t === undefined) throw fail('Invalid filter string: expected a comparison at the end of the filter');
    if (t.kind === 'punct' && t.text === '(') {
      throw fail(`Invalid filter string: parentheses are only allowed around an IN list, found '(' at position ${t.pos}`);
    }
    if (t.kind !== 'ident' || isWord(t, 'AND') || isWord(t, 'OR')) {
      throw fail(`Invalid comparison clause: expected an identifier such as name or tags.<key>, found '${t.text}' at position ${t.pos}`);
    }

    const target = this.identifier(t);
    const comparator = this.comparator(t);

    if (target.type === 'tag') {
      this.checkComparator(comparator, STRING_COMPARATORS, `tag '${target.key}'`);
      const value = this.stringValue(`tag '${target.key}'`);
      return { type: 'tag', key: target.key, comparator: comparator as StringComparator, value };
    }

    const what = `attribute '${target.key}'`;
    if (target.kind === 'number') {
      this.checkComparator(comparator, NUMERIC_COMPARATORS, what);
      return {
        type: 'attribute',
        key: 'version_number',
        comparator: comparator as NumericComparator,
        value: this.integerValue(target.key),
      };
    }
    if (comparator === 'IN') {
      // MLflow's wording, from SearchModelUtils/SearchModelVersionUtils._get_value in
      // mlflow/utils/search_utils.py: both searches refuse a list for any attribute but run_id.
      if (target.kind !== 'run_id') {
        throw fail(`Only the 'run_id' attribute supports comparison with a list of quoted string values. Got 'IN' for ${what}.`);
      }
      return { type: 'attribute', key: 'run_id', comparator: 'IN', value: this.runIdList() };
    }
    this.checkComparator(comparator, STRING_COMPARATORS, what);
    return {
      type: 'attribute',
      key: target.key as 'name' | 'run_id' | 'source_path',
      comparator: comparator as StringComparator,
      value: this.stringValue(what),
    };
  }

  private identifier(t: Extract<Token, { kind: 'ident' }>): { type: 'tag'; key: string } | { type: 'attribute'; key: string; kind: AttributeKind } {
    let type: 'attribute' | 'tag' = 'attribute';
    let key = t.head;
    if (t.key !== undefined) {
      const entity = ENTITY_TYPES.get(t.head);
      if (entity === undefined) {
        throw fail(`Invalid entity type '${t.head}'. Valid entity types are ('attribute', 'tag', 'tags')`);
      }
      type = entity;
      key = t.key;
    }
    if (type === 'tag') return { type, key };
    const kind = this.attributes.get(key);
    if (kind === undefined) {
      throw fail(`Invalid attribute key '${key}' specified. Valid keys are '${setRepr(this.attributes.keys())}'`);
    }
    return { type, key, kind };
  }

  /** Comparators are case-insensitive keywords or symbols; `NOT IN`/`NOT LIKE` are read whole to be rejected whole. */
  private comparator(left: Token): string {
    const t = this.next();
    if (t?.kind === 'op') return t.text;
    if (t?.kind === 'ident' && t.key === undefined) {
      const word = t.head.toUpperCase();
      const after = this.peek();
      if (word === 'NOT' && after?.kind === 'ident' && after.key === undefined) {
        this.i++;
        return `NOT ${after.head.toUpperCase()}`;
      }
      return word;
    }
    const found = t === undefined ? 'the end of the filter' : `'${t.text}'`;
    throw fail(`Invalid comparison clause: expected a comparator after '${left.text}', found ${found}`);
  }

  private checkComparator(comparator: string, valid: readonly string[], what: string): void {
    if (!valid.includes(comparator)) {
      throw fail(`Invalid comparator '${comparator}' for ${what} not one of '${valid.join(', ')}'`);
    }
  }

  private stringValue(what: string): string {
    const t = this.next();
    if (t?.kind === 'string' && t.quote !== '`') return t.value;
    if (t === undefined) throw fail(`Invalid comparison clause: expected a value for ${what} at the end of the filter`);
    if (t.kind === 'punct' && t.text === '(') {
      throw fail(`Invalid filter string: parentheses are only allowed around an IN list, found '(' at position ${t.pos}`);
    }
    throw fail(`Expected a quoted string value for ${what} (e.g. 'my-value'). Got value ${t.text}`);
  }

  private integerValue(key: string): number {
    const t = this.next();
    if (t === undefined) throw fail(`Invalid comparison clause: expected a value for attribute '${key}' at the end of the filter`);
    if (t.kind !== 'number') {
      throw fail(`Expected numeric value type for numeric attribute: ${key}. Found ${t.text}`);
    }
    const n = Number(t.text);
    if (!Number.isSafeInteger(n)) {
      throw fail(`Expected an integer value for numeric attribute: ${key}. Found ${t.text}`);
    }
    return n;
  }

  private runIdList(): string[] {
    const open = this.next();
    if (!(open?.kind === 'punct' && open.text === '(')) {
      const found = open === undefined ? 'the end of the filter' : `'${open.text}'`;
      throw fail(`Invalid filter string: expected a parenthesized list of quoted run ids after 'IN', found ${found}`);
    }
    const values: string[] = [];
    for (;;) {
      const t = this.next();
      if (t?.kind === 'punct' && t.text === ')' && values.length > 0) break;
      if (!(t?.kind === 'string' && t.quote !== '`')) {
        const found = t === undefined ? 'the end of the filter' : `'${t.text}'`;
        throw fail(`While parsing a list in the query, expected a non-empty list of quoted string values, found ${found}`);
      }
      values.push(t.value);
      const sep = this.next();
      if (sep?.kind === 'punct' && sep.text === ')') break;
      if (!(sep?.kind === 'punct' && sep.text === ',')) {
        const found = sep === undefined ? 'the end of the filter' : `'${sep.text}'`;
        throw fail(`While parsing a list in the query, expected ',' or ')', found ${found}`);
      }
    }
    // MLflow drops ids with uppercase letters because MySQL's IN ignores case; we follow suit.
    return values.filter(isLower);
  }
}

function parseFilter(filter: string | undefined, attributes: Map<string, AttributeKind>): Condition[] {
  if (filter === undefined || filter.trim() === '') return [];
  return new Parser(tokenize(filter), attributes).parse();
}

/** Parses a `search_registered_models` filter: attribute `name` and tags. */
export function parseModelFilter(filter: string | undefined): Condition[] {
  return parseFilter(filter, MODEL_ATTRIBUTES);
}

/** Parses a `search_model_versions` filter: `name`, `run_id`, `source_path`, `version_number` and tags. */
export function parseVersionFilter(filter: string | undefined): Condition[] {
  return parseFilter(filter, VERSION_ATTRIBUTES);
}
