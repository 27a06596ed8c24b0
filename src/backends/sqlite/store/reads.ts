import { invalidParameter, modelNotFound, versionNotFound, doesNotExist } from '../../../core/errors';
import { compileModelFilter, compileVersionFilter, parseModelFilter, parseVersionFilter, type Condition } from '../../../core/filter';
import type {
  Experiment,
  LoggedModel,
  ModelAlias,
  ModelVersion,
  Page,
  RegisteredModel,
  Run,
  RunStatus,
  SearchModelVersionsRequest,
  SearchRegisteredModelsRequest,
  Tags,
} from '../../../core/types';
import type { MetricPoint } from '../../../core/metricHistory';
import { canonicalStage, parseVersion, validateMaxResults, validateModelName } from '../../../core/validation';
import { decimalText } from '../../../core/versionText';
import type { Row, SqlValue } from '../driver/driver';
import { DELETED_STAGE, PROMPT_TAG, type StoreContext } from './context';
import { parseOrderBy, orderBySql, withTieBreaks, type OrderTerm } from './orderBy';
import { decodePageToken, encodePageToken } from './pageToken';
import { loggedModelMetrics, loggedModelParams } from './loggedModelData';
import { groupTags, num, str, toModelVersion, toRegisteredModel, versionKey } from './rows';
import { TagQueries } from './tagQueries';
import { MODELS_DEFAULT_RESULTS, MODELS_MAX_RESULTS, VERSIONS_DEFAULT_RESULTS, VERSIONS_MAX_RESULTS } from '../../../core/searchLimits';

const METRIC_SELECT = 'SELECT timestamp, step, value, is_nan FROM metrics WHERE run_uuid = ? AND key = ?';
const METRIC_ORDER = 'ORDER BY timestamp, step, value, is_nan';

/** Where a metric history slice ended: the raw columns, as the next slice compares them. */
export interface MetricRowKey {
  timestamp: SqlValue;
  step: SqlValue;
  value: SqlValue;
  isNan: SqlValue;
}

const MODEL_ORDER_COLUMNS = { name: 'name', timestamp: 'last_updated_time', last_updated_timestamp: 'last_updated_time' };
const VERSION_ORDER_COLUMNS = {
  name: 'name',
  version_number: 'version',
  creation_timestamp: 'creation_time',
  last_updated_timestamp: 'last_updated_time',
};
const VERSION_DEFAULT_ORDER: OrderTerm[] = [
  { column: 'last_updated_time', descending: true },
  { column: 'name', descending: false },
  { column: 'version', descending: true },
];
const VERSION_TIE_BREAKS: OrderTerm[] = [
  { column: 'name', descending: false },
  { column: 'version', descending: true },
];

/** Lists of names travel as one JSON parameter, so each statement's text (and cache entry) is fixed. */
const jsonList = (values: readonly SqlValue[]): string => JSON.stringify(values);

function checkMaxResults(value: number | undefined, fallback: number, max: number): number {
  const n = value ?? fallback;
  validateMaxResults(n, max);
  return n;
}

/** The read side of MLflow's SQL registry store, in as few statements as the data allows. */
export class RegistryReads {
  readonly tags: TagQueries;

  constructor(private readonly ctx: StoreContext) {
    this.tags = new TagQueries(ctx);
  }

  private get conn() {
    return this.ctx.conn;
  }

  private versionColumns(alias: string): string {
    const c = (col: string) => `${alias}.${col}`;
    const storage = this.ctx.layout.storageLocation ? c('storage_location') : 'NULL AS storage_location';
    return (
      [
        'name',
        'version',
        'creation_time',
        'last_updated_time',
        'description',
        'user_id',
        'current_stage',
        'source',
        'run_id',
        'status',
        'status_message',
        'run_link',
      ]
        .map(c)
        .join(', ') + `, ${storage}`
    );
  }

  modelRow(name: string): Row | undefined {
    return this.conn
      .prepare(`SELECT rm.name, rm.creation_time, rm.last_updated_time, rm.description FROM registered_models rm WHERE rm.name = ?${this.ctx.ws('rm')}`)
      .get(name);
  }

  requireModelRow(name: string): Row {
    validateModelName(name);
    const row = this.modelRow(name);
    if (!row) throw modelNotFound(name);
    return row;
  }

