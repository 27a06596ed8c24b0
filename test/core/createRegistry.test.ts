import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqlConnection, SqlDriver } from '../../src/backends/sqlite/driver/driver';
import { loadDriver } from '../../src/backends/sqlite/driver/loadDriver';
import { createRegistryFile } from '../../src/backends/sqlite/createRegistryFile';
import { describeSchema, type SchemaDescription } from '../helpers/describeSchema';
import { MLFLOW_2172_REVISION } from '../../src/backends/sqlite/schema/mlflow2172Schema';
import { isMlflowError } from '../../src/core/errors';
import { FIXTURE_2, tempDir } from '../helpers/fixtures';

function withConnection<T>(driver: SqlDriver, path: string, readonly: boolean, fn: (c: SqlConnection) => T): T {
  const conn = driver.open(path, { readonly });
  try {
    return fn(conn);
  } finally {
    conn.close();
  }
}

describe('createRegistryFile (MLflow 2.17.2 schema)', () => {
  let driver: SqlDriver;
  let tmp: { dir: string; cleanup(): void };
  let created: string;
  let fixtureSchema: SchemaDescription;

  before(() => {
    driver = loadDriver();
    tmp = tempDir();
    created = join(tmp.dir, 'mlflow.db');
    createRegistryFile(driver, created);
    fixtureSchema = withConnection(driver, FIXTURE_2.db, true, describeSchema);
  });

  after(() => tmp?.cleanup());

  it('describeSchema sees the details the comparison relies on (fixture)', () => {
    // Guards against a vacuous comparison: if describeSchema lost a detail,
    // both sides would silently agree on nothing.
    const table = (name: string) => fixtureSchema.tables.find((t) => t.name === name)!;
    assert.equal(fixtureSchema.tables.length, 19);
    assert.deepEqual(table('registered_model_aliases').foreignKeys, [
      {
        table: 'registered_models',
        columns: [{ seq: 0, from: 'name', to: 'name' }],
        on_update: 'CASCADE',
        on_delete: 'CASCADE',
        match: 'NONE',
      },
    ]);
    assert.deepEqual(table('registered_model_aliases').constraints, [
      'CONSTRAINT registered_model_alias_name_fkey FOREIGN KEY (name)',
      'CONSTRAINT registered_model_alias_pk PRIMARY KEY (name, alias)',
    ]);
    assert.deepEqual(table('experiment_tags').constraints, ['CONSTRAINT experiment_tag_pk PRIMARY KEY (key, experiment_id)', 'FOREIGN KEY (experiment_id)']);
    assert.deepEqual(table('runs').checks, [
      "CHECK (status IN ('SCHEDULED', 'FAILED', 'FINISHED', 'RUNNING', 'KILLED'))",
      "CONSTRAINT runs_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted'))",
      "CONSTRAINT source_type CHECK (source_type IN ('NOTEBOOK', 'JOB', 'LOCAL', 'UNKNOWN', 'PROJECT'))",
    ]);
    assert.equal(table('metrics').columns.find((c) => c.name === 'step')?.dflt_value, "'0'");
    assert.deepEqual(
      table('metrics').indexes.map((i) => [i.name, i.origin, i.columns.map((c) => c.name)]),
      [
        ['index_metrics_run_uuid', 'c', ['run_uuid']],
        ['sqlite_autoindex_metrics_1', 'pk', ['key', 'timestamp', 'step', 'run_uuid', 'value', 'is_nan']],
      ],
    );
    // PRIMARY KEY (name) + UNIQUE (name) fold into one autoindex; only the text keeps both.
    assert.deepEqual(
      table('registered_models').indexes.map((i) => i.name),
      ['sqlite_autoindex_registered_models_1'],
    );
    assert.deepEqual(table('registered_models').constraints, ['CONSTRAINT registered_model_pk PRIMARY KEY (name)', 'UNIQUE (name)']);
  });

  it('creates every table of the fixture and nothing else', () => {
    const actual = withConnection(driver, created, true, describeSchema);
    assert.deepEqual(
      actual.tables.map((t) => t.name),
      fixtureSchema.tables.map((t) => t.name),
    );
    assert.deepEqual(actual.views, fixtureSchema.views);
    assert.deepEqual(actual.triggers, fixtureSchema.triggers);
  });

  it('matches the fixture table by table and column by column', () => {
    const actual = withConnection(driver, created, true, describeSchema);
    for (const expected of fixtureSchema.tables) {
      const got = actual.tables.find((t) => t.name === expected.name);
      assert.ok(got, `table ${expected.name} missing`);
      for (const column of expected.columns) {
        assert.deepEqual(
          got.columns.find((c) => c.name === column.name),
          column,
          `column ${expected.name}.${column.name}`,
        );
      }
      assert.deepEqual(got, expected, `table ${expected.name}`);
    }
  });

  it('has the same file-level settings as the fixture', () => {
    const pragmas = ['encoding', 'user_version', 'application_id', 'auto_vacuum', 'journal_mode', 'page_size'];
    const read = (path: string) =>
      withConnection(driver, path, true, (c) => Object.fromEntries(pragmas.map((p) => [p, Object.values(c.prepare(`PRAGMA ${p}`).get() ?? {})[0]])));
    assert.deepEqual(read(created), read(FIXTURE_2.db));
  });

  it('is stamped f5a4f2784254 and holds no rows besides the stamp', () => {
    withConnection(driver, created, true, (c) => {
      assert.equal(MLFLOW_2172_REVISION, FIXTURE_2.revision);
      assert.deepEqual(c.prepare('SELECT version_num FROM alembic_version').all(), [{ version_num: 'f5a4f2784254' }]);
      // MLflow creates the Default experiment (id 0) itself on first open.
      assert.equal(c.prepare('SELECT count(*) AS n FROM experiments').get()?.n, 0);
      assert.equal(c.prepare('PRAGMA integrity_check').get()?.integrity_check, 'ok');
      assert.deepEqual(c.prepare('PRAGMA foreign_key_check').all(), []);
    });
  });

  it('refuses to create over an existing file and leaves it byte-identical', () => {
    const others = [
      { path: created, what: 'an existing registry' },
      { path: join(tmp.dir, 'empty.db'), what: 'an empty file', content: Buffer.alloc(0) },
      { path: join(tmp.dir, 'notes.txt'), what: 'a non-database file', content: Buffer.from('not sqlite\n') },
    ];
    for (const o of others) {
      if (o.content) writeFileSync(o.path, o.content);
      const before = readFileSync(o.path);
      assert.throws(
        () => createRegistryFile(driver, o.path),
        (e: unknown) => isMlflowError(e, 'RESOURCE_ALREADY_EXISTS'),
        o.what,
      );
      assert.ok(readFileSync(o.path).equals(before), `${o.what} changed`);
    }
  });

  it('removes the partial file when creation fails', () => {
    const path = join(tmp.dir, 'failing.db');
    // A driver whose connection fails on the fifth statement, mid-schema.
    let execs = 0;
    const failing: SqlDriver = {
      name: driver.name,
      open(p, options) {
        const conn = driver.open(p, options);
        return {
          driverName: conn.driverName,
          readonly: conn.readonly,
          prepare: (sql) => conn.prepare(sql),
          exec(sql) {
            if (++execs === 5) throw new Error('disk on fire');
            conn.exec(sql);
          },
          close: () => conn.close(),
        };
      },
    };
    assert.throws(() => createRegistryFile(failing, path), /disk on fire/);
    assert.equal(existsSync(path), false);
    assert.equal(existsSync(`${path}-journal`), false);
  });

  it('enforces the registry foreign keys and their ON UPDATE / ON DELETE actions', () => {
    const path = join(tmp.dir, 'fk.db');
    createRegistryFile(driver, path);
    withConnection(driver, path, false, (c) => {
      c.exec('PRAGMA foreign_keys = ON');
      const run = (sql: string, ...p: (string | number)[]) => c.prepare(sql).run(...p);
      run('INSERT INTO registered_models (name, creation_time, last_updated_time) VALUES (?, 1, 1)', 'm1');
      run(
        "INSERT INTO model_versions (name, version, creation_time, last_updated_time, current_stage, source, status) VALUES (?, 1, 1, 1, 'None', 's', 'READY')",
        'm1',
      );
      run("INSERT INTO registered_model_tags (key, value, name) VALUES ('k', 'v', ?)", 'm1');
      run("INSERT INTO model_version_tags (key, value, name, version) VALUES ('k', 'v', ?, 1)", 'm1');
      run("INSERT INTO registered_model_aliases (alias, version, name) VALUES ('champion', 1, ?)", 'm1');

      // Rename: every child follows, model_version_tags through model_versions' own cascade.
      run("UPDATE registered_models SET name = 'm2' WHERE name = 'm1'");
      for (const t of ['model_versions', 'registered_model_tags', 'model_version_tags', 'registered_model_aliases']) {
        assert.deepEqual(c.prepare(`SELECT DISTINCT name FROM ${t}`).all(), [{ name: 'm2' }], `${t} did not follow the rename`);
      }

      // No parent, no child.
      assert.throws(() => run("INSERT INTO model_versions (name, version) VALUES ('ghost', 1)"), /FOREIGN KEY constraint failed/);
      // model_versions has no ON DELETE action: a model with versions cannot be deleted directly.
      assert.throws(() => run("DELETE FROM registered_models WHERE name = 'm2'"), /FOREIGN KEY constraint failed/);

      // Deleting children first (as MLflow does) works; aliases go by ON DELETE CASCADE.
      run("DELETE FROM model_version_tags WHERE name = 'm2'");
      run("DELETE FROM model_versions WHERE name = 'm2'");
      run("DELETE FROM registered_model_tags WHERE name = 'm2'");
      run("DELETE FROM registered_models WHERE name = 'm2'");
      assert.equal(c.prepare('SELECT count(*) AS n FROM registered_model_aliases').get()?.n, 0);

      // The CHECK constraints are live too.
      assert.throws(() => run("INSERT INTO experiments (experiment_id, name, lifecycle_stage) VALUES (1, 'e', 'archived')"), /CHECK constraint failed/);
    });
  });

  it('opens with MLflow itself', function () {
    const probe = spawnSync('python3', ['-c', 'import mlflow'], { encoding: 'utf8' });
    if (probe.status !== 0) {
      // No MLflow in this environment (python3 missing or mlflow not installed);
      // the schema comparison against the MLflow-made fixture stands in for it.
      console.log(`      skipped: python3 cannot import mlflow (${(probe.error?.message ?? probe.stderr).trim().split('\n').pop()})`);
      this.skip();
    }
    const path = join(tmp.dir, 'for-mlflow.db');
    createRegistryFile(driver, path);
    const script = [
      'import sys, mlflow',
      'from mlflow import MlflowClient',
      'uri = "sqlite:///" + sys.argv[1]',
      'c = MlflowClient(tracking_uri=uri, registry_uri=uri)',
      'c.search_experiments()',
      'c.create_registered_model("from-mlflow")',
      'assert [m.name for m in c.search_registered_models()] == ["from-mlflow"]',
    ].join('\n');
    const r = spawnSync('python3', ['-c', script, path], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
  });
});
