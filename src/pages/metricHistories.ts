/**
 * Metric histories for charts: one `getMetricHistory` per run and key. A
 * tracking server answers one request at a time, so at most
 * MAX_HISTORY_READS are out against one backend, whoever asks (issue 12:
 * bounded requests). A run whose history cannot be read is left out of that
 * key's series, not an error for the whole page; a run that never logged the key
 * is a series with no points.
 */
import type { RegistryBackend } from '../core/backend';
import type { MetricPoint } from '../core/metricHistory';
import type { ChartSeries } from './metricChart';

export const MAX_HISTORY_READS = 4;

class Slots {
  private free = MAX_HISTORY_READS;
  private readonly waiting: (() => void)[] = [];

  async run<T>(read: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await read();
    } finally {
      // The slot passes straight to the next waiter, so `free` never overcounts.
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

const slotsByBackend = new WeakMap<RegistryBackend, Slots>();

function slotsOf(backend: RegistryBackend): Slots {
  let slots = slotsByBackend.get(backend);
  if (!slots) slotsByBackend.set(backend, (slots = new Slots()));
  return slots;
}

/** Each key (once, in the order given) with its series, one per readable run in the order given. */
export async function loadMetricHistories(
  backend: RegistryBackend,
  runs: readonly { label: string; runId: string }[],
  keys: readonly string[],
): Promise<Map<string, ChartSeries[]>> {
  const slots = slotsOf(backend);
  const read = (runId: string, key: string): Promise<readonly MetricPoint[] | undefined> =>
    slots.run(() => backend.getMetricHistory(runId, key)).catch(() => undefined);
  const result = new Map<string, ChartSeries[]>();
  const unique = [...new Set(keys)];
  await Promise.all(
    unique.map(async (key) => {
      const points = await Promise.all(runs.map((r) => read(r.runId, key)));
      result.set(
        key,
        runs.flatMap((r, i) => (points[i] ? [{ label: r.label, points: points[i] }] : [])),
      );
    }),
  );
  // Keys in the order asked, whatever order the reads finished in.
  return new Map(unique.map((k) => [k, result.get(k)!]));
}
