import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MarkdownJob, MarkdownResult } from './markdownJobs';

type Pending = { resolve: (r: MarkdownResult[]) => void; reject: (e: Error) => void };

/** After this many crashes the worker is not started again; rendering then happens in-thread. */
const MAX_WORKER_FAILURES = 3;
const CACHE_SIZE = 512;

/**
 * Renders descriptions off the extension host's thread, in one worker started
 * on first use. Results are cached by their source, so a page refreshed with
 * unchanged descriptions costs no round trip. Where no worker can start (the
 * worker file is missing), the jobs run in-thread: slower for the host, but
 * the page still shows.
 */
export class MarkdownRenderer {
  private worker: Worker | undefined;
  private failures = 0;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly cache = new Map<string, MarkdownResult>();
  private readonly inFlight = new Map<string, Promise<MarkdownResult>>();

  constructor(private readonly workerFile = join(__dirname, 'markdownWorker.js')) {}

  async render(jobs: MarkdownJob[]): Promise<MarkdownResult[]> {
    const keys = jobs.map(keyOf);
    // A page paints in steps (first from the version alone, then complete), and
    // both ask for the same description: the second waits for the first's render.
    const missing = [...new Set(keys.filter((k) => !this.cache.has(k) && !this.inFlight.has(k)))];
    if (missing.length > 0) {
      const batch = this.run(missing.map((k) => jobs[keys.indexOf(k)]));
      missing.forEach((key, n) => {
        const one = batch.then((fresh) => fresh[n]);
        this.inFlight.set(key, one);
        void one
          .then((value) => this.remember(key, value))
          .catch(() => undefined)
          .finally(() => this.inFlight.delete(key));
      });
    }
    const answers: Promise<MarkdownResult>[] = keys.map((k) => {
      const cached = this.cache.get(k);
      return cached !== undefined ? Promise.resolve(cached) : this.inFlight.get(k)!;
    });
    return Promise.all(answers);
  }

  /** One round trip to the worker (protected: tests count them). */
  protected run(jobs: MarkdownJob[]): Promise<MarkdownResult[]> {
    const worker = this.ensureWorker();
    if (!worker) return Promise.resolve(jobs.map(renderHere()));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, jobs });
    });
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    if (this.failures >= MAX_WORKER_FAILURES || !existsSync(this.workerFile)) return undefined;
    const worker = new Worker(this.workerFile);
    // Idle, it must not keep a process (a test run, the host's shutdown) alive.
    worker.unref();
    worker.on('message', (msg: { id: number; results?: MarkdownResult[]; error?: string }) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.results) p.resolve(msg.results);
      else p.reject(new Error(`Rendering a description failed: ${msg.error ?? 'unknown error'}`));
    });
    const fail = (e: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.failures++;
      for (const p of this.pending.values()) p.reject(new Error(`The description renderer stopped: ${e.message}`));
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }

  private remember(key: string, value: MarkdownResult): void {
    this.cache.delete(key);
    this.cache.set(key, value);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
  }
}

function keyOf(job: MarkdownJob): string {
  return job.kind === 'html' ? `h\u0000${job.source}` : `t${job.max}\u0000${job.source}`;
}

/** One renderer for every page of the extension host. */
export const markdownRenderer = new MarkdownRenderer();

/**
 * Without the worker, descriptions render on this thread. Required here, not imported:
 * marked and sanitize-html then load on the first description, not at activation.
 */
function renderHere(): (job: MarkdownJob) => MarkdownResult {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./markdownJobs') as typeof import('./markdownJobs')).runJob;
}
