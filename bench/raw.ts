/**
 * The floor the store is measured against: the same reads, hand-written in SQL on
 * better-sqlite3 directly, returning the same RegisteredModel / ModelVersion values
 * (the bench deep-compares them), so a ratio api/raw is the store's own overhead.
 *
 * Imports nothing from src/ but types: the floor must not share the code it judges.
 * Written for the MLflow 2.17 layout of the fixture (no workspace columns).
 */
import Database from 'better-sqlite3';
import type { ModelAlias, ModelVersion, ModelVersionStatus, RegisteredModel, Tags } from '../src/core/types';

type Row = Record<string, string | number | null>;

const LIVE = "current_stage != 'Deleted_Internal'";

/** MLflow hides prompts from model searches; a primary-key seek on (key, name). */
const notPrompt = (alias: string): string =>
  `NOT EXISTS (SELECT 1 FROM registered_model_tags p WHERE p.key = 'mlflow.prompt.is_prompt' AND p.name = ${alias}.name AND p.value = 'true')`;

/**
 * Both tag tables' primary keys start with `key`, and there is no index on name, so
 * "tags of model X" would scan the whole table (40,000 rows for versions). This
 * recursive CTE walks the few distinct keys with one index seek each (a loose index
 * scan); after it, (key, name[, version]) is a primary-key seek. No schema change.
 * Joins to it are written CROSS JOIN, which SQLite never reorders: left to itself
 * the planner drives from the tag table and probes the name list per row.
 */
const tagKeys = (table: string): string =>
  `k(key) AS (SELECT MIN(key) FROM ${table} UNION ALL SELECT (SELECT MIN(key) FROM ${table} WHERE key > k.key) FROM k WHERE k.key IS NOT NULL)`;

const str = (v: string | number | null | undefined): string | null => (v === null || v === undefined ? null : String(v));

// A copy of the store's row mapping (src/backends/sqlite/store/rows.ts) on purpose: see
// the header. The copy-paste check in `npm run lint` skips it.
// jscpd:ignore-start
function toVersion(r: Row, tags: Tags, aliases: string[]): ModelVersion {
  return {
    name: String(r.name),
    version: String(r.version),
    creationTimestamp: Number(r.creation_time),
    lastUpdatedTimestamp: Number(r.last_updated_time),
    userId: str(r.user_id),
    currentStage: String(r.current_stage),
    description: str(r.description),
    source: str(r.source),
    runId: str(r.run_id),
    status: (str(r.status) ?? 'READY') as ModelVersionStatus,
    statusMessage: str(r.status_message),
    runLink: str(r.run_link),
    storageLocation: str(r.storage_location),
    tags,
    aliases,
  };
}
// jscpd:ignore-end

