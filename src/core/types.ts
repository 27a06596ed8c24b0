/**
 * Domain entities in MLflow's vocabulary (docs/rest-api.md#entities). Field names are the
 * camelCase forms of MLflow's proto fields; versions are strings as on MLflow's
 * wire, so both backends hand out identical values. Absent optional values are
 * `null`, as the MLflow Python entities report them.
 */

export const STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
export type Stage = (typeof STAGES)[number];

/** The order the UI groups versions in. */
export const STAGE_DISPLAY_ORDER: readonly Stage[] = ['Production', 'Staging', 'None', 'Archived'];

/** One of MLflow's four stages, exactly as MLflow writes it. */
export function isKnownStage(s: string): s is Stage {
  return (STAGES as readonly string[]).includes(s);
}

/** Position in STAGE_DISPLAY_ORDER; any other stage text sorts after the four. */
export function stageRank(s: string): number {
  const i = STAGE_DISPLAY_ORDER.indexOf(s as Stage);
  return i < 0 ? STAGE_DISPLAY_ORDER.length : i;
}

export type ModelVersionStatus = 'PENDING_REGISTRATION' | 'FAILED_REGISTRATION' | 'READY';

export type Tags = Record<string, string>;

export interface ModelAlias {
  alias: string;
  version: string;
}

export interface ModelVersion {
  name: string;
  version: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  userId: string | null;
  /**
   * One of the four stages as MLflow writes them, but read from a registry that
   * anyone can write: any other text is possible and is shown as text.
   */
  currentStage: string;
  description: string | null;
  source: string | null;
  runId: string | null;
  status: ModelVersionStatus;
  statusMessage: string | null;
  runLink: string | null;
  /** Where the files are (MLflow ≥ 2.8); for MLflow 3 logged models it differs from `source`. */
  storageLocation: string | null;
  tags: Tags;
  aliases: string[];
}

export interface RegisteredModel {
  name: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  description: string | null;
  /** Newest version per stage, as MLflow reports it (docs/rest-api.md#latest-versions). */
  latestVersions: ModelVersion[];
  tags: Tags;
  aliases: ModelAlias[];
}

export interface Page<T> {
  items: T[];
  /** Opaque; absent on the last page. */
  nextPageToken?: string;
}

export interface SearchRegisteredModelsRequest {
  filter?: string;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

export interface SearchModelVersionsRequest {
  filter?: string;
  maxResults?: number;
  orderBy?: string[];
  pageToken?: string;
}

export interface CreateRegisteredModelRequest {
  name: string;
  description?: string;
  tags?: Tags;
}

/** One version by number (an alias is resolved before), as a copy names its source. */
export interface VersionRef {
  name: string;
  version: string;
}

export interface CreateModelVersionRequest {
  name: string;
  source: string;
  runId?: string;
  runLink?: string;
  description?: string;
  tags?: Tags;
  /** MLflow 3 logged model id (`m-…`). */
  modelId?: string;
}

export type RunStatus = 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED';

export interface MetricValue {
  value: number;
  step: number;
  timestamp: number | null;
}

export interface Run {
  runId: string;
  runName: string | null;
  experimentId: string;
  userId: string | null;
  status: RunStatus | null;
  startTime: number | null;
  endTime: number | null;
  artifactUri: string | null;
  lifecycleStage: string | null;
  params: Record<string, string>;
  /** Latest value per metric key, as MLflow's Run.data.metrics. */
  metrics: Record<string, number>;
  metricDetails: Record<string, MetricValue>;
  tags: Tags;
}

export interface Experiment {
  experimentId: string;
  name: string;
  artifactLocation: string | null;
  lifecycleStage: string | null;
  creationTime: number | null;
  lastUpdateTime: number | null;
  tags: Tags;
}

/** An MLflow 3 logged model (`models:/m-…`). */
export interface LoggedModel {
  modelId: string;
  experimentId: string;
  name: string;
  artifactLocation: string;
  sourceRunId: string | null;
  status: string;
  creationTimestamp: number;
  lastUpdatedTimestamp: number;
  tags: Tags;
  /** The logged model's own params, not its run's. */
  params: Record<string, string>;
  /** Every recorded value, in the order MLflow returns them (not only the latest per key). */
  metrics: LoggedModelMetric[];
}

/** One value of a logged model's metric, with the dataset it was measured on when MLflow linked one. */
export interface LoggedModelMetric {
  key: string;
  /** Null when the store holds no value (MLflow's column is nullable). */
  value: number | null;
  timestamp: number;
  step: number;
  runId: string | null;
  datasetName: string | null;
  datasetDigest: string | null;
}
