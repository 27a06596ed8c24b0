/**
 * A parsed registry search filter (docs/filter-grammar.md): MLflow only supports a flat list of
 * comparisons joined by AND, so a filter is simply `Condition[]` — there is no tree.
 * Keys and comparators are kept in MLflow's vocabulary (`source_path`, `version_number`);
 * mapping them to columns is the compiler's job.
 */

export type StringComparator = '=' | '!=' | 'LIKE' | 'ILIKE';
export type NumericComparator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** Attributes compared as strings. `source_path` is MLflow's name for column `source`. */
export type StringAttribute = 'name' | 'run_id' | 'source_path';

export interface TagCondition {
  type: 'tag';
  key: string;
  comparator: StringComparator;
  value: string;
}

export interface StringAttributeCondition {
  type: 'attribute';
  key: StringAttribute;
  comparator: StringComparator;
  value: string;
}

export interface VersionNumberCondition {
  type: 'attribute';
  key: 'version_number';
  comparator: NumericComparator;
  value: number;
}

/**
 * `run_id IN (...)`. Values with uppercase letters (or no letters at all) have already
 * been dropped, as MLflow does; the list may therefore be empty, which matches nothing.
 */
export interface RunIdInCondition {
  type: 'attribute';
  key: 'run_id';
  comparator: 'IN';
  value: string[];
}

export type Condition = TagCondition | StringAttributeCondition | VersionNumberCondition | RunIdInCondition;

/** The tag that marks a registered model / version as a prompt (docs/mlflow3.md#prompts). */
export const PROMPT_TAG_KEY = 'mlflow.prompt.is_prompt';
