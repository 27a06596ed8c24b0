import { parentPort } from 'node:worker_threads';
import { runJob, type MarkdownJob } from './markdownJobs';

/**
 * Runs in a worker thread (its own bundle, dist/markdownWorker.js): parsing
 * and sanitizing a long description takes seconds on a busy machine, and the
 * extension host's thread must not wait for it.
 */
parentPort?.on('message', (msg: { id: number; jobs: MarkdownJob[] }) => {
  try {
    parentPort!.postMessage({ id: msg.id, results: msg.jobs.map(runJob) });
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
  }
});
