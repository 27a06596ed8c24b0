import type { Row, SqlConnection } from '../../src/backends/sqlite/driver/driver';

/**
 * A normalised, deterministic description of a database's schema, built from
 * what SQLite itself reports (PRAGMAs) plus the parts only the CREATE text
 * holds (CHECK constraints, constraint names). Two files with equal
 * descriptions accept the same data and look the same to MLflow's alembic,
 * however their CREATE statements were spelled or in which order the tables
 * were made (alembic rewrites some as `CREATE TABLE IF NOT EXISTS "runs"`).
 */
export interface SchemaDescription {
  tables: TableDescription[];
  views: SqlObjectDescription[];
  triggers: SqlObjectDescription[];
}

export interface TableDescription {
  name: string;
  /** PRAGMA table_info, in column order. */
  columns: ColumnDescription[];
  /** PRAGMA foreign_key_list grouped per constraint; sorted by content, not by SQLite's id. */
  foreignKeys: ForeignKeyDescription[];
  /** PRAGMA index_list + index_xinfo, sorted by name (autoindexes included). */
  indexes: IndexDescription[];
  /** Each CHECK, `CONSTRAINT name ` prefix included when named; token-normalised, sorted. */
  checks: string[];
  /**
   * PRIMARY KEY, UNIQUE and FOREIGN KEY constraints as declared (column-level
   * ones restated as table-level), with their names, e.g.
   * `CONSTRAINT experiment_pk PRIMARY KEY (experiment_id)` or `UNIQUE (name)`;
   * sorted. PRAGMAs hide both the names and redundant declarations (SQLite
   * folds registered_models' PRIMARY KEY (name) and UNIQUE (name) into one
   * index), but alembic's batch migrations reflect them from this text.
   */
  constraints: string[];
  autoincrement: boolean;
  withoutRowid: boolean;
  strict: boolean;
}

export interface ColumnDescription {
  cid: number;
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  /** 1-based position in the primary key, 0 when not part of it. */
  pk: number;
}

export interface ForeignKeyDescription {
  table: string;
  /** Column pairs in key order (seq). `to` is null when the parent's primary key is implied. */
  columns: { seq: number; from: string; to: string | null }[];
  on_update: string;
  on_delete: string;
  match: string;
}

export interface IndexDescription {
  name: string;
  unique: boolean;
  /** 'c' CREATE INDEX, 'u' UNIQUE constraint, 'pk' PRIMARY KEY constraint. */
  origin: string;
  partial: boolean;
  /** Key columns only (index_xinfo key = 1); name is null for expression columns. */
  columns: { seqno: number; cid: number; name: string | null; desc: boolean; coll: string }[];
  /** Normalised WHERE clause of a partial index, else null. */
  where: string | null;
}

export interface SqlObjectDescription {
  name: string;
  table: string;
  /** The CREATE statement, token-normalised. */
  sql: string;
}

export function describeSchema(conn: SqlConnection): SchemaDescription {
  const objects = conn.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").all();
  const ofType = (type: string) => objects.filter((o) => o.type === type).sort((a, b) => compare(a.name, b.name));
  const indexSql = new Map(ofType('index').map((o) => [String(o.name), o.sql === null ? null : String(o.sql)]));

  return {
    tables: ofType('table').map((t) => describeTable(conn, String(t.name), String(t.sql), indexSql)),
    views: ofType('view').map(describeObject),
    triggers: ofType('trigger').map(describeObject),
  };
}

function describeObject(o: Row): SqlObjectDescription {
  return { name: String(o.name), table: String(o.tbl_name), sql: render(tokenize(String(o.sql))) };
}

function describeTable(conn: SqlConnection, name: string, sql: string, indexSql: Map<string, string | null>): TableDescription {
  // The table-valued pragma functions take the name as a bound parameter, so
  // no quoting of table names is needed.
  const columns = conn
    .prepare('SELECT * FROM pragma_table_info(?)')
    .all(name)
    .map((r) => ({
      cid: Number(r.cid),
      name: String(r.name),
      type: String(r.type),
      notnull: Number(r.notnull),
      dflt_value: r.dflt_value === null ? null : String(r.dflt_value),
      pk: Number(r.pk),
    }))
    .sort((a, b) => a.cid - b.cid);

  return {
    name,
    columns,
    foreignKeys: foreignKeys(conn, name),
    indexes: indexes(conn, name, indexSql),
    ...parseCreateTable(sql),
  };
}