  /** A live (not soft-deleted) version row. */
  versionRow(name: string, version: number): Row | undefined {
    return this.conn
      .prepare(
        `SELECT ${this.versionColumns('mv')} FROM model_versions mv ` +
          `WHERE mv.name = ? AND mv.version = ? AND mv.current_stage != '${DELETED_STAGE}'${this.ctx.ws('mv')}`,
      )
      .get(name, version);
  }

  requireVersionRow(name: string, version: string | number): Row {
    validateModelName(name);
    const v = parseVersion(version);
    const row = this.versionRow(name, v);
    if (!row) throw versionNotFound(name, v);
    return row;
  }

  // ---- registered models ----

  getRegisteredModel(name: string): RegisteredModel {
    return this.ctx.read(() => this.assembleModels([this.requireModelRow(name)])[0]);
  }

  searchRegisteredModels(req: SearchRegisteredModelsRequest = {}): Page<RegisteredModel> {
    const limit = checkMaxResults(req.maxResults, MODELS_DEFAULT_RESULTS, MODELS_MAX_RESULTS);
    const offset = decodePageToken(req.pageToken);
    const compiled = compileModelFilter(parseModelFilter(req.filter), { workspace: this.ctx.layout.workspaced });
    const order = withTieBreaks(parseOrderBy(req.orderBy, MODEL_ORDER_COLUMNS, 'registered models'), [{ column: 'name', descending: false }]);
    const promptClause = compiled.includesPrompts
      ? ''
      : ` AND NOT EXISTS (SELECT 1 FROM registered_model_tags pt WHERE pt.name = rm.name${this.ctx.wsJoin('pt', 'rm')} AND pt.key = '${PROMPT_TAG}' AND pt.value = 'true')`;
    const sql =
      `SELECT rm.name, rm.creation_time, rm.last_updated_time, rm.description FROM registered_models rm WHERE 1 = 1${this.ctx.ws('rm')}` +
      (compiled.where ? ` AND (${compiled.where})` : '') +
      promptClause +
      ` ORDER BY ${orderBySql(order, 'rm')} LIMIT ? OFFSET ?`;
    return this.ctx.read(() => {
      // One row more than asked tells whether another page exists without a COUNT.
      const rows = this.conn.prepare(sql).all(...compiled.params, limit + 1, offset);
      const more = rows.length > limit;
      const items = this.assembleModels(more ? rows.slice(0, limit) : rows);
      return more ? { items, nextPageToken: encodePageToken(offset + limit) } : { items };
    });
  }

  /** Tags, aliases and latest versions for many models in four statements, whatever their number. */
  private assembleModels(rows: Row[]): RegisteredModel[] {
    if (rows.length === 0) return [];
    const names = jsonList(rows.map((r) => r.name));
    const tags = this.tags.modelTags(rows.map((r) => r.name));
    const aliasRows = this.conn
      .prepare(
        `SELECT a.name, a.alias, a.version FROM registered_model_aliases a WHERE a.name IN (SELECT value FROM json_each(?))${this.ctx.ws('a')} ORDER BY a.name, a.alias`,
      )
      .all(names);
    const aliases = new Map<string, ModelAlias[]>();
    for (const a of aliasRows) {
      const list = aliases.get(String(a.name)) ?? [];
      list.push({ alias: String(a.alias), version: decimalText(a.version) });
      aliases.set(String(a.name), list);
    }
    const latest = this.latestVersionsOf(names);
    return rows.map((r) =>
      toRegisteredModel(r, {
        latestVersions: latest.get(String(r.name)) ?? [],
        tags: tags.get(String(r.name)) ?? {},
        aliases: aliases.get(String(r.name)) ?? [],
      }),
    );
  }

