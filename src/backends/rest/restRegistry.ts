import type { RegistryBackend, WriteAccess } from '../../core/backend';
import type { MetricPoint } from '../../core/metricHistory';
import type { ModelFilesAccess } from '../../core/modelFiles';
import type { PromptOperations } from '../../core/promptApi';
import { RegistryPrompts } from '../../core/promptOperations';
import { copyThroughCalls } from '../../core/copyVersion';
import { MlflowError, doesNotExist, invalidParameter, isMlflowError } from '../../core/errors';
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
  Tags,
  VersionRef,
} from '../../core/types';
import {
  canonicalStage,
  parseVersion,
  validateAliasForSet,
  validateAliasName,
  validateArchiveExisting,
  validateMaxResults,
  validateModelName,
  validateModelTagValue,
  validateNewModelName,
  validateSource,
  validateTagKey,
  validateVersionTagValue,
} from '../../core/validation';
import { createModelChecked, createVersionChecked, renameModelChecked, type RetryPolicy } from './ambiguousWrites';
import { ENDPOINTS, loggedModelEndpoint } from './endpoints';
import { HttpClient, type ApiCall } from './httpClient';
import { DEFAULT_BACKOFF_FACTOR, DEFAULT_MAX_RETRIES, type RestConnectOptions } from './options';
import { readMetricHistory } from './metricHistory';
import { remoteModelFiles } from './remoteModelFiles';
import { RestError } from './restErrors';
import { backoffMs } from './retryTiming';
import { atLeast, detectServerVersion, type ServerVersion } from './serverVersion';
import {
  experimentFromWire,
  loggedModelFromWire,
  modelVersionFromWire,
  registeredModelFromWire,
  runFromWire,
  tagsToWire,
  type WireExperiment,
  type WireLoggedModel,
  type WireModelVersion,
  type WireRegisteredModel,
  type WireRun,
} from './wire';
import { listVersionsByName } from './versionsByName';
import { MODELS_MAX_RESULTS, VERSIONS_MAX_RESULTS } from '../../core/searchLimits';

type Endpoint = Pick<ApiCall, 'method' | 'path' | 'retry'>;

/** Only the fields that are set: MLflow matches requests field by field, and absent differs from empty. */
function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

function checkTags(tags: Tags | undefined, checkValue: (v: string) => void): void {
  for (const [k, v] of Object.entries(tags ?? {})) {
    validateTagKey(k);
    checkValue(v);
  }
}

/**
 * A remote MLflow tracking server's model registry, through MLflow's REST API
 * (docs/rest-api.md). Arguments are validated as the SQLite backend does, so bad
 * input fails the same way before anything is sent; the server decides the rest.
 */
export class RestRegistry implements RegistryBackend {
  private readonly retryPolicy: RetryPolicy;
  /** Prompts are registered models with tags, so they go through this registry's own calls. */
  readonly prompts: PromptOperations = new RegistryPrompts(this);

  private constructor(
    private readonly client: HttpClient,
    /** null when the server hides /version; features are then assumed present. */
    readonly serverVersion: ServerVersion | null,
    options: RestConnectOptions,
  ) {
    const factor = options.backoffFactor ?? DEFAULT_BACKOFF_FACTOR;
    this.retryPolicy = { maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES, backoffMs: (n) => backoffMs(factor, n) };
  }

  /** Connects by asking the server its version, which also surfaces bad URLs, TLS and credentials early. */
  static async connect(options: RestConnectOptions): Promise<RestRegistry> {
    const client = new HttpClient(options);
    try {
      return new RestRegistry(client, await detectServerVersion(client), options);
    } catch (e) {
      client.close();
      throw e;
    }
  }

  get location(): string {
    return this.client.location;
  }

  /** The server enforces permissions; the UI learns of a refusal from the write itself. */
  writeAccess(): WriteAccess {
    return { writable: true };
  }

  private call<T>(endpoint: Endpoint, params: Record<string, unknown>): Promise<T> {
    const request: ApiCall = { ...endpoint };
    if (endpoint.method === 'GET') request.query = params as ApiCall['query'];
    else request.body = defined(params);
    return this.client.json<T>(request);
  }