/** Folds (owner, key, value) rows into one tag map per owner. */
function groupTags(rows: Row[]): Map<string, Tags> {
  const out = new Map<string, Tags>();
  for (const r of rows) {
    const owner = String(r.owner);
    let tags = out.get(owner);
    if (!tags) out.set(owner, (tags = {}));
    tags[String(r.key)] = String(r.value ?? '');
  }
  return out;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Past these many owners a full pass over a tag table beats one seek per owner (measured on the fixture). */
const SEEK_LIMIT_MODELS = 200;
const SEEK_LIMIT_VERSIONS = 2000;

const MODEL_COLUMNS = 'rm.name, rm.creation_time, rm.last_updated_time, rm.description';

export class RawFloor {
  private readonly db: Database.Database;
  private readonly stmts = new Map<string, Database.Statement>();

  constructor(path: string) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
    applyPragmas(this.db);
  }

  /** Prepared once per text, as the store's driver does, so neither side pays for parsing. */
  private q(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) this.stmts.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  /** Multi-statement reads share one snapshot, the same guarantee the store gives. */
  private snapshot<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  /** Model rows matching `where`, by name, without prompts; then tags, aliases and latest versions. */
  searchModels(where: string, params: (string | number)[], limit: number): RegisteredModel[] {
    return this.snapshot(() => {
      const rows = this.q(`SELECT ${MODEL_COLUMNS} FROM registered_models rm WHERE ${where} AND ${notPrompt('rm')} ORDER BY rm.name LIMIT ?`).all(
        ...params,
        limit,
      ) as Row[];
      return this.assemble(rows);
    });
  }

  getModel(name: string): RegisteredModel | undefined {
    return this.snapshot(() => {
      const row = this.q(`SELECT ${MODEL_COLUMNS} FROM registered_models rm WHERE rm.name = ?`).get(name) as Row | undefined;
      return row ? this.assemble([row])[0] : undefined;
    });
  }

  private assemble(models: Row[]): RegisteredModel[] {
    if (models.length === 0) return [];
    const names = JSON.stringify(models.map((m) => m.name));
    // Few models: seek each model's tags; many: one pass over the (small) table is cheaper.
    const tags = groupTags(
      this.q(
        models.length > SEEK_LIMIT_MODELS
          ? 'SELECT t.name AS owner, t.key, t.value FROM registered_model_tags t WHERE t.name IN (SELECT value FROM json_each(?))'
          : `WITH RECURSIVE ${tagKeys('registered_model_tags')} SELECT t.name AS owner, t.key, t.value ` +
              'FROM json_each(?) n CROSS JOIN k CROSS JOIN registered_model_tags t ON t.key = k.key AND t.name = n.value',
      ).all(names) as Row[],
    );
    const aliases = new Map<string, ModelAlias[]>();
    for (const a of this.q('SELECT name, alias, version FROM registered_model_aliases WHERE name IN (SELECT value FROM json_each(?)) ORDER BY name, alias').all(
      names,
    ) as Row[]) {
      pushTo(aliases, String(a.name), { alias: String(a.alias), version: String(a.version) });
    }
    // Newest version per stage; `f` (first version in that stage) is MLflow's order of the stages.
    const latest = this.q(
      'SELECT mv.*, g.f FROM (SELECT name, MAX(version) AS v, MIN(version) AS f FROM model_versions ' +
        `WHERE name IN (SELECT value FROM json_each(?)) AND ${LIVE} GROUP BY name, current_stage) g ` +
        'JOIN model_versions mv ON mv.name = g.name AND mv.version = g.v',
    ).all(names) as Row[];
    // Tags of exactly those versions: a primary-key seek per (version, key) for a page;
    // for thousands of versions one scan of the tag table probing the pairs is cheaper.
    const pairs = JSON.stringify(latest.map((r) => [r.name, r.version]));
    const versionTags = groupTags(
      this.q(
        latest.length > SEEK_LIMIT_VERSIONS
          ? 'SELECT t.name || char(0) || t.version AS owner, t.key, t.value FROM model_version_tags t ' +
              'WHERE (t.name, t.version) IN (SELECT p.value ->> 0, p.value ->> 1 FROM json_each(?) p)'
          : `WITH RECURSIVE ${tagKeys('model_version_tags')} SELECT t.name || char(0) || t.version AS owner, t.key, t.value ` +
              'FROM json_each(?) p CROSS JOIN k CROSS JOIN model_version_tags t ' +
              'ON t.key = k.key AND t.name = p.value ->> 0 AND t.version = p.value ->> 1',
      ).all(pairs) as Row[],
    );
    const latestByModel = new Map<string, Row[]>();
    for (const r of latest) pushTo(latestByModel, String(r.name), r);
    return models.map((m) => {
      const name = String(m.name);
      const versions = (latestByModel.get(name) ?? []).sort((a, b) => Number(a.f) - Number(b.f));
      return {
        name,
        creationTimestamp: Number(m.creation_time),
        lastUpdatedTimestamp: Number(m.last_updated_time),
        description: str(m.description),
        latestVersions: versions.map((r) => toVersion(r, versionTags.get(`${name}\0${r.version}`) ?? {}, [])),
        tags: tags.get(name) ?? {},
        aliases: aliases.get(name) ?? [],
      };
    });
  }

  /** searchModelVersions("name='X'") in MLflow's default order; search results carry no aliases. */
  versionsOf(name: string, limit: number): ModelVersion[] {
    return this.snapshot(() => {
      const rows = this.q(
        `SELECT mv.* FROM model_versions mv WHERE mv.name = ? AND mv.${LIVE} AND ${notPrompt('mv')} ` +
          'ORDER BY mv.last_updated_time DESC, mv.version DESC LIMIT ?',
      ).all(name, limit) as Row[];
      const tags = groupTags(
        this.q(
          `WITH RECURSIVE ${tagKeys('model_version_tags')} SELECT t.version AS owner, t.key, t.value ` +
            'FROM k CROSS JOIN model_version_tags t ON t.key = k.key AND t.name = ?',
        ).all(name) as Row[],
      );
      return rows.map((r) => toVersion(r, tags.get(String(r.version)) ?? {}, []));
    });
  }

  getVersion(name: string, version: number): ModelVersion | undefined {
    return this.snapshot(() => {
      const row = this.q(`SELECT * FROM model_versions WHERE name = ? AND version = ? AND ${LIVE}`).get(name, version) as Row | undefined;
      if (!row) return undefined;
      const tags = groupTags(
        this.q(
          `WITH RECURSIVE ${tagKeys('model_version_tags')} SELECT 'v' AS owner, t.key, t.value ` +
            'FROM k CROSS JOIN model_version_tags t ON t.key = k.key AND t.name = ? AND t.version = ?',
        ).all(name, version) as Row[],
      );
      const aliases = this.q('SELECT alias FROM registered_model_aliases WHERE name = ? AND version = ? ORDER BY alias').pluck().all(name, version) as string[];
      return toVersion(row, tags.get('v') ?? {}, aliases);
    });
  }

  close(): void {
    this.db.close();
  }
}