  /**
   * Newest version per stage, ordered as MLflow builds its dict: by the first
   * (lowest) version that reached each stage. Latest versions carry tags but
   * no aliases, as MLflow's registered-model payload does.
   */
  private latestVersionsOf(namesJson: string, stages?: string[]): Map<string, ModelVersion[]> {
    const stageFilter = stages && stages.length > 0 ? ' AND m.current_stage IN (SELECT value FROM json_each(?))' : '';
    const params: SqlValue[] = [namesJson];
    if (stageFilter) params.push(jsonList(stages!));
    const rows = this.conn
      .prepare(
        `SELECT ${this.versionColumns('mv')} FROM (` +
          `SELECT m.name, MAX(m.version) AS v, MIN(m.version) AS f FROM model_versions m ` +
          `WHERE m.name IN (SELECT value FROM json_each(?)) AND m.current_stage != '${DELETED_STAGE}'${this.ctx.ws('m')}${stageFilter} ` +
          `GROUP BY m.name, m.current_stage) g ` +
          `JOIN model_versions mv ON mv.name = g.name AND mv.version = g.v${this.ctx.ws('mv')} ORDER BY g.name, g.f`,
      )
      .all(...params);
    const tags = this.versionTags(rows);
    const out = new Map<string, ModelVersion[]>();
    for (const r of rows) {
      const list = out.get(String(r.name)) ?? [];
      list.push(toModelVersion(r, tags.get(versionKey(r.name, r.version)) ?? {}, []));
      out.set(String(r.name), list);
    }
    return out;
  }

  private versionTags(rows: Row[]): Map<string, Tags> {
    return this.tags.versionTags(rows.map((r) => [r.name, r.version]));
  }

  // ---- model versions ----

  getModelVersion(name: string, version: string): ModelVersion {
    return this.ctx.read(() => this.fullVersion(this.requireVersionRow(name, version)));
  }

  /** A version with its tags and the aliases that point at it. */
  fullVersion(row: Row): ModelVersion {
    const aliases = this.conn
      .prepare(`SELECT a.alias FROM registered_model_aliases a WHERE a.name = ? AND a.version = ?${this.ctx.ws('a')} ORDER BY a.alias`)
      .all(row.name, row.version)
      .map((a) => String(a.alias));
    return toModelVersion(row, this.versionTags([row]).get(versionKey(row.name, row.version)) ?? {}, aliases);
  }

  getLatestVersions(name: string, stages?: string[]): ModelVersion[] {
    const canonical = stages?.map(canonicalStage);
    return this.ctx.read(() => {
      this.requireModelRow(name);
      return this.latestVersionsOf(jsonList([name]), canonical).get(name) ?? [];
    });
  }

  getModelVersionByAlias(name: string, alias: string): ModelVersion {
    return this.ctx.read(() => {
      this.requireModelRow(name);
      const row = this.conn.prepare(`SELECT a.version FROM registered_model_aliases a WHERE a.name = ? AND a.alias = ?${this.ctx.ws('a')}`).get(name, alias);
      if (!row) {
        if (alias.toLowerCase() === 'latest') return this.fullVersion(this.highestVersionRow(name));
        throw invalidParameter(`Registered model alias ${alias} not found.`);
      }
      // An alias MLflow left behind on a deleted version resolves to nothing (docs/sqlite-store.md#dangling-aliases).
      return this.fullVersion(this.requireVersionRow(name, Number(row.version)));
    });
  }

  private highestVersionRow(name: string): Row {
    const row = this.conn
      .prepare(
        `SELECT ${this.versionColumns('mv')} FROM model_versions mv WHERE mv.name = ? AND mv.current_stage != '${DELETED_STAGE}'${this.ctx.ws('mv')} ORDER BY mv.version DESC LIMIT 1`,
      )
      .get(name);
    if (!row) throw doesNotExist(`Registered model ${name} has no versions.`);
    return row;
  }

  searchModelVersions(req: SearchModelVersionsRequest = {}): Page<ModelVersion> {
    return this.searchVersions(parseVersionFilter(req.filter), req);
  }

  /**
   * Every live version of exactly this model, newest first. The name goes in as a
   * condition, so it reaches SQLite as a bound parameter and never as filter text.
   */
  /** One page of a model's versions, newest first; the name is bound, never parsed. */
  listModelVersionsPage(name: string, maxResults: number, pageToken?: string): Page<ModelVersion> {
    validateModelName(name);
    const byName: Condition = { type: 'attribute', key: 'name', comparator: '=', value: name };
    return this.searchVersions([byName], { maxResults, orderBy: ['version_number DESC'], pageToken });
  }

