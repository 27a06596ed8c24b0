import type { RegistryBackend, WriteAccess } from '../../core/backend';
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
} from '../../core/types';
import type { SqlConnection, SqlDriver } from './driver/driver';
import { loadDriver } from './driver/loadDriver';
import { detectLayout, type SchemaLayout } from './schema/layout';
import { StoreContext } from './store/context';
import { RegistryReads } from './store/reads';
import { RegistryWrites } from './store/writes';

export interface OpenSqliteOptions {
  driver?: SqlDriver;
  /** Open read-only even where the revision would allow writes. */
  readonly?: boolean;
}

/** MLflow sets exactly these per session (facts §3.4); rename relies on foreign_keys. */
function applySessionPragmas(conn: SqlConnection): void {
  conn.exec('PRAGMA foreign_keys = ON');
  conn.exec('PRAGMA busy_timeout = 20000');
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
  private readonly writes: RegistryWrites;
  private lastDataVersion: number | undefined;

  private constructor(private readonly ctx: StoreContext) {
    this.reads = new RegistryReads(ctx);
    this.writes = new RegistryWrites(ctx, this.reads);
  }

  /**
   * Opens read-write only when the file's revision is one we verified;
   * otherwise the connection itself is read-only, so nothing can change it.
   */
  static open(path: string, options: OpenSqliteOptions = {}): SqliteRegistry {
    const driver = options.driver ?? loadDriver();
    let conn: SqlConnection;
    let forcedReadOnly = options.readonly === true;
    try {
      conn = driver.open(path, { readonly: forcedReadOnly });
    } catch (e) {
      if (forcedReadOnly || !isPermissionError(e)) throw e;
      conn = driver.open(path, { readonly: true });
      forcedReadOnly = true;
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
      return new SqliteRegistry(new StoreContext(conn, layout, path));
    } catch (e) {
      conn.close();
      throw e;
    }
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

  // Promises on the outside so both backends share one interface; the work is
  // synchronous, and settle() turns its throws into rejections, as async would.
  searchRegisteredModels(req?: SearchRegisteredModelsRequest): Promise<Page<RegisteredModel>> {
    return settle(() => this.reads.searchRegisteredModels(req));
  }
  getRegisteredModel(name: string): Promise<RegisteredModel> {
    return settle(() => this.reads.getRegisteredModel(name));
  }
  createRegisteredModel(req: CreateRegisteredModelRequest): Promise<RegisteredModel> {
    return settle(() => this.writes.createRegisteredModel(req));
  }
  renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    return settle(() => this.writes.renameRegisteredModel(name, newName));
  }
  updateRegisteredModel(name: string, description: string | null): Promise<RegisteredModel> {
    return settle(() => this.writes.updateRegisteredModel(name, description));
  }
  deleteRegisteredModel(name: string): Promise<void> {
    return settle(() => this.writes.deleteRegisteredModel(name));
  }
  setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    return settle(() => this.writes.setRegisteredModelTag(name, key, value));
  }
  deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    return settle(() => this.writes.deleteRegisteredModelTag(name, key));
  }
  setRegisteredModelAlias(name: string, alias: string, version: string): Promise<void> {
    return settle(() => this.writes.setRegisteredModelAlias(name, alias, version));
  }
  deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    return settle(() => this.writes.deleteRegisteredModelAlias(name, alias));
  }
  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    return settle(() => this.reads.getModelVersionByAlias(name, alias));
  }
  createModelVersion(req: CreateModelVersionRequest): Promise<ModelVersion> {
    return settle(() => this.writes.createModelVersion(req));
  }
  getModelVersion(name: string, version: string): Promise<ModelVersion> {
    return settle(() => this.reads.getModelVersion(name, version));
  }
  updateModelVersion(name: string, version: string, description: string | null): Promise<ModelVersion> {
    return settle(() => this.writes.updateModelVersion(name, version, description));
  }
  deleteModelVersion(name: string, version: string): Promise<void> {
    return settle(() => this.writes.deleteModelVersion(name, version));
  }
  transitionModelVersionStage(name: string, version: string, stage: string, archiveExistingVersions: boolean): Promise<ModelVersion> {
    return settle(() => this.writes.transitionModelVersionStage(name, version, stage, archiveExistingVersions));
  }
  setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    return settle(() => this.writes.setModelVersionTag(name, version, key, value));
  }
  deleteModelVersionTag(name: string, version: string, key: string): Promise<void> {
    return settle(() => this.writes.deleteModelVersionTag(name, version, key));
  }
  searchModelVersions(req?: SearchModelVersionsRequest): Promise<Page<ModelVersion>> {
    return settle(() => this.reads.searchModelVersions(req));
  }
  getLatestVersions(name: string, stages?: string[]): Promise<ModelVersion[]> {
    return settle(() => this.reads.getLatestVersions(name, stages));
  }
  getModelVersionDownloadUri(name: string, version: string): Promise<string> {
    return settle(() => this.reads.getModelVersionDownloadUri(name, version));
  }
  getRun(runId: string): Promise<Run> {
    return settle(() => this.reads.getRun(runId));
  }
  getExperiment(experimentId: string): Promise<Experiment> {
    return settle(() => this.reads.getExperiment(experimentId));
  }
  getLoggedModel(modelId: string): Promise<LoggedModel> {
    return settle(() => this.reads.getLoggedModel(modelId));
  }
  /**
   * PRAGMA data_version moves only when another connection commits, so the
   * extension sees training scripts and `mlflow ui` without noticing its own writes.
   */
  hasExternalChanges(): Promise<boolean> {
    return settle(() => {
      const version = Number(this.ctx.conn.prepare('PRAGMA data_version').get()?.data_version);
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
