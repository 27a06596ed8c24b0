/**
 * Compiles parsed filter conditions to a parameterized SQL predicate over the
 * registry tables (docs/sqlite-store.md#registry-tables). Values only ever travel as `?` parameters; the SQL
 * text is built from fixed fragments chosen by key and comparator.
 *
 * The predicate refers to alias `rm` (registered_models) or `mv` (model_versions);
 * the caller supplies the FROM clause, the workspace filter on the main table, the
 * `Deleted_Internal` exclusion and the prompt anti-join.
 *
 * Matching follows MLflow's SQL store: `LIKE` is case-sensitive because the
 * connection sets `PRAGMA case_sensitive_like = true`; `ILIKE` is
 * `lower(col) LIKE lower(?)`, which is what SQLAlchemy emits for SQLite.
 */
import { invalidParameter } from '../errors';
import { PROMPT_TAG_KEY, type Condition } from './ast';

export type SqlValue = string | number | null;

export interface CompileOptions {
  /** The database has `workspace` columns (MLflow ≥ 3.10): tag rows must match the owner's workspace too. */
  workspace: boolean;
}

export interface CompiledFilter {
  /** A predicate to AND into a WHERE clause; `'1=1'` (never empty) when there are no conditions. */
  where: string;
  params: SqlValue[];
  /** The filter asks for prompts; when false the caller must exclude them (docs/mlflow3.md#prompts). */
  includesPrompts: boolean;
}

interface Target {
  columns: ReadonlyMap<string, string>;
  tagTable: string;
  /** Correlates a tag row `t` with the outer row. */
  tagJoin: readonly string[];
  workspaceJoin: string;
}

const MODELS: Target = {
  columns: new Map([['name', 'rm.name']]),
  tagTable: 'registered_model_tags',
  tagJoin: ['t.name = rm.name'],
  workspaceJoin: 't.workspace = rm.workspace',
};

const VERSIONS: Target = {
  columns: new Map([
    ['name', 'mv.name'],
    ['run_id', 'mv.run_id'],
    ['source_path', 'mv.source'],
    ['version_number', 'mv.version'],
  ]),
  tagTable: 'model_version_tags',
  tagJoin: ['t.name = mv.name', 't.version = mv.version'],
  workspaceJoin: 't.workspace = mv.workspace',
};

// A whitelist, so that a hand-built Condition cannot smuggle SQL in through its comparator.
const OPERATORS = new Map([
  ['=', '='],
  ['!=', '!='],
  ['<', '<'],
  ['<=', '<='],
  ['>', '>'],
  ['>=', '>='],
  ['LIKE', 'LIKE'],
]);

function predicate(column: string, comparator: string): string {
  if (comparator === 'ILIKE') return `lower(${column}) LIKE lower(?)`;
  const op = OPERATORS.get(comparator);
  if (op === undefined) throw invalidParameter(`Invalid comparator '${comparator}'`);
  return `${column} ${op} ?`;
}

/**
 * MLflow's rule (SqlAlchemyStore._is_querying_prompt): the first condition on the prompt
 * tag decides; `= 'true'` or `!= 'false'` (value compared case-insensitively) asks for prompts.
 */
export function isQueryingPrompts(conditions: readonly Condition[]): boolean {
  const c = conditions.find((x) => x.type === 'tag' && x.key === PROMPT_TAG_KEY);
  if (c === undefined || c.type !== 'tag') return false;
  const value = c.value.toLowerCase();
  return (c.comparator === '=' && value === 'true') || (c.comparator === '!=' && value === 'false');
}

function compile(conditions: readonly Condition[], opts: CompileOptions, target: Target): CompiledFilter {
  const includesPrompts = isQueryingPrompts(conditions);
  const parts: string[] = [];
  const params: SqlValue[] = [];
  for (const c of conditions) {
    if (c.type === 'tag') {
      // Without a prompt query MLflow drops prompt-tag conditions: normal models have no such
      // tag, so `= 'false'` would otherwise match nothing. The caller's anti-join does the work.
      if (c.key === PROMPT_TAG_KEY && !includesPrompts) continue;
      const join = opts.workspace ? [...target.tagJoin, target.workspaceJoin] : target.tagJoin;
      parts.push(`EXISTS (SELECT 1 FROM ${target.tagTable} t WHERE ${join.join(' AND ')} AND t.key = ? AND ${predicate('t.value', c.comparator)})`);
      params.push(c.key, c.value);
      continue;
    }
    const column = target.columns.get(c.key);
    if (column === undefined) {
      throw invalidParameter(`Invalid attribute key '${c.key}' specified. Valid keys are '{${[...target.columns.keys()].map((k) => `'${k}'`).join(', ')}}'`);
    }
    if (c.comparator === 'IN') {
      // Every id may have been dropped by the parser; an empty IN matches nothing, as in SQLAlchemy.
      parts.push(c.value.length === 0 ? '0 = 1' : `${column} IN (${c.value.map(() => '?').join(', ')})`);
      params.push(...c.value);
    } else {
      parts.push(predicate(column, c.comparator));
      params.push(c.value);
    }
  }
  return { where: parts.length === 0 ? '1=1' : parts.join(' AND '), params, includesPrompts };
}

/** SQL for a `search_registered_models` filter over `registered_models rm`. */
export function compileModelFilter(conditions: readonly Condition[], opts: CompileOptions): CompiledFilter {
  return compile(conditions, opts, MODELS);
}

/** SQL for a `search_model_versions` filter over `model_versions mv`. */
export function compileVersionFilter(conditions: readonly Condition[], opts: CompileOptions): CompiledFilter {
  return compile(conditions, opts, VERSIONS);
}