  private searchVersions(conditions: Condition[], req: SearchModelVersionsRequest): Page<ModelVersion> {
    const limit = checkMaxResults(req.maxResults, VERSIONS_DEFAULT_RESULTS, VERSIONS_MAX_RESULTS);
    const offset = decodePageToken(req.pageToken);
    const compiled = compileVersionFilter(conditions, { workspace: this.ctx.layout.workspaced });
    const parsed = parseOrderBy(req.orderBy, VERSION_ORDER_COLUMNS, 'model versions');
    const order = parsed.length === 0 ? VERSION_DEFAULT_ORDER : withTieBreaks(parsed, VERSION_TIE_BREAKS);
    const promptClause = compiled.includesPrompts
      ? ''
      : ` AND NOT EXISTS (SELECT 1 FROM registered_model_tags pt WHERE pt.name = mv.name${this.ctx.wsJoin('pt', 'mv')} AND pt.key = '${PROMPT_TAG}' AND pt.value = 'true')`;
    const sql =
      `SELECT ${this.versionColumns('mv')} FROM model_versions mv WHERE mv.current_stage != '${DELETED_STAGE}'${this.ctx.ws('mv')}` +
      (compiled.where ? ` AND (${compiled.where})` : '') +
      promptClause +
      ` ORDER BY ${orderBySql(order, 'mv')} LIMIT ? OFFSET ?`;
    return this.ctx.read(() => {
      const rows = this.conn.prepare(sql).all(...compiled.params, limit + 1, offset);
      const more = rows.length > limit;
      const page = more ? rows.slice(0, limit) : rows;
      const tags = this.versionTags(page);
      // MLflow's search leaves aliases out (docs/rest-api.md#aliases-in-answers); both backends do the same.
      const items = page.map((r) => toModelVersion(r, tags.get(versionKey(r.name, r.version)) ?? {}, []));
      return more ? { items, nextPageToken: encodePageToken(offset + limit) } : { items };
    });
  }

  /**
   * How many versions a search by this model's name returns (live ones, none of a
   * prompt's), without reading them: pages show the true count of a model with
   * more versions than they list.
   */
  countModelVersions(name: string): number {
    const row = this.conn
      .prepare(
        `SELECT COUNT(*) AS n FROM model_versions mv WHERE mv.name = ? AND mv.current_stage != '${DELETED_STAGE}'${this.ctx.ws('mv')}` +
          // Not correlated with the row: SQLite checks the model's prompt tag once, not once per version.
          ` AND NOT EXISTS (SELECT 1 FROM registered_model_tags pt WHERE pt.name = ?${this.ctx.ws('pt')} AND pt.key = '${PROMPT_TAG}' AND pt.value = 'true')`,
      )
      .get(name, name);
    return Number(row?.n ?? 0);
  }

  getModelVersionDownloadUri(name: string, version: string): string {
    const row = this.requireVersionRow(name, version);
    return str(row.storage_location) ?? str(row.source) ?? '';
  }

  // ---- lineage ----

  getRun(runId: string): Run {
    if (!runId) throw invalidParameter('Run ID must be provided.');
    return this.ctx.read(() => {
      const r = this.conn
        .prepare('SELECT run_uuid, name, experiment_id, user_id, status, start_time, end_time, artifact_uri, lifecycle_stage FROM runs WHERE run_uuid = ?')
        .get(runId);
      if (!r) throw doesNotExist(`Run with id=${runId} not found`);
      const params: Record<string, string> = {};
      for (const p of this.conn.prepare('SELECT key, value FROM params WHERE run_uuid = ? ORDER BY key').all(runId)) {
        params[String(p.key)] = String(p.value);
      }
      const metrics: Record<string, number> = {};
      const metricDetails: Run['metricDetails'] = {};
      for (const m of this.conn.prepare('SELECT key, value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid = ? ORDER BY key').all(runId)) {
        const value = Number(m.is_nan) ? NaN : Number(m.value);
        metrics[String(m.key)] = value;
        metricDetails[String(m.key)] = { value, step: Number(m.step), timestamp: num(m.timestamp) };
      }
      const tags = groupTags(this.conn.prepare('SELECT key, value FROM tags WHERE run_uuid = ? ORDER BY key').all(runId), () => runId).get(runId) ?? {};
      return {
        runId: String(r.run_uuid),
        runName: str(r.name),
        experimentId: String(r.experiment_id),
        userId: str(r.user_id),
        status: str(r.status) as RunStatus | null,
        startTime: num(r.start_time),
        endTime: num(r.end_time),
        artifactUri: str(r.artifact_uri),
        lifecycleStage: str(r.lifecycle_stage),
        params,
        metrics,
        metricDetails,
        tags,
      };
    });
  }

