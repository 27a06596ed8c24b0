/**
 * One logged value of a run's metric, as MLflow's `get_metric_history` returns
 * it (docs/rest-api.md#metric-history).
 *
 * `value` is what MLflow keeps: NaN stays NaN (the `metrics` table's `is_nan`,
 * the string "NaN" on the wire), and an infinity logged to a SQL store comes
 * back as ±Number.MAX_VALUE because MLflow stores it so; a REST server on another
 * store may send "Infinity" / "-Infinity", which become ±Infinity.
 */
export interface MetricPoint {
  step: number;
  /** Milliseconds since the epoch, as logged. */
  timestamp: number;
  value: number;
}

/**
 * Whether a value can be placed on a chart's scale. NaN, the infinities and
 * the ±Number.MAX_VALUE a SQL store keeps for them are not: they would flatten
 * every other point.
 */
export function isPlottable(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) !== Number.MAX_VALUE;
}

/**
 * How a value that cannot be plotted reads: "NaN", "Infinity", "-Infinity".
 * ±Number.MAX_VALUE reads as the infinity it stands for in a SQL store.
 */
export function offScaleText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}
