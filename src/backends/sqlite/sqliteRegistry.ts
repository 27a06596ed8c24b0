import type { RegistryBackend, WriteAccess } from '../../core/backend';
import type { MetricPoint } from '../../core/metricHistory';
import type { ModelFilesAccess } from '../../core/modelFiles';
import type { PromptOperations } from '../../core/promptApi';
import { RegistryPrompts } from '../../core/promptOperations';
import type {
  CreateModelVersionRequest,
  CreateRegisteredModelRequest,
  Experiment,
  LoggedModel,
  ModelVersion,
  Page,
  RegisteredModel,
  Run,
  SearchModelVersionsRequest,
  SearchRegisteredModelsRequest,
  VersionRef,
} from '../../core/types';
import type { SqlConnection, SqlDriver } from './driver/driver';
import { isBusyError } from './driver/busy';
import { loadDriver } from './driver/loadDriver';
import { localModelFiles } from './localModelFiles';
import { detectLayout, type SchemaLayout } from './schema/layout';
import { BUSY_TIMEOUT_MS, BusyGate, WRITE_BUDGET_MS, type BusyListener } from './store/busyGate';
import { StoreContext } from './store/context';
import { RegistryReads, type MetricRowKey } from './store/reads';
import { RegistryWrites } from './store/writes';

/** Versions per synchronous read when listing a whole model. */
const VERSIONS_PER_READ = 1000;
/** About as long a synchronous read as VERSIONS_PER_READ: metric rows are narrow. */
const METRIC_ROWS_PER_READ = 5000;

export interface OpenSqliteOptions {
  driver?: SqlDriver;
  /** Open read-only even where the revision would allow writes. */
  readonly?: boolean;
  /**
   * How long an operation keeps trying while another process holds the lock:
   * by default MLflow's 20 s for reads, WRITE_BUDGET_MS for writes. Given, it is used for both.
   */
  busyBudgetMs?: number;
}

/** MLflow sets exactly these per session (docs/sqlite-store.md#session-settings); rename relies on foreign_keys. */
function applySessionPragmas(conn: SqlConnection): void {
  conn.exec('PRAGMA foreign_keys = ON');
  // MLflow waits up to 20 s for a lock; the driver is synchronous, so SQLite may block only
  // briefly and BusyGate spends the rest of the wait on timers instead.
  conn.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  conn.exec('PRAGMA case_sensitive_like = true');
  const fk = conn.prepare('PRAGMA foreign_keys').get();
  if (Number(fk?.foreign_keys) !== 1) {
    throw new Error('SQLite refused PRAGMA foreign_keys = ON; renames would not carry versions, so the file is not opened.');
  }
}

function isPermissionError(e: unknown): boolean {
  const msg = e instanceof Error ? e.message : String(e);
  return /readonly|read-only|permission denied|EACCES|unable to open/i.test(msg);
}

/**
 * The embedded store: MLflow's own SQLite file, read and written as MLflow's
 * SqlAlchemyStore does, so MLflow keeps working on the same file, even at the
 * same time.
 */
export class SqliteRegistry implements RegistryBackend {
  private readonly reads: RegistryReads;
  /** Prompts are registered models with tags, so they go through this registry's own calls. */
  readonly prompts: PromptOperations = new RegistryPrompts(this);
  private readonly writes: RegistryWrites;
  private lastDataVersion: number | undefined;
  private readonly gate: BusyGate;
  private readonly writeBudgetMs: number;

  private constructor(
    private readonly ctx: StoreContext,
    busyBudgetMs?: number,
  ) {
    this.gate = new BusyGate(ctx.location, busyBudgetMs);
    this.writeBudgetMs = busyBudgetMs ?? WRITE_BUDGET_MS;
    this.reads = new RegistryReads(ctx);
    this.writes = new RegistryWrites(ctx, this.reads);
  }