  /**
   * One slice of MLflow's `get_metric_history` over the `metrics` table, after
   * the row `after` (the last of the previous slice). Like MLflow, no check that
   * the run exists: a missing run or key is empty (docs/rest-api.md#metric-history).
   * The order is the primary key's columns past run and key, so each row has one place.
   */
  getMetricHistorySlice(runId: string, metricKey: string, limit: number, after?: MetricRowKey): { points: MetricPoint[]; last?: MetricRowKey } {
    return this.ctx.read(() => {
      const rows = after
        ? this.conn
            .prepare(`${METRIC_SELECT} AND (timestamp, step, value, is_nan) > (?, ?, ?, ?) ${METRIC_ORDER} LIMIT ?`)
            .all(runId, metricKey, after.timestamp, after.step, after.value, after.isNan, limit)
        : this.conn.prepare(`${METRIC_SELECT} ${METRIC_ORDER} LIMIT ?`).all(runId, metricKey, limit);
      const points = rows.map((m) => ({ step: Number(m.step), timestamp: Number(m.timestamp), value: Number(m.is_nan) ? NaN : Number(m.value) }));
      const end = rows.at(-1);
      const last = end && { timestamp: end.timestamp, step: end.step, value: end.value, isNan: end.is_nan };
      return last ? { points, last } : { points };
    });
  }

  getExperiment(experimentId: string): Experiment {
    if (!/^\d+$/.test(experimentId)) throw invalidParameter(`Invalid experiment ID: '${experimentId}'`);
    return this.ctx.read(() => {
      const e = this.conn
        .prepare('SELECT experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time FROM experiments WHERE experiment_id = ?')
        .get(Number(experimentId));
      if (!e) throw doesNotExist(`No Experiment with id=${experimentId} exists`);
      const tags =
        groupTags(this.conn.prepare('SELECT key, value FROM experiment_tags WHERE experiment_id = ? ORDER BY key').all(Number(experimentId)), () => 'e').get(
          'e',
        ) ?? {};
      return {
        experimentId: String(e.experiment_id),
        name: String(e.name),
        artifactLocation: str(e.artifact_location),
        lifecycleStage: str(e.lifecycle_stage),
        creationTime: num(e.creation_time),
        lastUpdateTime: num(e.last_update_time),
        tags,
      };
    });
  }

  getLoggedModel(modelId: string): LoggedModel {
    if (!this.ctx.layout.loggedModels) {
      throw doesNotExist(`Logged model with ID '${modelId}' not found: this registry predates MLflow 3 logged models.`);
    }
    return this.ctx.read(() => {
      const m = this.conn
        .prepare(
          "SELECT model_id, experiment_id, name, artifact_location, source_run_id, status, creation_timestamp_ms, last_updated_timestamp_ms FROM logged_models WHERE model_id = ? AND lifecycle_stage != 'deleted'",
        )
        .get(modelId);
      if (!m) throw doesNotExist(`Logged model with ID '${modelId}' not found.`);
      const tags: Tags = {};
      for (const t of this.conn.prepare('SELECT tag_key, tag_value FROM logged_model_tags WHERE model_id = ? ORDER BY tag_key').all(modelId)) {
        tags[String(t.tag_key)] = String(t.tag_value ?? '');
      }
      return {
        modelId: String(m.model_id),
        experimentId: String(m.experiment_id),
        name: String(m.name),
        artifactLocation: String(m.artifact_location),
        sourceRunId: str(m.source_run_id),
        status: LOGGED_MODEL_STATUS[Number(m.status)] ?? 'LOGGED_MODEL_STATUS_UNSPECIFIED',
        creationTimestamp: Number(m.creation_timestamp_ms),
        lastUpdatedTimestamp: Number(m.last_updated_timestamp_ms),
        tags,
        params: loggedModelParams(this.conn, modelId),
        metrics: loggedModelMetrics(this.conn, modelId),
      };
    });
  }
}

/** logged_models.status is stored as the proto enum's number. */
const LOGGED_MODEL_STATUS: Record<number, string> = {
  0: 'LOGGED_MODEL_STATUS_UNSPECIFIED',
  1: 'LOGGED_MODEL_PENDING',
  2: 'LOGGED_MODEL_READY',
  3: 'LOGGED_MODEL_UPLOAD_FAILED',
};