  /** The one entity an endpoint answers with; a 2xx without it is a broken server or proxy, said plainly. */
  private async one<T>(endpoint: Endpoint, params: Record<string, unknown>, key: string): Promise<T> {
    const res = await this.call<Record<string, unknown>>(endpoint, params);
    const value = res[key];
    if (value === undefined || value === null || typeof value !== 'object') {
      throw new RestError('INTERNAL_ERROR', `The MLflow server at ${this.location} answered ${endpoint.method} ${endpoint.path} without '${key}'.`, 200, false);
    }
    return value as T;
  }

  private requireServer(major: number, minor: number, feature: string, fail: (msg: string) => MlflowError): void {
    if (!atLeast(this.serverVersion, major, minor)) {
      throw fail(`The MLflow server at ${this.location} runs MLflow ${this.serverVersion!.text}; ${feature} need MLflow ${major}.${minor} or newer.`);
    }
  }

  private requireAliases(): void {
    this.requireServer(2, 3, 'model aliases', (m) => new MlflowError('NOT_IMPLEMENTED', m));
  }

  // ---- registered models ----

  async searchRegisteredModels(req: SearchRegisteredModelsRequest = {}): Promise<Page<RegisteredModel>> {
    if (req.maxResults !== undefined) validateMaxResults(req.maxResults, MODELS_MAX_RESULTS);
    const res = await this.call<{ registered_models?: WireRegisteredModel[]; next_page_token?: string }>(ENDPOINTS.searchModels, {
      filter: req.filter || undefined,
      max_results: req.maxResults,
      order_by: req.orderBy?.length ? req.orderBy : undefined,
      page_token: req.pageToken || undefined,
    });
    const items = (res.registered_models ?? []).map(registeredModelFromWire);
    return res.next_page_token ? { items, nextPageToken: res.next_page_token } : { items };
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    validateModelName(name);
    const wire = await this.one<WireRegisteredModel>(ENDPOINTS.getModel, { name }, 'registered_model');
    return registeredModelFromWire(wire);
  }

  async createRegisteredModel(req: CreateRegisteredModelRequest): Promise<RegisteredModel> {
    validateNewModelName(req.name);
    checkTags(req.tags, validateModelTagValue);
    const send = async (): Promise<RegisteredModel> => {
      const wire = await this.one<WireRegisteredModel>(
        ENDPOINTS.createModel,
        {
          name: req.name,
          tags: tagsToWire(req.tags),
          description: req.description,
        },
        'registered_model',
      );
      return registeredModelFromWire(wire);
    };
    return createModelChecked(send, this, req, this.retryPolicy);
  }

