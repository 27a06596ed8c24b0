import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelay {
  maxMs: number;
  p99Ms: number;
  seconds: number;
}

/**
 * The extension host's event-loop delay while `work` runs: how long the host
 * (every extension in it) could not answer. Sampled every 10 ms.
 */
export async function measureLoopDelay(work: () => Promise<unknown>): Promise<LoopDelay> {
  const h = monitorEventLoopDelay({ resolution: 10 });
  const t0 = performance.now();
  h.enable();
  try {
    await work();
  } finally {
    h.disable();
  }
  return { maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, seconds: (performance.now() - t0) / 1000 };
}
