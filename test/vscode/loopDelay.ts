import { spawn } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface LoopDelay {
  maxMs: number;
  p99Ms: number;
  seconds: number;
  /** The longest delay an idle process of its own saw over the same window: what the machine's load alone costs. */
  idleNeighbourMaxMs: number;
}

/** Measures its own event-loop delay from "ready" until its stdin closes, then prints the max in ms. */
const NEIGHBOUR = `
const h = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 10 });
h.enable();
process.stdin.resume();
process.stdin.on('end', () => { h.disable(); process.stdout.write('max ' + h.max / 1e6 + '\\n'); });
process.stdout.write('ready\\n');
`;

/** An idle Node process measuring its own event-loop delay until `stop` is called. */
async function idleNeighbour(): Promise<{ stop(): Promise<number> }> {
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
      await saw('max ');
      return Number(/max ([\d.]+)/.exec(out)?.[1] ?? 0);
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
  return { maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, seconds, idleNeighbourMaxMs: await neighbour.stop() };
}