  async renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    validateNewModelName(newName);
    validateModelName(name);
    const send = async (): Promise<RegisteredModel> => {
      const wire = await this.one<WireRegisteredModel>(ENDPOINTS.renameModel, { name, new_name: newName }, 'registered_model');
      return registeredModelFromWire(wire);
    };
    return renameModelChecked(send, this, name, newName, this.retryPolicy);
  }

  /**
   * MLflow's REST update stores whatever description arrives, '' when none
   * does (unlike model versions), so null is sent as '' explicitly.
   */
  async updateRegisteredModel(name: string, description: string | null): Promise<RegisteredModel> {
    validateModelName(name);
    const wire = await this.one<WireRegisteredModel>(ENDPOINTS.updateModel, { name, description: description ?? '' }, 'registered_model');
    return registeredModelFromWire(wire);
  }

  async deleteRegisteredModel(name: string): Promise<void> {
    validateModelName(name);
    await this.deleteIdempotently(ENDPOINTS.deleteModel, { name });
  }

  /**
   * A delete retried after a lost answer finds nothing left to delete: that
   * "does not exist" is the earlier attempt's success, not a failure.
   */
  private async deleteIdempotently(endpoint: Endpoint, params: Record<string, unknown>): Promise<void> {
    try {
      await this.call(endpoint, params);
    } catch (e) {
      if (e instanceof RestError && e.code === 'RESOURCE_DOES_NOT_EXIST' && e.mayHaveApplied) return;
      throw e;
    }
  }

  async setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    validateModelName(name);
    validateTagKey(key);
    validateModelTagValue(value);
    await this.call(ENDPOINTS.setModelTag, { name, key, value });
  }

  async deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    validateModelName(name);
    validateTagKey(key);
    await this.call(ENDPOINTS.deleteModelTag, { name, key });
  }

  // ---- aliases ----

  async setRegisteredModelAlias(name: string, alias: string, version: string): Promise<void> {
    validateModelName(name);
    validateAliasForSet(alias);
    const v = parseVersion(version);
    this.requireAliases();
    await this.call(ENDPOINTS.setAlias, { name, alias, version: String(v) });
  }

  async deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    validateModelName(name);
    validateAliasName(alias);
    this.requireAliases();
    await this.call(ENDPOINTS.deleteAlias, { name, alias });
  }

  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    validateModelName(name);
    this.requireAliases();
    const wire = await this.one<WireModelVersion>(ENDPOINTS.getAlias, { name, alias }, 'model_version');
    return modelVersionFromWire(wire, true);
  }

  // ---- model versions ----

  async createModelVersion(req: CreateModelVersionRequest): Promise<ModelVersion> {
    validateSource(req.source);
    checkTags(req.tags, validateVersionTagValue);
    validateModelName(req.name);
    const send = async (): Promise<ModelVersion> => {
      const wire = await this.one<WireModelVersion>(
        ENDPOINTS.createVersion,
        {
          name: req.name,
          source: req.source,
          run_id: req.runId,
          run_link: req.runLink,
          description: req.description,
          tags: tagsToWire(req.tags),
          model_id: req.modelId,
        },
        'model_version',
      );
      return modelVersionFromWire(wire, true);
    };
    return createVersionChecked(send, this, req, () => this.client.serverClockOffsetMs);
  }

  /** MLflow has no copy endpoint: its client makes the copy from ordinary calls (docs/rest-api.md#copying-a-version). */
  copyModelVersion(src: VersionRef, destinationName: string): Promise<ModelVersion> {
    return copyThroughCalls(this, src, destinationName);
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersion> {
    validateModelName(name);
    const v = parseVersion(version);
    const wire = await this.one<WireModelVersion>(ENDPOINTS.getVersion, { name, version: String(v) }, 'model_version');
    return modelVersionFromWire(wire, true);
  }

  /** An absent description makes MLflow store NULL (it checks HasField), which is what null means here. */
  async updateModelVersion(name: string, version: string, description: string | null): Promise<ModelVersion> {
    validateModelName(name);
    const v = parseVersion(version);
    const wire = await this.one<WireModelVersion>(
      ENDPOINTS.updateVersion,
      {
        name,
        version: String(v),
        description: description ?? undefined,
      },
      'model_version',
    );
    return modelVersionFromWire(wire, true);
  }

  async deleteModelVersion(name: string, version: string): Promise<void> {
    validateModelName(name);
    const v = parseVersion(version);
    await this.deleteIdempotently(ENDPOINTS.deleteVersion, { name, version: String(v) });
  }

  /** The stage goes out as the caller wrote it; MLflow matches it case-insensitively. */
  async transitionModelVersionStage(name: string, version: string, stage: string, archiveExistingVersions: boolean): Promise<ModelVersion> {
    validateModelName(name);
    const v = parseVersion(version);
    validateArchiveExisting(canonicalStage(stage), archiveExistingVersions);
    const wire = await this.one<WireModelVersion>(
      ENDPOINTS.transitionStage,
      {
        name,
        version: String(v),
        stage,
        archive_existing_versions: archiveExistingVersions,
      },
      'model_version',
    );
    return modelVersionFromWire(wire, true);
  }

  async setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    validateModelName(name);
    const v = parseVersion(version);
    validateTagKey(key);
    validateVersionTagValue(value);
    await this.call(ENDPOINTS.setVersionTag, { name, version: String(v), key, value });
  }

  async deleteModelVersionTag(name: string, version: string, key: string): Promise<void> {
    validateModelName(name);
    const v = parseVersion(version);
    validateTagKey(key);
    await this.call(ENDPOINTS.deleteVersionTag, { name, version: String(v), key });
  }

  async searchModelVersions(req: SearchModelVersionsRequest = {}): Promise<Page<ModelVersion>> {
    if (req.maxResults !== undefined) validateMaxResults(req.maxResults, VERSIONS_MAX_RESULTS);
    const res = await this.call<{ model_versions?: WireModelVersion[]; next_page_token?: string }>(ENDPOINTS.searchVersions, {
      filter: req.filter || undefined,
      max_results: req.maxResults,
      order_by: req.orderBy?.length ? req.orderBy : undefined,
      page_token: req.pageToken || undefined,
    });
    const items = (res.model_versions ?? []).map((v) => modelVersionFromWire(v, false));
    return res.next_page_token ? { items, nextPageToken: res.next_page_token } : { items };
  }

  async listModelVersions(name: string, limit?: number): Promise<ModelVersion[]> {
    validateModelName(name);
    return listVersionsByName(this, name, limit);
  }

  /** GET when all stages are wanted; the stages list travels in a POST body (both forms work, docs/rest-api.md#latest-versions). */
  async getLatestVersions(name: string, stages?: string[]): Promise<ModelVersion[]> {
    validateModelName(name);
    stages?.forEach(canonicalStage);
    const res = await (stages && stages.length > 0
      ? this.call<{ model_versions?: WireModelVersion[] }>(ENDPOINTS.latestVersionsPost, { name, stages })
      : this.call<{ model_versions?: WireModelVersion[] }>(ENDPOINTS.latestVersionsGet, { name }));
    return (res.model_versions ?? []).map((v) => modelVersionFromWire(v, false));
  }

  async getModelVersionDownloadUri(name: string, version: string): Promise<string> {
    validateModelName(name);
    const v = parseVersion(version);
    const res = await this.call<{ artifact_uri?: string }>(ENDPOINTS.downloadUri, { name, version: String(v) });
    return res.artifact_uri ?? '';
  }

  async modelFiles(name: string, version: string): Promise<ModelFilesAccess> {
    const mv = await this.getModelVersion(name, version);
    return remoteModelFiles(this.client, await this.getModelVersionDownloadUri(name, version), mv, (id) => this.getRun(id));
  }

  // ---- lineage ----

  async getRun(runId: string): Promise<Run> {
    if (!runId) throw invalidParameter('Run ID must be provided.');
    const wire = await this.one<WireRun>(ENDPOINTS.getRun, { run_id: runId }, 'run');
    return runFromWire(wire);
  }

  getMetricHistory(runId: string, metricKey: string): Promise<MetricPoint[]> {
    return readMetricHistory(this.client, runId, metricKey);
  }

  async getExperiment(experimentId: string): Promise<Experiment> {
    if (!/^\d+$/.test(experimentId)) throw invalidParameter(`Invalid experiment ID: '${experimentId}'`);
    const wire = await this.one<WireExperiment>(ENDPOINTS.getExperiment, { experiment_id: experimentId }, 'experiment');
    return experimentFromWire(wire);
  }

  async getLoggedModel(modelId: string): Promise<LoggedModel> {
    const missing = (why: string): MlflowError => doesNotExist(`Logged model with ID '${modelId}' not found. ${why}`);
    this.requireServer(3, 0, 'logged models', (m) => missing(m));
    try {
      return loggedModelFromWire(await this.one<WireLoggedModel>(loggedModelEndpoint(modelId), {}, 'model'));
    } catch (e) {
      if (isMlflowError(e, 'ENDPOINT_NOT_FOUND')) {
        throw missing(`The MLflow server at ${this.location} has no logged-models endpoint (MLflow 3.0 or newer is needed).`);
      }
      throw e;
    }
  }

  close(): Promise<void> {
    this.client.close();
    return Promise.resolve();
  }
}
