/**
 * Another OS process on the workspace's mlflow.db, run by responsiveness.test.ts
 * (and so by `npm run bench`): it sets up large registries with plain SQL, in
 * the shape MLflow writes rows, logs metrics as a training script does, and
 * holds the file's lock as a long MLflow transaction does.
 *
 *   node otherProcess.js bigDescription <db> <model> <chars>
 *   node otherProcess.js manyVersions <db> <model> <count>
 *   node otherProcess.js logMetrics <db> <runId> <seconds>
 *   node otherProcess.js holdLock <db> IMMEDIATE|EXCLUSIVE <ms>
 * It prints "ready" once its work is done or its lock is held.
 */
import { loadDriver } from '../../src/backends/sqlite/driver/loadDriver';
import type { SqlConnection } from '../../src/backends/sqlite/driver/driver';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** MLflow writes a model row with its times and description, then versions that point at a run's artifacts. */
function insertModel(conn: SqlConnection, name: string, description: string | null, now: number): void {
  conn.prepare('INSERT INTO registered_models (name, creation_time, last_updated_time, description) VALUES (?, ?, ?, ?)').run(name, now, now, description);
}

function anyRun(conn: SqlConnection): { runId: string; artifacts: string } {
  const r = conn.prepare("SELECT run_uuid, artifact_uri FROM runs WHERE lifecycle_stage = 'active' ORDER BY start_time LIMIT 1").get();
  if (!r) throw new Error('the fixture has no run');
  return { runId: String(r.run_uuid), artifacts: String(r.artifact_uri) };
}

function insertVersions(conn: SqlConnection, name: string, count: number, now: number): void {
  const run = anyRun(conn);
  const stmt = conn.prepare(
    'INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, user_id, current_stage, source, run_id, status, status_message, run_link, storage_location) ' +
      "VALUES (?, ?, ?, ?, ?, NULL, 'None', ?, ?, 'READY', NULL, '', ?)",
  );
  for (let v = 1; v <= count; v++) {
    const source = `${run.artifacts}/model`;
    stmt.run(name, v, now + v, now + v, `Retrained on **batch ${v}**; see the run for metrics.`, source, run.runId, source);
  }
}

/** Markdown of about `chars` characters: headings, tables, code and links, as a long model card has. */
function longMarkdown(chars: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 1; size < chars; i++) {
    const block =
      `## Section ${i}\n\nEvaluation notes for slice ${i}: **accuracy** and _recall_ per class, see [the report](https://example.com/report/${i}).\n\n` +
      `| class | precision | recall |\n|---|---:|---:|\n| a | 0.9${i % 10} | 0.8${i % 10} |\n| b | 0.7${i % 10} | 0.6${i % 10} |\n\n` +
      '```python\n' +
      `model.evaluate(slice=${i})\n` +
      '```\n\n';
    parts.push(block);
    size += block.length;
  }
  parts.push('END-OF-DESCRIPTION-MARKER\n');
  return parts.join('');
}

async function main(): Promise<void> {
  const [mode, db, a, b] = process.argv.slice(2);
  const conn = loadDriver().open(db);
  conn.exec('PRAGMA busy_timeout = 20000');
  const now = Date.now();
  try {
    switch (mode) {
      case 'bigDescription':
        conn.exec('BEGIN IMMEDIATE');
        insertModel(conn, a, longMarkdown(Number(b)), now);
        insertVersions(conn, a, 1, now);
        conn.exec('COMMIT');
        console.log('ready');
        break;
      case 'manyVersions':
        conn.exec('BEGIN IMMEDIATE');
        insertModel(conn, a, 'A model retrained every hour.', now);
        insertVersions(conn, a, Number(b), now);
        conn.exec('COMMIT');
        console.log('ready');
        break;
      case 'logMetrics': {
        // As MLflow's log_metric: the history row and the latest value, in one transaction, once a second.
        console.log('ready');
        const end = Date.now() + Number(b) * 1000;
        for (let step = 0; Date.now() < end; step++) {
          const t = Date.now();
          const value = Math.random();
          conn.exec('BEGIN IMMEDIATE');
          conn.prepare('INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, 0)').run('loss', value, t, a, step);
          conn
            .prepare('INSERT OR REPLACE INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, 0, ?)')
            .run('loss', value, t, step, a);
          conn.exec('COMMIT');
          await sleep(1000);
        }
        break;
      }
      case 'holdLock':
        conn.exec(`BEGIN ${a === 'EXCLUSIVE' ? 'EXCLUSIVE' : 'IMMEDIATE'}`);
        console.log('ready');
        await sleep(Number(b));
        conn.exec('COMMIT');
        break;
      default:
        throw new Error(`unknown mode ${mode}`);
    }
  } finally {
    conn.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