/** MLflow's session pragmas, as the store sets them. */
function applyPragmas(db: Database.Database): void {
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 20000');
  db.pragma('case_sensitive_like = true');
}

/** The write floor: the same rows written by hand in one BEGIN IMMEDIATE transaction. */
export class RawWriter {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path, { fileMustExist: true });
    applyPragmas(this.db);
  }

  createVersion(name: string, source: string, tags: Tags): number {
    return this.db
      .transaction(() => {
        const version = this.db.prepare('SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = ?').pluck().get(name) as number;
        const now = Date.now();
        this.db
          .prepare(
            'INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, user_id, current_stage, ' +
              "source, run_id, status, status_message, run_link, storage_location) VALUES (?, ?, ?, ?, NULL, NULL, 'None', ?, NULL, 'READY', NULL, NULL, ?)",
          )
          .run(name, version, now, now, source, source);
        const tag = this.db.prepare('INSERT INTO model_version_tags (key, value, name, version) VALUES (?, ?, ?, ?)');
        for (const [k, v] of Object.entries(tags)) tag.run(k, v, name, version);
        this.db.prepare('UPDATE registered_models SET last_updated_time = ? WHERE name = ?').run(now, name);
        return version;
      })
      .immediate();
  }

  transition(name: string, version: number, stage: string): void {
    this.db
      .transaction(() => {
        const now = Date.now();
        this.db
          .prepare("UPDATE model_versions SET current_stage = 'Archived', last_updated_time = ? WHERE name = ? AND current_stage = ? AND version != ?")
          .run(now, name, stage, version);
        this.db.prepare('UPDATE model_versions SET current_stage = ?, last_updated_time = ? WHERE name = ? AND version = ?').run(stage, now, name, version);
        this.db.prepare('UPDATE registered_models SET last_updated_time = ? WHERE name = ?').run(now, name);
      })
      .immediate();
  }

  /** MLflow's soft delete: the row stays, redacted; aliases pointing at it go. */
  deleteVersion(name: string, version: number): void {
    this.db
      .transaction(() => {
        const now = Date.now();
        const changed = this.db
          .prepare(
            "UPDATE model_versions SET current_stage = 'Deleted_Internal', description = NULL, user_id = NULL, source = 'REDACTED-SOURCE-PATH', " +
              "run_id = 'REDACTED-RUN-ID', run_link = 'REDACTED-RUN-LINK', status_message = NULL, last_updated_time = ? WHERE name = ? AND version = ?",
          )
          .run(now, name, version).changes;
        if (changed !== 1) throw new Error(`raw delete: no version ${name}/${version}`);
        this.db.prepare('DELETE FROM registered_model_aliases WHERE name = ? AND version = ?').run(name, version);
        this.db.prepare('UPDATE registered_models SET last_updated_time = ? WHERE name = ?').run(now, name);
      })
      .immediate();
  }

  /**
   * Rename with the same end state as the store's (every row carried to the new name),
   * but with foreign keys off for the transaction: ON UPDATE CASCADE from
   * model_versions to model_version_tags has no index on the child side, so SQLite
   * scans all 40,000 tag rows once per version renamed. Updating each table by hand
   * scans each once. The new name is known to be free, so nothing can dangle.
   */
  rename(name: string, newName: string): void {
    this.db.pragma('foreign_keys = OFF'); // a no-op inside a transaction, so set it around one
    try {
      this.db
        .transaction(() => {
          const now = Date.now();
          const changed = this.db.prepare('UPDATE registered_models SET name = ?, last_updated_time = ? WHERE name = ?').run(newName, now, name).changes;
          if (changed !== 1) throw new Error(`raw rename: no model ${name}`);
          this.db.prepare('UPDATE model_versions SET name = ?, last_updated_time = ? WHERE name = ?').run(newName, now, name);
          for (const table of ['model_version_tags', 'registered_model_tags', 'registered_model_aliases']) {
            this.db.prepare(`UPDATE ${table} SET name = ? WHERE name = ?`).run(newName, name);
          }
        })
        .immediate();
    } finally {
      this.db.pragma('foreign_keys = ON');
    }
  }

  close(): void {
    this.db.close();
  }
}