function foreignKeys(conn: SqlConnection, table: string): ForeignKeyDescription[] {
  const byId = new Map<number, ForeignKeyDescription>();
  for (const r of conn.prepare('SELECT * FROM pragma_foreign_key_list(?)').all(table)) {
    const id = Number(r.id);
    let fk = byId.get(id);
    if (!fk) {
      fk = {
        table: String(r.table),
        columns: [],
        on_update: String(r.on_update),
        on_delete: String(r.on_delete),
        match: String(r.match),
      };
      byId.set(id, fk);
    }
    fk.columns.push({ seq: Number(r.seq), from: String(r.from), to: r.to === null ? null : String(r.to) });
  }
  // SQLite numbers foreign keys in reverse declaration order; that numbering
  // is an accident of the CREATE text, so order by content instead.
  const fks = [...byId.values()];
  for (const fk of fks) fk.columns.sort((a, b) => a.seq - b.seq);
  return fks
    .map((fk) => ({ key: JSON.stringify(fk), fk }))
    .sort((a, b) => compare(a.key, b.key))
    .map((x) => x.fk);
}

function indexes(conn: SqlConnection, table: string, indexSql: Map<string, string | null>): IndexDescription[] {
  return conn
    .prepare('SELECT * FROM pragma_index_list(?)')
    .all(table)
    .map((r) => {
      const name = String(r.name);
      const partial = Number(r.partial) === 1;
      const sql = indexSql.get(name);
      return {
        name,
        unique: Number(r.unique) === 1,
        origin: String(r.origin),
        partial,
        columns: conn
          .prepare('SELECT * FROM pragma_index_xinfo(?) WHERE key = 1')
          .all(name)
          .map((c) => ({
            seqno: Number(c.seqno),
            cid: Number(c.cid),
            name: c.name === null ? null : String(c.name),
            desc: Number(c.desc) === 1,
            coll: String(c.coll),
          }))
          .sort((a, b) => a.seqno - b.seqno),
        where: partial && sql ? whereClause(sql) : null,
      };
    })
    .sort((a, b) => compare(a.name, b.name));
}

function whereClause(sql: string): string {
  const tokens = tokenize(sql);
  const at = tokens.findIndex((t) => isWord(t, 'WHERE'));
  return at < 0 ? '' : render(tokens.slice(at + 1));
}

// ---------------------------------------------------------------------------
// The CREATE TABLE text: only what no PRAGMA reports.

type ParsedTable = Pick<TableDescription, 'checks' | 'constraints' | 'autoincrement' | 'withoutRowid' | 'strict'>;

const TABLE_CONSTRAINT_STARTS = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

function parseCreateTable(sql: string): ParsedTable {
  const tokens = tokenize(sql);
  const open = tokens.findIndex((t) => t.text === '(');
  const close = open < 0 ? -1 : matchingParen(tokens, open);
  if (close < 0) throw new Error(`Cannot parse table definition: ${sql}`);
  const body = tokens.slice(open + 1, close);
  const tail = tokens.slice(close + 1);

  const checks: string[] = [];
  const constraints: string[] = [];
  for (const item of splitTopLevel(body)) {
    const first = item[0];
    if (first?.kind === 'word' && TABLE_CONSTRAINT_STARTS.has(first.text.toUpperCase())) {
      tableConstraint(item, checks, constraints);
    } else if (first) {
      columnConstraints(item, checks, constraints);
    }
  }
  return {
    checks: checks.sort(compare),
    constraints: constraints.sort(compare),
    autoincrement: body.some((t) => isWord(t, 'AUTOINCREMENT')),
    withoutRowid: tail.some((t) => isWord(t, 'ROWID')),
    strict: tail.some((t) => isWord(t, 'STRICT')),
  };
}

/** `[CONSTRAINT name] PRIMARY KEY (...) | UNIQUE (...) | CHECK (...) | FOREIGN KEY (...) REFERENCES ...` */
function tableConstraint(item: Token[], checks: string[], constraints: string[]): void {
  let at = 0;
  let prefix = '';
  if (isWord(item[0], 'CONSTRAINT') && item.length > 2) {
    prefix = `CONSTRAINT ${renderName(item[1].value)} `;
    at = 2;
  }
  const kind = item[at];
  if (isWord(kind, 'CHECK')) {
    checks.push(`${prefix}CHECK ${render(item.slice(at + 1))}`);
  } else if (isWord(kind, 'FOREIGN')) {
    // Only the child columns: target and actions come from PRAGMA foreign_key_list.
    const refs = item.findIndex((t) => isWord(t, 'REFERENCES'));
    constraints.push(`${prefix}FOREIGN KEY ${render(item.slice(at + 2, refs < 0 ? item.length : refs))}`);
  } else if (isWord(kind, 'PRIMARY')) {
    constraints.push(`${prefix}PRIMARY KEY ${render(item.slice(at + 2))}`);
  } else {
    constraints.push(`${prefix}${render(item.slice(at))}`);
  }
}