  /**
   * Opens read-write only when the file's revision is one we verified;
   * otherwise the connection itself is read-only, so nothing can change it.
   * Fails with SQLITE_BUSY at once if the file is locked: see openWhenFree.
   */
  static open(path: string, options: OpenSqliteOptions = {}): SqliteRegistry {
    const driver = options.driver ?? loadDriver();
    let conn: SqlConnection;
    const forcedReadOnly = options.readonly === true;
    try {
      conn = driver.open(path, { readonly: forcedReadOnly });
    } catch (e) {
      if (forcedReadOnly || !isPermissionError(e)) throw e;
      conn = driver.open(path, { readonly: true });
    }
    try {
      applySessionPragmas(conn);
      let layout = detectLayout(conn);
      if (!layout.writable && !conn.readonly) {
        conn.close();
        conn = driver.open(path, { readonly: true });
        applySessionPragmas(conn);
        layout = detectLayout(conn);
      }
      if (options.readonly === true && layout.writable) {
        layout = { ...layout, writable: false, readOnlyReason: 'opened read-only on request' };
      }
      return new SqliteRegistry(new StoreContext(conn, layout, path), options.busyBudgetMs);
    } catch (e) {
      conn.close();
      throw e;
    }
  }

  /**
   * `open`, waiting without blocking while another process holds the file's
   * lock (opening reads the schema), within the same budget as every operation.
   */
  static openWhenFree(path: string, options: OpenSqliteOptions = {}): Promise<SqliteRegistry> {
    return new BusyGate(path, options.busyBudgetMs).run(() => SqliteRegistry.open(path, options));
  }

  get location(): string {
    return this.ctx.location;
  }

  get layout(): SchemaLayout {
    return this.ctx.layout;
  }

  get driverName(): string {
    return this.ctx.conn.driverName;
  }

  writeAccess(): WriteAccess {
    return this.ctx.layout.writable ? { writable: true } : { writable: false, reason: this.ctx.layout.readOnlyReason };
  }

  /** Reports while an operation waits for another process's lock (the UI says the registry is busy). */
  onDidChangeBusy(listener: BusyListener): { dispose(): void } {
    return this.gate.onDidChangeBusy(listener);
  }

