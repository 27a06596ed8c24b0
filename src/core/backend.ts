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
  Stage,
  VersionRef,
} from './types';
import type { MetricPoint } from './metricHistory';
import type { ModelFilesAccess } from './modelFiles';
import type { PromptOperations } from './promptApi';

/** Whether writes are allowed, and if not, a sentence a user can act on. */
export interface WriteAccess {
  writable: boolean;
  reason?: string;
}

/**
 * The one interface both registries implement: the embedded store (MLflow's
 * SQLite file) and a remote MLflow tracking server. Everything above it (tree,
 * commands, pages) talks to this and never learns which one is in use.
 *
 * Every method follows MLflow's semantics and throws `MlflowError` with MLflow's
 * error code and message on failure. Versions are strings, as on MLflow's wire.
 */
export interface RegistryBackend {
  /** Human-readable location: a file path or a server URL. */
  readonly location: string;
  writeAccess(): WriteAccess;

  searchRegisteredModels(req?: SearchRegisteredModelsRequest): Promise<Page<RegisteredModel>>;
  getRegisteredModel(name: string): Promise<RegisteredModel>;
  createRegisteredModel(req: CreateRegisteredModelRequest): Promise<RegisteredModel>;
  renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel>;
  updateRegisteredModel(name: string, description: string | null): Promise<RegisteredModel>;
  deleteRegisteredModel(name: string): Promise<void>;
  setRegisteredModelTag(name: string, key: string, value: string): Promise<void>;
  deleteRegisteredModelTag(name: string, key: string): Promise<void>;

  setRegisteredModelAlias(name: string, alias: string, version: string): Promise<void>;
  deleteRegisteredModelAlias(name: string, alias: string): Promise<void>;
  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion>;

  createModelVersion(req: CreateModelVersionRequest): Promise<ModelVersion>;
  /**
   * MLflow's `copy_model_version`: a new version of `destinationName` (created
   * when missing) whose source is `models:/<name>/<version>` and which carries
   * the source's run, run link, tags and description (docs/sqlite-store.md#copying-a-version).
   */
  copyModelVersion(src: VersionRef, destinationName: string): Promise<ModelVersion>;
  getModelVersion(name: string, version: string): Promise<ModelVersion>;
  updateModelVersion(name: string, version: string, description: string | null): Promise<ModelVersion>;
  deleteModelVersion(name: string, version: string): Promise<void>;
  transitionModelVersionStage(name: string, version: string, stage: string, archiveExistingVersions: boolean): Promise<ModelVersion>;
  setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void>;
  deleteModelVersionTag(name: string, version: string, key: string): Promise<void>;
  /** Like MLflow's REST search, the versions it returns carry no aliases (docs/rest-api.md#aliases-in-answers). */
  searchModelVersions(req?: SearchModelVersionsRequest): Promise<Page<ModelVersion>>;
  /**
   * Every live version of the model with exactly this name, newest first, or
   * the newest `limit` of them. The name is a value, never filter text: the
   * embedded store binds it, the REST backend quotes it only where MLflow's
   * grammar reads it back exactly. Callers go through `versionsOfModel`
   * (core/identity), which also checks that nothing of another model slipped in.
   */
  listModelVersions(name: string, limit?: number): Promise<ModelVersion[]>;
  /** Newest version per stage; `stages` empty or absent means all four. */
  getLatestVersions(name: string, stages?: string[]): Promise<ModelVersion[]>;
  getModelVersionDownloadUri(name: string, version: string): Promise<string>;
  /**
   * The version's model folder for reading (docs/rest-api.md#model-files): the
   * local folder for the embedded store, the server's artifact routes for a
   * remote one. Storage that cannot be read from here is `available: false`
   * with a sentence saying why, not an error.
   */
  modelFiles(name: string, version: string): Promise<ModelFilesAccess>;

  /** Lineage reads. */
  getRun(runId: string): Promise<Run>;
  getExperiment(experimentId: string): Promise<Experiment>;
  getLoggedModel(modelId: string): Promise<LoggedModel>;
  /**
   * Every logged value of one metric of a run, as MLflow's `get_metric_history`
   * (docs/rest-api.md#metric-history): empty, not an error, for a run or key
   * that does not exist. Ordered by timestamp, step and value on the embedded
   * store; in the server's order on a remote one.
   */
  getMetricHistory(runId: string, metricKey: string): Promise<MetricPoint[]>;

  /** MLflow 3's Prompt Registry (docs/prompts.md); absent where a backend cannot hold prompts. */
  readonly prompts?: PromptOperations;

  /**
   * How many versions `searchModelVersions` would list for this model, without
   * listing them. Backends that cannot count cheaply leave it out.
   */
  countModelVersions?(name: string): Promise<number>;

  /**
   * Reports while an operation waits for another process to release the
   * registry (a locked file), and again (with undefined) when none waits any more.
   */
  onDidChangeBusy?(listener: (waiting: { location: string; sinceMs: number } | undefined) => void): { dispose(): void };

  /**
   * True when another process changed the registry since the previous call.
   * Backends that cannot tell cheaply leave it out; callers then refresh on demand.
   */
  hasExternalChanges?(): Promise<boolean>;

  close(): Promise<void>;
}

export type { Stage };
