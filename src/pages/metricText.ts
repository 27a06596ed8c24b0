/** A metric value short enough for a table cell; the exact value goes in its title. */
export function formatMetric(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}