  // Async on the outside so both backends share one interface; each operation is
  // synchronous, and one that meets a locked file is retried later (BusyGate).
  searchRegisteredModels(req?: SearchRegisteredModelsRequest): Promise<Page<RegisteredModel>> {
    return this.gate.run(() => this.reads.searchRegisteredModels(req));
  }
  getRegisteredModel(name: string): Promise<RegisteredModel> {
    return this.gate.run(() => this.reads.getRegisteredModel(name));
  }
  createRegisteredModel(req: CreateRegisteredModelRequest): Promise<RegisteredModel> {
    return this.gate.run(() => this.writes.createRegisteredModel(req), this.writeBudgetMs);
  }
  renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    return this.gate.run(() => this.writes.renameRegisteredModel(name, newName), this.writeBudgetMs);
  }
  updateRegisteredModel(name: string, description: string | null): Promise<RegisteredModel> {
    return this.gate.run(() => this.writes.updateRegisteredModel(name, description), this.writeBudgetMs);
  }
  deleteRegisteredModel(name: string): Promise<void> {
    return this.gate.run(() => this.writes.deleteRegisteredModel(name), this.writeBudgetMs);
  }
  setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    return this.gate.run(() => this.writes.setRegisteredModelTag(name, key, value), this.writeBudgetMs);
  }
  deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    return this.gate.run(() => this.writes.deleteRegisteredModelTag(name, key), this.writeBudgetMs);
  }
  setRegisteredModelAlias(name: string, alias: string, version: string): Promise<void> {
    return this.gate.run(() => this.writes.setRegisteredModelAlias(name, alias, version), this.writeBudgetMs);
  }
  deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    return this.gate.run(() => this.writes.deleteRegisteredModelAlias(name, alias), this.writeBudgetMs);
  }
  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    return this.gate.run(() => this.reads.getModelVersionByAlias(name, alias));
  }
  createModelVersion(req: CreateModelVersionRequest): Promise<ModelVersion> {
    return this.gate.run(() => this.writes.createModelVersion(req), this.writeBudgetMs);
  }
  copyModelVersion(src: VersionRef, destinationName: string): Promise<ModelVersion> {
    return this.gate.run(() => this.writes.copyModelVersion(src, destinationName), this.writeBudgetMs);
  }
  getModelVersion(name: string, version: string): Promise<ModelVersion> {
    return this.gate.run(() => this.reads.getModelVersion(name, version));
  }
  updateModelVersion(name: string, version: string, description: string | null): Promise<ModelVersion> {
    return this.gate.run(() => this.writes.updateModelVersion(name, version, description), this.writeBudgetMs);
  }
  deleteModelVersion(name: string, version: string): Promise<void> {
    return this.gate.run(() => this.writes.deleteModelVersion(name, version), this.writeBudgetMs);
  }
  transitionModelVersionStage(name: string, version: string, stage: string, archiveExistingVersions: boolean): Promise<ModelVersion> {
    return this.gate.run(() => this.writes.transitionModelVersionStage(name, version, stage, archiveExistingVersions), this.writeBudgetMs);
  }
  setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    return this.gate.run(() => this.writes.setModelVersionTag(name, version, key, value), this.writeBudgetMs);
  }
  deleteModelVersionTag(name: string, version: string, key: string): Promise<void> {
    return this.gate.run(() => this.writes.deleteModelVersionTag(name, version, key), this.writeBudgetMs);
  }
  searchModelVersions(req?: SearchModelVersionsRequest): Promise<Page<ModelVersion>> {
    return this.gate.run(() => this.reads.searchModelVersions(req));
  }
  countModelVersions(name: string): Promise<number> {
    return this.gate.run(() => this.reads.countModelVersions(name));
  }
  async listModelVersions(name: string, limit?: number): Promise<ModelVersion[]> {
    // Read in slices with a turn of the event loop between them: one synchronous
    // read of 20,000 versions would hold the extension host for too long.
    const all: ModelVersion[] = [];
    let pageToken: string | undefined;
    do {
      if (pageToken) await new Promise((r) => setImmediate(r));
      const want = Math.min(VERSIONS_PER_READ, limit === undefined ? VERSIONS_PER_READ : limit - all.length);
      const page = await this.gate.run(() => this.reads.listModelVersionsPage(name, want, pageToken));
      all.push(...page.items);
      pageToken = limit !== undefined && all.length >= limit ? undefined : page.nextPageToken;
    } while (pageToken);
    return all;
  }
  getLatestVersions(name: string, stages?: string[]): Promise<ModelVersion[]> {
    return this.gate.run(() => this.reads.getLatestVersions(name, stages));
  }
  getModelVersionDownloadUri(name: string, version: string): Promise<string> {
    return this.gate.run(() => this.reads.getModelVersionDownloadUri(name, version));
  }
  async modelFiles(name: string, version: string): Promise<ModelFilesAccess> {
    return localModelFiles(await this.getModelVersion(name, version), this.ctx.location);
  }
  getRun(runId: string): Promise<Run> {
    return this.gate.run(() => this.reads.getRun(runId));
  }
  async getMetricHistory(runId: string, metricKey: string): Promise<MetricPoint[]> {
    // Slices with a turn of the event loop between them, as listModelVersions: a
    // run can log a metric hundreds of thousands of times.
    const all: MetricPoint[] = [];
    let after: MetricRowKey | undefined;
    for (;;) {
      if (after) await new Promise((r) => setImmediate(r));
      const slice = await this.gate.run(() => this.reads.getMetricHistorySlice(runId, metricKey, METRIC_ROWS_PER_READ, after));
      all.push(...slice.points);
      if (slice.points.length < METRIC_ROWS_PER_READ) return all;
      after = slice.last;
    }
  }
  getExperiment(experimentId: string): Promise<Experiment> {
    return this.gate.run(() => this.reads.getExperiment(experimentId));
  }
  getLoggedModel(modelId: string): Promise<LoggedModel> {
    return this.gate.run(() => this.reads.getLoggedModel(modelId));
  }
  /**
   * PRAGMA data_version moves only when another connection commits, so the
   * extension sees training scripts and `mlflow ui` without noticing its own writes.
   */
  hasExternalChanges(): Promise<boolean> {
    return settle(() => {
      let version: number;
      try {
        version = Number(this.ctx.conn.prepare('PRAGMA data_version').get()?.data_version);
      } catch (e) {
        // Locked right now: the next poll will see the change once the lock is gone.
        if (isBusyError(e)) return false;
        throw e;
      }
      const changed = this.lastDataVersion !== undefined && version !== this.lastDataVersion;
      this.lastDataVersion = version;
      return changed;
    });
  }

  close(): Promise<void> {
    return settle(() => this.ctx.conn.close());
  }
}

/** The result of synchronous work as a promise; a throw becomes a rejection, never a synchronous exception. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}
