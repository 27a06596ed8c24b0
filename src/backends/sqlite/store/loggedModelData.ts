/**
 * A logged model's params and metrics from MLflow 3's logged_model_params and
 * logged_model_metrics tables, shaped as MLflow's SqlLoggedModel hands them to
 * its entity: params as a map, every metric row (with its dataset), unsorted,
 * in the order SQLite returns the model's rows.
 */
import type { LoggedModelMetric } from '../../../core/types';
import type { SqlConnection } from '../driver/driver';
import { num, str } from './rows';

export function loggedModelParams(conn: SqlConnection, modelId: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const p of conn.prepare('SELECT param_key, param_value FROM logged_model_params WHERE model_id = ?').all(modelId)) {
    params[String(p.param_key)] = String(p.param_value ?? '');
  }
  return params;
}

export function loggedModelMetrics(conn: SqlConnection, modelId: string): LoggedModelMetric[] {
  return conn
    .prepare(
      'SELECT metric_name, metric_value, metric_timestamp_ms, metric_step, run_id, dataset_name, dataset_digest FROM logged_model_metrics WHERE model_id = ?',
    )
    .all(modelId)
    .map((m) => ({
      key: String(m.metric_name),
      value: num(m.metric_value),
      timestamp: Number(m.metric_timestamp_ms),
      step: Number(m.metric_step),
      runId: str(m.run_id),
      datasetName: str(m.dataset_name),
      datasetDigest: str(m.dataset_digest),
    }));
}
