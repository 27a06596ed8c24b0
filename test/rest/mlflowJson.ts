/**
 * Our entities in the JSON an MLflow 2.17.2 server writes (fixtures/rest):
 * snake_case, versions as strings, null and empty lists left out. Written
 * apart from src/backends/rest/wire.ts on purpose, so a shared mistake cannot
 * make both sides of the contract tests agree.
 */
import type { MetricPoint } from '../../src/core/metricHistory';
import type { Experiment, LoggedModel, ModelVersion, RegisteredModel, Run, Tags } from '../../src/core/types';

type Json = Record<string, unknown>;

/** Drops what the server omits: null, undefined and empty arrays. */
function compact(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

const tagList = (tags: Tags): Json[] => Object.entries(tags).map(([key, value]) => ({ key, value }));

/** `aliases` is part of get/alias/transition answers but not of search or latest_versions (docs/rest-api.md#aliases-in-answers). */
export function versionJson(v: ModelVersion, withAliases: boolean): Json {
  return compact({
    name: v.name,
    version: String(v.version),
    creation_timestamp: v.creationTimestamp,
    last_updated_timestamp: v.lastUpdatedTimestamp,
    user_id: v.userId,
    current_stage: v.currentStage,
    description: v.description,
    source: v.source,
    run_id: v.runId,
    status: v.status,
    status_message: v.statusMessage,
    tags: tagList(v.tags),
    run_link: v.runLink,
    aliases: withAliases ? v.aliases : undefined,
  });
}

export function modelJson(m: RegisteredModel): Json {
  return compact({
    name: m.name,
    creation_timestamp: m.creationTimestamp,
    last_updated_timestamp: m.lastUpdatedTimestamp,
    description: m.description,
    latest_versions: m.latestVersions.map((v) => versionJson(v, false)),
    tags: tagList(m.tags),
    aliases: m.aliases.map((a) => ({ alias: a.alias, version: String(a.version) })),
  });
}

/** Protobuf JSON spells non-finite doubles as strings. */
const double = (n: number): number | string => (Number.isNaN(n) ? 'NaN' : n === Infinity ? 'Infinity' : n === -Infinity ? '-Infinity' : n);

/** `metrics/get-history`: `{}` when there is nothing (fixtures/rest/55, 56). */
export function metricHistoryJson(key: string, points: readonly MetricPoint[]): Json {
  return compact({ metrics: points.map((m) => ({ key, value: double(m.value), timestamp: m.timestamp, step: m.step })) });
}

export function runJson(r: Run): Json {
  return {
    info: compact({
      run_uuid: r.runId,
      experiment_id: r.experimentId,
      run_name: r.runName,
      user_id: r.userId,
      status: r.status,
      start_time: r.startTime,
      end_time: r.endTime,
      artifact_uri: r.artifactUri,
      lifecycle_stage: r.lifecycleStage,
      run_id: r.runId,
    }),
    data: compact({
      metrics: Object.entries(r.metricDetails).map(([key, m]) => compact({ key, value: double(m.value), timestamp: m.timestamp, step: m.step })),
      params: Object.entries(r.params).map(([key, value]) => ({ key, value })),
      tags: tagList(r.tags),
    }),
  };
}

export function experimentJson(e: Experiment): Json {
  return compact({
    experiment_id: e.experimentId,
    name: e.name,
    artifact_location: e.artifactLocation,
    lifecycle_stage: e.lifecycleStage,
    last_update_time: e.lastUpdateTime,
    creation_time: e.creationTime,
    tags: tagList(e.tags),
  });
}

export function loggedModelJson(m: LoggedModel): Json {
  return {
    info: compact({
      model_id: m.modelId,
      experiment_id: m.experimentId,
      name: m.name,
      artifact_uri: m.artifactLocation,
      status: m.status,
      creation_timestamp_ms: m.creationTimestamp,
      last_updated_timestamp_ms: m.lastUpdatedTimestamp,
      source_run_id: m.sourceRunId,
      tags: tagList(m.tags),
    }),
    data: compact({
      params: Object.entries(m.params).map(([key, value]) => ({ key, value })),
      metrics: m.metrics.map((x) =>
        compact({
          key: x.key,
          value: x.value === null ? undefined : double(x.value),
          timestamp: x.timestamp,
          step: x.step,
          dataset_name: x.datasetName,
          dataset_digest: x.datasetDigest,
          model_id: m.modelId,
          run_id: x.runId,
        }),
      ),
    }),
  };
}
