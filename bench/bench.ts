/**
 * `npm run bench`: the embedded store (SqliteRegistry, through the public
 * RegistryBackend API) on MLflow's 2,000-model / 20,000-version registry, beside the
 * same reads in hand-written SQL (bench/raw.ts) and MLflow's own figures
 * (docs/performance.md). Runs on a private copy; exits 0 unless it crashed.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteRegistry } from '../src/backends/sqlite/sqliteRegistry';
import type { RegisteredModel } from '../src/core/types';
import { measure, ms, printTable, printVerdict, type Stats, timingCells } from './measure';
import { RawFloor, RawWriter } from './raw';

/** This file runs from out/bench/. */
const SCALE_TGZ = resolve(__dirname, '..', '..', 'test', 'fixtures', 'mlflow-2.17.2', 'scale.tgz');

// ---- the operations ----

interface Row {
  op: string;
  kind: 'read' | 'write';
  api: Stats;
  raw?: Stats;
  /** MLflow 2.17.2 SqlAlchemyStore on the same file, from docs/performance.md. */
  mlflow: string;
  /** Which absolute aim, besides the 2x-of-raw one, applies to this read. */
  aim?: 'single model' | 'all models';
}

async function allModels(reg: SqliteRegistry): Promise<RegisteredModel[]> {
  const items: RegisteredModel[] = [];
  let pageToken: string | undefined;
  do {
    const page = await reg.searchRegisteredModels({ maxResults: 1000, pageToken });
    items.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return items;
}

/** The API and the floor must return the same values, or the ratio means nothing. */
async function sameResult(op: string, api: () => Promise<unknown>, raw: () => unknown): Promise<void> {
  const a = await api();
  const r = raw();
  if (Array.isArray(a)) {
    assert.ok(Array.isArray(r) && a.length === r.length, `${op}: api returned ${a.length} items, raw ${Array.isArray(r) ? r.length : String(r)}`);
    assert.ok(a.length > 0, `${op}: no items; the bench would measure nothing`);
  }
  assert.deepStrictEqual(r, a, `${op}: raw SQL and API disagree`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mlflow-registry-bench-'));
  try {
    // The archive holds scale/mlflow.db (and an empty scale/mlruns/).
    execFileSync('tar', ['-xzf', SCALE_TGZ, '-C', dir]);
    const db = join(dir, 'scale', 'mlflow.db');
    const reg = SqliteRegistry.open(db);
    const raw = new RawFloor(db);
    const rawWriter = new RawWriter(db);
    try {
      printHeader(reg, db);
      const rows = await run(reg, raw, rawWriter, db);
      printResults(rows);
      judge(rows);
    } finally {
      raw.close();
      rawWriter.close();
      await reg.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Picks the subjects from the data itself, so the bench follows the fixture. */
function pickSubjects(db: string) {
  const conn = new Database(db, { readonly: true });
  try {
    const one = (sql: string) => conn.prepare(sql).get() as Record<string, string | number>;
    const bigNames = conn.prepare('SELECT name FROM model_versions GROUP BY name HAVING COUNT(*) >= 100 ORDER BY name LIMIT 2').pluck().all() as string[];
    // A version an alias points at, so getModelVersion exercises the alias lookup too.
    const aliased = one('SELECT name, version FROM registered_model_aliases ORDER BY name, alias LIMIT 1');
    const tag = one(
      "SELECT key, value FROM registered_model_tags WHERE key NOT LIKE 'mlflow.%' GROUP BY key, value ORDER BY COUNT(*) DESC, key, value LIMIT 1",
    );
    const small = one('SELECT name FROM registered_models ORDER BY name LIMIT 1');
    assert.ok(bigNames.length === 2 && aliased && tag && small, 'the fixture lacks the subjects this bench needs');
    return {
      bigModel: bigNames[0],
      renameModel: bigNames[1],
      aliased: { name: String(aliased.name), version: Number(aliased.version) },
      tag: { key: String(tag.key), value: String(tag.value) },
      writeModel: String(small.name),
    };
  } finally {
    conn.close();
  }
}

async function run(reg: SqliteRegistry, raw: RawFloor, rawWriter: RawWriter, db: string): Promise<Row[]> {
  const s = pickSubjects(db);
  const rows: Row[] = [];
  const read = async (op: string, iterations: number, mlflow: string, api: () => Promise<unknown>, floor: () => unknown, aim?: Row['aim']) => {
    await sameResult(op, api, floor);
    rows.push({ op, kind: 'read', mlflow, aim, ...(await measure(iterations, api, floor)) });
    process.stderr.write('.');
  };

  // ---- reads (before any write, on the file as MLflow made it) ----
  await read(
    'first page of models (100)',
    200,
    '—',
    async () => (await reg.searchRegisteredModels({ maxResults: 100 })).items,
    () => raw.searchModels('1 = 1', [], 100),
  );
  await read(
    'all 2,000 models (pages of 1000)',
    15,
    '15,113',
    () => allModels(reg),
    () => raw.searchModels('1 = 1', [], -1),
    'all models',
  );
  await read(
    'get model (100 versions)',
    500,
    '9.23',
    () => reg.getRegisteredModel(s.bigModel),
    () => raw.getModel(s.bigModel),
    'single model',
  );
  await read(
    'get model version',
    500,
    '5.96',
    () => reg.getModelVersion(s.aliased.name, String(s.aliased.version)),
    () => raw.getVersion(s.aliased.name, s.aliased.version),
    'single model',
  );
  await read(
    'versions of a 100-version model',
    200,
    '263.87',
    async () => (await reg.searchModelVersions({ filter: `name='${s.bigModel}'`, maxResults: 1000 })).items,
    () => raw.versionsOf(s.bigModel, 1000),
  );
  await read(
    "name LIKE '%7%', first 100",
    200,
    '826.13',
    async () => (await reg.searchRegisteredModels({ filter: "name LIKE '%7%'", maxResults: 100 })).items,
    () => raw.searchModels('rm.name LIKE ?', ['%7%'], 100),
  );
  await read(
    `tags.${s.tag.key}='${s.tag.value}', first 100`,
    200,
    '—',
    async () => (await reg.searchRegisteredModels({ filter: `tags.\`${s.tag.key}\` = '${s.tag.value}'`, maxResults: 100 })).items,
    () =>
      raw.searchModels('EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.key = ? AND t.name = rm.name AND t.value = ?)', [s.tag.key, s.tag.value], 100),
  );

  // ---- writes (on the temp copy; each call is one fsync'd transaction) ----
  const created: string[] = [];
  const rawCreated: number[] = [];
  const tags = { framework: 'bench', owner: 'bench' };
  rows.push({
    op: 'create version (2 tags)',
    kind: 'write',
    mlflow: '5.46',
    ...(await measure(
      100,
      async () => created.push((await reg.createModelVersion({ name: s.writeModel, source: 's3://bench/model', tags })).version),
      () => rawCreated.push(rawWriter.createVersion(s.writeModel, 's3://bench/model', tags)),
    )),
  });

  // Versions 1 and 2 of the 100-version model take turns in Production; each call archives the other.
  let turn = 0;
  rows.push({
    op: 'transition, archive existing',
    kind: 'write',
    mlflow: '8.78',
    ...(await measure(
      100,
      () => reg.transitionModelVersionStage(s.bigModel, String(1 + (turn++ % 2)), 'Production', true),
      () => rawWriter.transition(s.bigModel, 1 + (turn++ % 2), 'Production'),
    )),
  });

  // Back and forth, API and raw in turn, so every call renames the same 100 versions.
  const names = [s.renameModel, `${s.renameModel}-renamed`];
  const next = (): [string, string] => [names[turn % 2], names[++turn % 2]];
  turn = 0;
  rows.push({
    op: 'rename model (100 versions)',
    kind: 'write',
    mlflow: '602.92',
    ...(await measure(
      10,
      () => reg.renameRegisteredModel(...next()),
      () => rawWriter.rename(...next()),
    )),
  });

  // Deletes the versions created above (soft delete: the rows stay, redacted).
  rows.push({
    op: 'delete version',
    kind: 'write',
    mlflow: '—',
    ...(await measure(
      90,
      () => reg.deleteModelVersion(s.writeModel, created.pop()!),
      () => rawWriter.deleteVersion(s.writeModel, rawCreated.pop()!),
    )),
  });
  process.stderr.write('\n');
  return rows;
}

// ---- report ----

function printHeader(reg: SqliteRegistry, db: string): void {
  const conn = new Database(db, { readonly: true });
  const sqlite = conn.prepare('SELECT sqlite_version()').pluck().get();
  conn.close();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const betterVersion = (require('better-sqlite3/package.json') as { version: string }).version;
  console.log(`MLflow registry bench on ${SCALE_TGZ}`);
  console.log(
    `store driver: ${reg.driverName}; raw SQL: better-sqlite3 ${betterVersion}; SQLite ${String(sqlite)}; Node ${process.version}; ` +
      `${cpus().length} CPUs, load average ${loadavg()[0].toFixed(2)}`,
  );
}

function printResults(rows: Row[]): void {
  const header = ['operation', 'median ms', 'p95 ms', 'raw median', 'ratio', 'MLflow ref ms'];
  printTable(
    header,
    rows.map((r) => [r.op, ...timingCells(r.api, r.raw), r.mlflow]),
    (i) => rows[i].kind !== rows[i - 1].kind,
  );
  console.log('');
  console.log('raw = the same call hand-written on better-sqlite3 (bench/raw.ts), interleaved with the API calls;');
  console.log("reads are checked to return values deep-equal to the API's before timing.");
  console.log('for rename, raw updates each table with foreign keys off instead of relying on ON UPDATE CASCADE.');
  console.log('MLflow = MLflow 2.17.2 SqlAlchemyStore on the same file (docs/performance.md), another day.');
}

function judge(rows: Row[]): void {
  const reads = rows.filter((r) => r.kind === 'read');
  const writes = rows.filter((r) => r.kind === 'write');
  // The raw floor is shown beside absolute misses: on a busy machine it may miss too.
  const time = (r: Row) => `${ms(r.api.median)} ms (raw ${ms(r.raw?.median)})`;
  const aims: [string, Row[], (r: Row) => boolean, (r: Row) => string][] = [
    ['every read within 2x of raw SQL', reads, (r) => r.api.median <= 2 * r.raw!.median, (r) => `${(r.api.median / r.raw!.median).toFixed(1)}x`],
    ['single-model reads under 1 ms', reads.filter((r) => r.aim === 'single model'), (r) => r.api.median < 1, time],
    ['all 2,000 models with latest versions under 70 ms', reads.filter((r) => r.aim === 'all models'), (r) => r.api.median < 70, time],
    ['writes under 3 ms median', writes, (r) => r.api.median < 3, time],
  ];
  printVerdict(
    aims.map(([aim, subjects, ok, show]) => {
      const misses = subjects.filter((r) => !ok(r));
      return { aim, met: misses.length === 0, detail: misses.map((r) => `${r.op} ${show(r)}`).join('; ') };
    }),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
