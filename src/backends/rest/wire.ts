/**
 * MLflow's JSON shapes (docs/rest-api.md#entities, docs/rest-api.md#tracking-endpoints) and their conversion to our types.
 * The server omits unset and empty fields, so every field is optional here and
 * absence becomes null, [] or {} — the values the SQLite backend reports for
 * NULL columns and missing rows.
 */
import type {
  Experiment,
  LoggedModel,
  MetricValue,
  ModelAlias,
  ModelVersion,
  ModelVersionStatus,
  RegisteredModel,
  Run,
  RunStatus,
  Tags,
} from '../../core/types';
import { decimalText } from '../../core/versionText';
import { loggedModelMetricsFromWire, loggedModelParamsFromWire, type WireLoggedModelData } from './loggedModelWire';

export interface WireTag {
  key: string;
  value?: string;
}

export interface WireModelVersion {
  name: string;
  version: string | number;
  creation_timestamp?: number | string;
  last_updated_timestamp?: number | string;
  user_id?: string;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: string;
  status_message?: string;
  tags?: WireTag[];
  run_link?: string;
  aliases?: string[];
  /** Not sent by 2.x servers; kept when a newer one sends it. */
  storage_location?: string;
}

export interface WireRegisteredModel {
  name: string;
  creation_timestamp?: number | string;
  last_updated_timestamp?: number | string;
  description?: string;
  latest_versions?: WireModelVersion[];
  tags?: WireTag[];
  aliases?: { alias: string; version: string | number }[];
}

export interface WireMetric {
  key: string;
  value?: number | string;
  timestamp?: number | string;
  step?: number | string;
}

export interface WireRun {
  info: {
    run_id?: string;
    run_uuid?: string;
    run_name?: string;
    experiment_id?: string;
    user_id?: string;
    status?: string;
    start_time?: number | string;
    end_time?: number | string;
    artifact_uri?: string;
    lifecycle_stage?: string;
  };
  data?: { metrics?: WireMetric[]; params?: WireTag[]; tags?: WireTag[] };
}

export interface WireExperiment {
  experiment_id: string;
  name?: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  creation_time?: number | string;
  last_update_time?: number | string;
  tags?: WireTag[];
}

export interface WireLoggedModel {
  info: {
    model_id: string;
    experiment_id?: string;
    name?: string;
    artifact_uri?: string;
    source_run_id?: string;
    status?: string;
    creation_timestamp_ms?: number | string;
    last_updated_timestamp_ms?: number | string;
    tags?: WireTag[];
  };
  data?: WireLoggedModelData;
}

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);
/** int64 fields are JSON numbers from MLflow, but proto3 JSON allows strings; accept both. */
const numOrNull = (v: number | string | undefined): number | null => (v === undefined || v === '' ? null : Number(v));
const num = (v: number | string | undefined): number => numOrNull(v) ?? 0;

export function tagsFromWire(tags: WireTag[] | undefined): Tags {
  const out: Tags = {};
  for (const t of tags ?? []) out[t.key] = t.value ?? '';
  return out;
}

export function tagsToWire(tags: Tags | undefined): WireTag[] | undefined {
  const entries = Object.entries(tags ?? {});
  return entries.length ? entries.map(([key, value]) => ({ key, value })) : undefined;
}

/**
 * `withAliases` is false where MLflow's payload leaves them out (search, latest
 * versions), so both backends agree even if a newer server starts sending them.
 */
export function modelVersionFromWire(w: WireModelVersion, withAliases: boolean): ModelVersion {
  return {
    name: w.name,
    version: decimalText(w.version),
    creationTimestamp: num(w.creation_timestamp),
    lastUpdatedTimestamp: num(w.last_updated_timestamp),
    userId: orNull(w.user_id),
    currentStage: w.current_stage ?? 'None',
    description: orNull(w.description),
    source: orNull(w.source),
    runId: orNull(w.run_id),
    status: (w.status ?? 'READY') as ModelVersionStatus,
    statusMessage: orNull(w.status_message),
    runLink: orNull(w.run_link),
    storageLocation: orNull(w.storage_location),
    tags: tagsFromWire(w.tags),
    aliases: withAliases ? [...(w.aliases ?? [])] : [],
  };
}

export function registeredModelFromWire(w: WireRegisteredModel): RegisteredModel {
  return {
    name: w.name,
    creationTimestamp: num(w.creation_timestamp),
    lastUpdatedTimestamp: num(w.last_updated_timestamp),
    description: orNull(w.description),
    latestVersions: (w.latest_versions ?? []).map((v) => modelVersionFromWire(v, false)),
    tags: tagsFromWire(w.tags),
    aliases: (w.aliases ?? []).map((a): ModelAlias => ({ alias: a.alias, version: decimalText(a.version) })),
  };
}

/** Protobuf's JSON writes non-finite doubles as strings. */
export function metricValue(v: number | string | undefined): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return NaN;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return Number(v ?? 0);
}

export function runFromWire(w: WireRun): Run {
  const info = w.info;
  const params: Record<string, string> = {};
  for (const p of w.data?.params ?? []) params[p.key] = p.value ?? '';
  const metrics: Record<string, number> = {};
  const metricDetails: Record<string, MetricValue> = {};
  // runs/get carries the latest value per key, as Run.data.metrics does.
  for (const m of w.data?.metrics ?? []) {
    const value = metricValue(m.value);
    metrics[m.key] = value;
    metricDetails[m.key] = { value, step: num(m.step), timestamp: numOrNull(m.timestamp) };
  }
  return {
    runId: info.run_id ?? info.run_uuid ?? '',
    runName: orNull(info.run_name),
    experimentId: info.experiment_id ?? '',
    userId: orNull(info.user_id),
    status: orNull(info.status) as RunStatus | null,
    startTime: numOrNull(info.start_time),
    endTime: numOrNull(info.end_time),
    artifactUri: orNull(info.artifact_uri),
    lifecycleStage: orNull(info.lifecycle_stage),
    params,
    metrics,
    metricDetails,
    tags: tagsFromWire(w.data?.tags),
  };
}

export function experimentFromWire(w: WireExperiment): Experiment {
  return {
    experimentId: String(w.experiment_id),
    name: w.name ?? '',
    artifactLocation: orNull(w.artifact_location),
    lifecycleStage: orNull(w.lifecycle_stage),
    creationTime: numOrNull(w.creation_time),
    lastUpdateTime: numOrNull(w.last_update_time),
    tags: tagsFromWire(w.tags),
  };
}

export function loggedModelFromWire(w: WireLoggedModel): LoggedModel {
  const i = w.info;
  return {
    modelId: i.model_id,
    experimentId: i.experiment_id ?? '',
    name: i.name ?? '',
    artifactLocation: i.artifact_uri ?? '',
    sourceRunId: orNull(i.source_run_id),
    status: i.status ?? 'LOGGED_MODEL_STATUS_UNSPECIFIED',
    creationTimestamp: num(i.creation_timestamp_ms),
    lastUpdatedTimestamp: num(i.last_updated_timestamp_ms),
    tags: tagsFromWire(i.tags),
    params: loggedModelParamsFromWire(w.data),
    metrics: loggedModelMetricsFromWire(w.data),
  };
}
