/**
 * What both benches (bench/bench.ts, bench/restBench.ts) measure and print the
 * same way: medians and p95 of interleaved API and raw calls, and the result
 * table and verdict lines.
 */

export interface Stats {
  median: number;
  p95: number;
}

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { median: at(0.5), p95: at(0.95) };
}

async function timed(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * API and raw calls alternate, so that a noisy neighbour on this shared machine
 * slows both sides alike instead of skewing the ratio. The first calls are not
 * recorded: they prepare statements and warm the page cache.
 */
export async function measure(iterations: number, api: () => unknown, raw?: () => unknown): Promise<{ api: Stats; raw?: Stats }> {
  const warmup = Math.min(3, Math.max(1, Math.floor(iterations / 10)));
  const a: number[] = [];
  const r: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const ta = await timed(api);
    const tr = raw ? await timed(raw) : 0;
    if (i >= warmup) {
      a.push(ta);
      r.push(tr);
    }
  }
  return { api: stats(a), raw: raw ? stats(r) : undefined };
}

export const ms = (v: number | undefined): string => (v === undefined ? '—' : v < 10 ? v.toFixed(3) : v < 100 ? v.toFixed(2) : v.toFixed(1));

/** The cells median, p95, raw median and ratio of one row. */
export function timingCells(api: Stats, raw: Stats | undefined): string[] {
  return [ms(api.median), ms(api.p95), ms(raw?.median), raw ? `${(api.median / raw.median).toFixed(2)}x` : '—'];
}

/** A table with right-aligned numbers; a rule separates the header, and the rows where `startsGroup` says so. */
export function printTable(header: string[], cells: string[][], startsGroup: (i: number) => boolean = () => false): void {
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join(' | ');
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  console.log('');
  console.log(line(header));
  console.log(rule);
  cells.forEach((c, i) => {
    if (i > 0 && startsGroup(i)) console.log(rule);
    console.log(line(c));
  });
}

/** "Verdict (medians):" and one MET / MISSED line per aim; a miss may say what missed. */
export function printVerdict(aims: { aim: string; met: boolean; detail?: string }[]): void {
  console.log('');
  console.log('Verdict (medians):');
  for (const { aim, met, detail } of aims) console.log(met ? `  MET     ${aim}` : `  MISSED  ${aim}${detail ? `: ${detail}` : ''}`);
}
