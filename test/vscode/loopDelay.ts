import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelay {
  maxMs: number;
  p99Ms: number;
  seconds: number;
  /** The longest delay an idle process of its own saw over the same window: what the machine's load alone costs. */
  idleNeighbourMaxMs: number;
  /** How many times longer than its CPU time a short piece of work took in that process: the 90th percentile over the window (at least 1). */
  slowdown: number;
}

/**
 * Measures its own event-loop delay from "ready" until its stdin closes, and
 * every 50 ms times a 5 ms piece of CPU work against the wall clock: how much
 * slower than its CPU time a piece of work runs on this machine right now.
 * Prints the max delay and the slowdown that 9 probes in 10 stayed within.
 */
const NEIGHBOUR = `
const h = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 10 });
h.enable();
const ratios = [];
let x = 0;
const probe = () => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let cpu;
  do { for (let i = 0; i < 10000; i++) x += i; cpu = process.cpuUsage(c0); } while (cpu.user + cpu.system < 5000);
  ratios.push((performance.now() - t0) / ((cpu.user + cpu.system) / 1000));
  timer = setTimeout(probe, 50);
};
let timer = setTimeout(probe, 50);
process.stdin.resume();
process.stdin.on('end', () => {
  clearTimeout(timer);
  h.disable();
  ratios.sort((a, b) => a - b);
  const p90 = ratios.length ? ratios[Math.floor(ratios.length * 0.9)] : 1;
  process.stdout.write('max ' + h.max / 1e6 + ' slowdown ' + Math.max(1, p90) + '\\n');
});
process.stdout.write('ready\\n');
`;

/** An idle Node process measuring its own event-loop delay until `stop` is called. */
async function idleNeighbour(): Promise<{ stop(): Promise<{ maxMs: number; slowdown: number }> }> {
  const child = spawn(process.execPath, ['-e', NEIGHBOUR], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  let exited: number | null | undefined;
  const waiting: (() => void)[] = [];
  const wake = () => waiting.splice(0).forEach((w) => w());
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    wake();
  });
  child.on('exit', (code) => {
    exited = code;
    wake();
  });
  const saw = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (out.includes(text)) resolve();
        else if (exited !== undefined) reject(new Error(`the idle neighbour exited with ${exited}: ${out}`));
        else waiting.push(check);
      };
      check();
    });
  await saw('ready');
  return {
    stop: async () => {
      child.stdin.end();
      await saw('slowdown ');
      const m = /max ([\d.]+) slowdown ([\d.]+)/.exec(out);
      return { maxMs: Number(m?.[1] ?? 0), slowdown: Number(m?.[2] ?? 1) };
    },
  };
}

/**
 * The extension host's event-loop delay while `work` runs: how long the host
 * (every extension in it) could not answer. Sampled every 10 ms. An idle
 * process beside it measures the same window, so a stall the machine's other
 * load caused can be told from one the extension caused.
 */
export async function measureLoopDelay(work: () => Promise<unknown>): Promise<LoopDelay> {
  const neighbour = await idleNeighbour();
  const h = monitorEventLoopDelay({ resolution: 10 });
  const t0 = performance.now();
  h.enable();
  try {
    await work();
  } finally {
    h.disable();
  }
  const seconds = (performance.now() - t0) / 1000;
  const beside = await neighbour.stop();
  return { maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, seconds, idleNeighbourMaxMs: beside.maxMs, slowdown: beside.slowdown };
}
