/**
 * The `data` half of MLflow 3's LoggedModel message (GET logged-models/{id}):
 * params as key/value pairs, metrics with their dataset and step. Recorded in
 * test/fixtures/mlflow-3.11.2.dev0-genai/rest/34-get-logged-model.txt.
 */
import type { LoggedModelMetric } from '../../core/types';

export interface WireLoggedModelData {
  params?: { key: string; value?: string }[];
  metrics?: WireLoggedModelMetric[];
}

export interface WireLoggedModelMetric {
  key: string;
  /** A double; proto3 JSON writes NaN and the infinities as strings. */
  value?: number | string;
  timestamp?: number | string;
  step?: number | string;
  run_id?: string;
  dataset_name?: string;
  dataset_digest?: string;
}

export function loggedModelParamsFromWire(data: WireLoggedModelData | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of data?.params ?? []) out[p.key] = p.value ?? '';
  return out;
}

export function loggedModelMetricsFromWire(data: WireLoggedModelData | undefined): LoggedModelMetric[] {
  return (data?.metrics ?? []).map((m) => ({
    key: m.key,
    value: m.value === undefined ? null : Number(m.value),
    timestamp: Number(m.timestamp ?? 0),
    step: Number(m.step ?? 0),
    runId: m.run_id ?? null,
    datasetName: m.dataset_name ?? null,
    datasetDigest: m.dataset_digest ?? null,
  }));
}
