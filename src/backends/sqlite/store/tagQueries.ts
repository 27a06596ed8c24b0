import type { Tags } from '../../../core/types';
import type { SqlValue } from '../driver/driver';
import type { StoreContext } from './context';
import { groupTags, versionKey } from './rows';

/**
 * Past these many owners one pass over the tag table beats a seek per owner
 * (measured on MLflow's 2,000-model / 20,000-version registry).
 */
const SEEK_LIMIT_MODELS = 200;
const SEEK_LIMIT_VERSIONS = 2000;

/**
 * In files before MLflow 3.10 both tag tables' primary keys start with `key`
 * and nothing indexes `name`, so "the tags of model X" scans the whole table.
 * This recursive CTE walks the few distinct keys with one index seek each;
 * after it, (key, name[, version]) is a primary-key seek. It reads the schema
 * as it is: adding an index would change a file MLflow owns.
 * Joins to it are CROSS JOIN, which SQLite never reorders.
 */
const distinctKeys = (table: string): string =>
  `WITH RECURSIVE k(key) AS (SELECT MIN(key) FROM ${table} UNION ALL SELECT (SELECT MIN(key) FROM ${table} WHERE key > k.key) FROM k WHERE k.key IS NOT NULL) `;

/** Tag reads that use whatever index the file's layout has. */
export class TagQueries {
  constructor(private readonly ctx: StoreContext) {}

  /** Tags of the given (name, version) pairs, keyed by versionKey. */
  versionTags(pairs: [SqlValue, SqlValue][]): Map<string, Tags> {
    if (pairs.length === 0) return new Map();
    const list = JSON.stringify(pairs.map(([n, v]) => [n, Number(v)]));
    const sql = this.ctx.layout.workspaced
      ? // 3.10+ files index (workspace, name, version).
        `SELECT t.name, t.version, t.key, t.value FROM json_each(?) p CROSS JOIN model_version_tags t ` +
        `WHERE t.workspace = 'default' AND t.name = p.value->>0 AND t.version = p.value->>1`
      : pairs.length > SEEK_LIMIT_VERSIONS
        ? `SELECT t.name, t.version, t.key, t.value FROM model_version_tags t ` +
          `WHERE (t.name, t.version) IN (SELECT p.value->>0, p.value->>1 FROM json_each(?) p)`
        : distinctKeys('model_version_tags') +
          `SELECT t.name, t.version, t.key, t.value FROM json_each(?) p CROSS JOIN k CROSS JOIN model_version_tags t ` +
          `WHERE t.key = k.key AND t.name = p.value->>0 AND t.version = p.value->>1`;
    const rows = this.ctx.conn.prepare(sql).all(list);
    return groupTags(rows, (r) => versionKey(r.name, r.version));
  }

  /** Tags of the given models, keyed by name. */
  modelTags(names: SqlValue[]): Map<string, Tags> {
    if (names.length === 0) return new Map();
    const list = JSON.stringify(names);
    const sql = this.ctx.layout.workspaced
      ? `SELECT t.name, t.key, t.value FROM json_each(?) p CROSS JOIN registered_model_tags t WHERE t.workspace = 'default' AND t.name = p.value`
      : names.length > SEEK_LIMIT_MODELS
        ? `SELECT t.name, t.key, t.value FROM registered_model_tags t WHERE t.name IN (SELECT value FROM json_each(?))`
        : distinctKeys('registered_model_tags') +
          `SELECT t.name, t.key, t.value FROM json_each(?) p CROSS JOIN k CROSS JOIN registered_model_tags t WHERE t.key = k.key AND t.name = p.value`;
    return groupTags(this.ctx.conn.prepare(sql).all(list), (r) => String(r.name));
  }

  /**
   * Renames the tag rows of one model. Used with foreign keys off: ON UPDATE
   * CASCADE into an unindexed child scans the whole tag table once per version.
   */
  renameModelInTags(from: string, to: string): void {
    const ws = this.ctx.layout.workspaced ? " AND workspace = 'default'" : '';
    for (const table of ['model_version_tags', 'registered_model_tags']) {
      const sql = this.ctx.layout.workspaced
        ? `UPDATE ${table} SET name = ? WHERE name = ?${ws}`
        : distinctKeys(table) + `UPDATE ${table} SET name = ? WHERE name = ? AND key IN (SELECT key FROM k)`;
      this.ctx.conn.prepare(sql).run(to, from);
    }
  }
}