/** Constraints written inside a column definition, stated as the equivalent table constraint. */
function columnConstraints(item: Token[], checks: string[], constraints: string[]): void {
  const column = `(${renderName(item[0].value)})`;
  let prefix = '';
  for (let i = 1; i < item.length; i++) {
    const t = item[i];
    if (t.text === '(') {
      i = matchingParen(item, i); // a type's length or a DEFAULT expression
      continue;
    }
    if (isWord(t, 'CONSTRAINT') && i + 1 < item.length) {
      prefix = `CONSTRAINT ${renderName(item[i + 1].value)} `;
      i++;
      continue;
    }
    const word = t.kind === 'word' ? t.text.toUpperCase() : '';
    if (word === 'CHECK' && item[i + 1]?.text === '(') {
      const end = matchingParen(item, i + 1);
      checks.push(`${prefix}CHECK ${render(item.slice(i + 1, end + 1))}`);
      i = end;
    } else if (word === 'PRIMARY') {
      constraints.push(`${prefix}PRIMARY KEY ${column}`);
    } else if (word === 'UNIQUE') {
      constraints.push(`${prefix}UNIQUE ${column}`);
    } else if (word === 'REFERENCES') {
      constraints.push(`${prefix}FOREIGN KEY ${column}`);
    } else if (prefix !== '' && word !== '') {
      // A named NOT NULL / DEFAULT / COLLATE: rare, but the name is still part of the schema.
      constraints.push(`${prefix}${word === 'NOT' ? 'NOT NULL' : word} ${column}`);
    } else {
      continue;
    }
    prefix = '';
  }
}

/** Splits a token list at commas outside parentheses. */
function splitTopLevel(tokens: Token[]): Token[][] {
  const items: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    if (t.text === ',' && depth === 0) items.push([]);
    else items[items.length - 1].push(t);
  }
  return items;
}

// ---------------------------------------------------------------------------
// A minimal SQLite tokenizer: enough to find constraints and to print SQL
// fragments in one canonical spelling (whitespace, comments and identifier
// quoting removed) so that equal definitions compare equal.

interface Token {
  kind: 'word' | 'ident' | 'string' | 'number' | 'punct';
  /** Source text (for strings: with quotes). */
  text: string;
  /** Identifier without quotes; otherwise equal to text. */
  value: string;
}

const TWO_CHAR_OPERATORS = new Set(['<=', '>=', '<>', '!=', '==', '||', '<<', '>>', '->']);
const IDENT_QUOTES: Record<string, string> = { '"': '"', '`': '`', '[': ']' };

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) {
      i++;
    } else if (sql.startsWith('--', i)) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === "'") {
      const end = quotedEnd(sql, i, "'");
      const text = sql.slice(i, end);
      tokens.push({ kind: 'string', text, value: text });
      i = end;
    } else if (c in IDENT_QUOTES) {
      const closeQuote = IDENT_QUOTES[c];
      const end = quotedEnd(sql, i, closeQuote);
      const inner = sql
        .slice(i + 1, end - 1)
        .split(closeQuote + closeQuote)
        .join(closeQuote);
      tokens.push({ kind: 'ident', text: sql.slice(i, end), value: inner });
      i = end;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i))![0];
      tokens.push({ kind: 'word', text: m, value: m });
      i += m.length;
    } else if (/[0-9.]/.test(c) && /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.test(sql.slice(i))) {
      const m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(sql.slice(i))![0];
      tokens.push({ kind: 'number', text: m, value: m });
      i += m.length;
    } else {
      const two = sql.slice(i, i + 2);
      const text = TWO_CHAR_OPERATORS.has(two) ? two : c;
      tokens.push({ kind: 'punct', text, value: text });
      i += text.length;
    }
  }
  return tokens;
}

/** Index just past the closing quote; a doubled quote is an escaped one. */
function quotedEnd(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (quote !== ']' && sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

function matchingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i].text === '(') depth++;
    else if (tokens[i].text === ')' && --depth === 0) return i;
  }
  return -1;
}

function isWord(t: Token | undefined, word: string): boolean {
  return t !== undefined && t.kind === 'word' && t.text.toUpperCase() === word;
}

function renderName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** Tokens joined by single spaces, except inside parentheses, before commas and around dots. */
function render(tokens: Token[]): string {
  let out = '';
  let prev: Token | undefined;
  for (const t of tokens) {
    const text = t.kind === 'ident' ? renderName(t.value) : t.text;
    const tight = prev === undefined || prev.text === '(' || prev.text === '.' || t.text === ')' || t.text === ',' || t.text === '.';
    out += (tight ? '' : ' ') + text;
    prev = t;
  }
  return out;
}

function compare(a: unknown, b: unknown): number {
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
