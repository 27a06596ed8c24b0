import assert from 'node:assert/strict';
import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import { FIXTURE_2, FIXTURE_3, tempCopy, type TempCopy } from '../helpers/fixtures';
import { fileHash, rawExec, rawQuery } from '../helpers/raw';
import { openRegistry, rejectsWith, testDriver } from '../helpers/registry';

const layouts = [
  { label: 'MLflow 2.17.2 layout', fixture: FIXTURE_2, workspaced: false },
  { label: 'MLflow 3.11 workspace layout', fixture: FIXTURE_3, workspaced: true },
];

for (const layout of layouts) {
  describe(`writes on a copy of the ${layout.label} (${testDriver().name})`, () => {
    let copy: TempCopy;
    let reg: SqliteRegistry;
    const rows = (sql: string, ...p: (string | number)[]) => rawQuery(copy.db, sql, ...p);

    beforeEach(() => {
      copy = tempCopy(layout.fixture.db);
      reg = openRegistry(copy.db);
    });
    afterEach(async () => {
      await reg.close();
      copy.cleanup();
    });

    it('opens read-write at this verified revision', () => {
      assert.deepEqual(reg.writeAccess(), { writable: true });
      assert.equal(reg.layout.workspaced, layout.workspaced);
    });

    it('creates a registered model with description and tags, and refuses a duplicate name', async () => {
      const before = Date.now();
      const m = await reg.createRegisteredModel({ name: 'fraud', description: 'Fraud *model*', tags: { team: 'risk', 'a.b': 'c' } });
      assert.equal(m.name, 'fraud');
      assert.equal(m.description, 'Fraud *model*');
      assert.deepEqual(m.tags, { team: 'risk', 'a.b': 'c' });
      assert.ok(m.creationTimestamp >= before && m.creationTimestamp === m.lastUpdatedTimestamp);
      assert.deepEqual(m.latestVersions, []);
      if (layout.workspaced) {
        assert.deepEqual(rows("SELECT workspace FROM registered_models WHERE name = 'fraud'"), [{ workspace: 'default' }]);
        assert.deepEqual(rows("SELECT DISTINCT workspace FROM registered_model_tags WHERE name = 'fraud'"), [{ workspace: 'default' }]);
      }
      const hash = fileHash(copy.db);
      await rejectsWith(() => reg.createRegisteredModel({ name: 'fraud' }), 'RESOURCE_ALREADY_EXISTS', /Registered Model \(name=fraud\) already exists/);
      assert.equal(fileHash(copy.db), hash);
    });

    it('numbers a new version past every row, soft-deleted ones included', async () => {
      // iris-classifier has 1,2,3,5 live and 4 soft-deleted; delete the highest too.
      await reg.deleteModelVersion('iris-classifier', '5');
      const v = await reg.createModelVersion({ name: 'iris-classifier', source: '/tmp/model', runId: 'abc', tags: { k: 'v' } });
      assert.equal(v.version, '6');
      assert.equal(v.currentStage, 'None');
      assert.equal(v.status, 'READY');
      assert.equal(v.userId, null);
      assert.deepEqual(v.tags, { k: 'v' });
      const row = rows(
        "SELECT source, storage_location, run_id, status_message, creation_time, last_updated_time FROM model_versions WHERE name = 'iris-classifier' AND version = 6",
      )[0];
      assert.equal(row.source, '/tmp/model');
      assert.equal(row.storage_location, '/tmp/model');
      assert.equal(row.run_id, 'abc');
      assert.equal(row.status_message, null);
      assert.equal(row.creation_time, row.last_updated_time);
      const model = await reg.getRegisteredModel('iris-classifier');
      assert.equal(model.lastUpdatedTimestamp, v.creationTimestamp, 'creating a version touches the model');
      if (layout.workspaced) {
        assert.deepEqual(rows("SELECT workspace FROM model_versions WHERE name = 'iris-classifier' AND version = 6"), [{ workspace: 'default' }]);
      }
    });

    it('creates a version of a missing model with RESOURCE_DOES_NOT_EXIST and changes nothing', async () => {
      const hash = fileHash(copy.db);
      await rejectsWith(() => reg.createModelVersion({ name: 'nope', source: '/x' }), 'RESOURCE_DOES_NOT_EXIST', /name=nope not found/);
      assert.equal(fileHash(copy.db), hash);
    });

    it("soft-deletes a version with MLflow's redaction, keeps its tags, drops its aliases", async () => {
      await reg.setRegisteredModelAlias('iris-classifier', 'to-go', '2');
      const beforeTags = rows("SELECT key, value FROM model_version_tags WHERE name = 'iris-classifier' AND version = 2 ORDER BY key");
      const storageBefore = rows("SELECT storage_location FROM model_versions WHERE name = 'iris-classifier' AND version = 2")[0].storage_location;
      await reg.deleteModelVersion('iris-classifier', '2');
      const row = rows("SELECT * FROM model_versions WHERE name = 'iris-classifier' AND version = 2")[0];
      assert.equal(row.current_stage, 'Deleted_Internal');
      assert.equal(row.source, 'REDACTED-SOURCE-PATH');
      assert.equal(row.run_id, 'REDACTED-RUN-ID');
      assert.equal(row.run_link, 'REDACTED-RUN-LINK');
      assert.equal(row.description, null);
      assert.equal(row.user_id, null);
      assert.equal(row.status_message, null);
      assert.equal(row.storage_location, storageBefore, 'MLflow keeps storage_location');
      assert.deepEqual(rows("SELECT key, value FROM model_version_tags WHERE name = 'iris-classifier' AND version = 2 ORDER BY key"), beforeTags);
      assert.deepEqual(rows("SELECT alias FROM registered_model_aliases WHERE name = 'iris-classifier' AND version = 2"), []);
      await rejectsWith(() => reg.getModelVersion('iris-classifier', '2'), 'RESOURCE_DOES_NOT_EXIST');
      const m = await reg.getRegisteredModel('iris-classifier');
      assert.equal(m.lastUpdatedTimestamp, Number(row.last_updated_time));
      assert.ok(!m.latestVersions.some((v) => v.version === '2'));
      assert.ok(!m.aliases.some((a) => a.alias === 'challenger'));
    });

    it('refuses an alias on a deleted version, and on a missing one', async () => {
      await reg.deleteModelVersion('iris-classifier', '2');
      const hash = fileHash(copy.db);
      await rejectsWith(() => reg.setRegisteredModelAlias('iris-classifier', 'ghost', '2'), 'RESOURCE_DOES_NOT_EXIST', /version=2/);
      await rejectsWith(() => reg.setRegisteredModelAlias('iris-classifier', 'ghost', '4'), 'RESOURCE_DOES_NOT_EXIST', /version=4/);
      await rejectsWith(() => reg.setRegisteredModelAlias('iris-classifier', 'ghost', '99'), 'RESOURCE_DOES_NOT_EXIST', /version=99/);
      assert.equal(fileHash(copy.db), hash);
    });

    it('reports an alias MLflow 2.17 left on a deleted version as dangling, never as live', async () => {
      // MLflow 2.17.2 soft-deleted versions without removing their aliases (docs/sqlite-store.md#dangling-aliases).
      await reg.close();
      rawExec(copy.db, "UPDATE model_versions SET current_stage = 'Deleted_Internal' WHERE name = 'iris-classifier' AND version = 2");
      reg = openRegistry(copy.db);
      const m = await reg.getRegisteredModel('iris-classifier');
      assert.deepEqual(
        m.aliases.find((a) => a.alias === 'challenger'),
        { alias: 'challenger', version: '2' },
      );
      await rejectsWith(() => reg.getModelVersionByAlias('iris-classifier', 'challenger'), 'RESOURCE_DOES_NOT_EXIST', /version=2/);
      // Moving the alias to a live version repairs it.
      await reg.setRegisteredModelAlias('iris-classifier', 'challenger', '5');
      assert.equal((await reg.getModelVersionByAlias('iris-classifier', 'challenger')).version, '5');
    });

    it('renames a model carrying versions, tags, version tags and aliases', async () => {
      const count = (table: string, name: string) => Number(rows(`SELECT COUNT(*) AS n FROM ${table} WHERE name = ?`, name)[0].n);
      const tables = ['model_versions', 'registered_model_tags', 'model_version_tags', 'registered_model_aliases'];
      const before = Object.fromEntries(tables.map((t) => [t, count(t, 'iris-classifier')]));
      const old = await reg.getRegisteredModel('iris-classifier');
      const renamed = await reg.renameRegisteredModel('iris-classifier', 'iris-v2');
      for (const t of tables) {
        assert.equal(count(t, 'iris-v2'), before[t], `${t} follows the rename`);
        assert.equal(count(t, 'iris-classifier'), 0, `${t} keeps nothing under the old name`);
      }
      assert.deepEqual(renamed.tags, old.tags);
      assert.deepEqual(renamed.aliases, old.aliases);
      assert.equal(renamed.description, old.description);
      assert.equal(renamed.creationTimestamp, old.creationTimestamp);
      assert.ok(renamed.lastUpdatedTimestamp >= old.lastUpdatedTimestamp);
      // Every version, soft-deleted included, gets the rename time.
      const times = rows("SELECT DISTINCT last_updated_time FROM model_versions WHERE name = 'iris-v2'");
      assert.deepEqual(times, [{ last_updated_time: renamed.lastUpdatedTimestamp }]);
      assert.equal((await reg.getModelVersionByAlias('iris-v2', 'champion')).version, '3');
      await rejectsWith(() => reg.getRegisteredModel('iris-classifier'), 'RESOURCE_DOES_NOT_EXIST');
      assert.deepEqual(rows('PRAGMA foreign_key_check'), [], 'every child row points at the new name');
      // The rename switches foreign keys off for its own transaction only.
      const conn = (reg as unknown as { ctx: { conn: { prepare(s: string): { get(): unknown } } } }).ctx.conn;
      assert.deepEqual({ ...(conn.prepare('PRAGMA foreign_keys').get() as object) }, { foreign_keys: 1 });
      const hash = fileHash(copy.db);
      await rejectsWith(() => reg.renameRegisteredModel('iris-v2', 'churn-model'), 'RESOURCE_ALREADY_EXISTS', /churn-model/);
      await rejectsWith(() => reg.renameRegisteredModel('missing', 'x'), 'RESOURCE_DOES_NOT_EXIST');
      assert.equal(fileHash(copy.db), hash);
    });

    it('transitions a stage, archiving the others in the target stage when asked', async () => {
      const v = await reg.transitionModelVersionStage('iris-classifier', '2', 'production', true);
      assert.equal(v.currentStage, 'Production', 'stage stored canonically');
      assert.deepEqual(v.aliases, ['challenger']);
      const v3 = await reg.getModelVersion('iris-classifier', '3');
      assert.equal(v3.currentStage, 'Archived');
      assert.equal(v3.lastUpdatedTimestamp, v.lastUpdatedTimestamp);
      const m = await reg.getRegisteredModel('iris-classifier');
      assert.equal(m.lastUpdatedTimestamp, v.lastUpdatedTimestamp);
      // Without archiving, two versions may share a stage.
      await reg.transitionModelVersionStage('iris-classifier', '5', 'Production', false);
      assert.equal((await reg.getModelVersion('iris-classifier', '2')).currentStage, 'Production');
      const latest = await reg.getLatestVersions('iris-classifier', ['Production']);
      assert.deepEqual(
        latest.map((x) => x.version),
        ['5'],
      );
    });

    it('rejects archive_existing_versions towards Archived or None as MLflow does, changing nothing', async () => {
      const hash = fileHash(copy.db);
      await rejectsWith(() => reg.transitionModelVersionStage('iris-classifier', '2', 'Archived', true), 'INTERNAL_ERROR', /Staging|Production/);
      await rejectsWith(() => reg.transitionModelVersionStage('iris-classifier', '2', 'Bogus', false), 'INVALID_PARAMETER_VALUE', /Bogus/);
      await rejectsWith(() => reg.transitionModelVersionStage('iris-classifier', '4', 'Staging', false), 'RESOURCE_DOES_NOT_EXIST');
      assert.equal(fileHash(copy.db), hash);
    });

    it('deletes a model and leaves no child rows, soft-deleted versions included', async () => {
      await reg.deleteRegisteredModel('iris-classifier');
      for (const table of ['registered_models', 'model_versions', 'registered_model_tags', 'model_version_tags', 'registered_model_aliases']) {
        assert.deepEqual(rows(`SELECT COUNT(*) AS n FROM ${table} WHERE name = 'iris-classifier'`), [{ n: 0 }], table);
      }
      await rejectsWith(() => reg.getRegisteredModel('iris-classifier'), 'RESOURCE_DOES_NOT_EXIST');
      // Other models are untouched.
      assert.equal((await reg.getRegisteredModel('churn-model')).aliases.length, 1);
      assert.deepEqual(rows('PRAGMA foreign_key_check'), []);
    });

    it('updates descriptions: a model touches only the model, a version only the version', async () => {
      const mBefore = await reg.getRegisteredModel('diabetes-regressor');
      const v = await reg.updateModelVersion('diabetes-regressor', '1', 'Ridge, alpha 0.5');
      assert.equal(v.description, 'Ridge, alpha 0.5');
      assert.equal((await reg.getRegisteredModel('diabetes-regressor')).lastUpdatedTimestamp, mBefore.lastUpdatedTimestamp);
      const m = await reg.updateRegisteredModel('diabetes-regressor', '# New\n\ntext');
      assert.equal(m.description, '# New\n\ntext');
      assert.ok(m.lastUpdatedTimestamp >= v.lastUpdatedTimestamp);
      const cleared = await reg.updateModelVersion('diabetes-regressor', '1', null);
      assert.equal(cleared.description, null);
    });

    it('upserts and deletes tags without touching timestamps', async () => {
      const m0 = await reg.getRegisteredModel('churn-model');
      await reg.setRegisteredModelTag('churn-model', 'status', 'live');
      await reg.setRegisteredModelTag('churn-model', 'owner', 'ops');
      await reg.deleteRegisteredModelTag('churn-model', 'missing-key');
      let m = await reg.getRegisteredModel('churn-model');
      assert.deepEqual(m.tags, { ...m0.tags, status: 'live', owner: 'ops' });
      assert.equal(m.lastUpdatedTimestamp, m0.lastUpdatedTimestamp);
      await reg.deleteRegisteredModelTag('churn-model', 'owner');
      m = await reg.getRegisteredModel('churn-model');
      assert.deepEqual(m.tags, { ...m0.tags, status: 'live' });

      const v0 = await reg.getModelVersion('churn-model', '1');
      await reg.setModelVersionTag('churn-model', '1', 'approved', 'yes ✓');
      await reg.setModelVersionTag('churn-model', '1', 'approved', 'no');
      let v = await reg.getModelVersion('churn-model', '1');
      assert.deepEqual(v.tags, { ...v0.tags, approved: 'no' });
      assert.equal(v.lastUpdatedTimestamp, v0.lastUpdatedTimestamp);
      await reg.deleteModelVersionTag('churn-model', '1', 'approved');
      v = await reg.getModelVersion('churn-model', '1');
      assert.deepEqual(v.tags, v0.tags);
      await rejectsWith(() => reg.setModelVersionTag('iris-classifier', '4', 'k', 'v'), 'RESOURCE_DOES_NOT_EXIST');
      await rejectsWith(() => reg.setRegisteredModelTag('nope', 'k', 'v'), 'RESOURCE_DOES_NOT_EXIST');
    });

    it('sets, moves and deletes aliases', async () => {
      await reg.setRegisteredModelAlias('iris-classifier', 'candidate', '5');
      assert.deepEqual((await reg.getModelVersion('iris-classifier', '5')).aliases, ['candidate']);
      await reg.setRegisteredModelAlias('iris-classifier', 'candidate', '2');
      assert.deepEqual((await reg.getModelVersion('iris-classifier', '5')).aliases, []);
      assert.equal((await reg.getModelVersionByAlias('iris-classifier', 'candidate')).version, '2');
      await reg.deleteRegisteredModelAlias('iris-classifier', 'candidate');
      await rejectsWith(() => reg.getModelVersionByAlias('iris-classifier', 'candidate'), 'INVALID_PARAMETER_VALUE', /alias candidate not found/);
      await reg.deleteRegisteredModelAlias('iris-classifier', 'never-existed');
      const hash = fileHash(copy.db);
      await rejectsWith(() => reg.setRegisteredModelAlias('iris-classifier', 'latest', '2'), 'INVALID_PARAMETER_VALUE', /latest/);
      await rejectsWith(() => reg.setRegisteredModelAlias('iris-classifier', 'V12', '2'), 'INVALID_PARAMETER_VALUE', /V12/);
      await rejectsWith(() => reg.setRegisteredModelAlias('iris-classifier', 'bad alias', '2'), 'INVALID_PARAMETER_VALUE', /bad alias/);
      assert.equal(fileHash(copy.db), hash);
    });

    it("keeps MLflow's layout: no schema or alembic change after a round of writes", async () => {
      const schema = () => rows('SELECT type, name, sql FROM sqlite_master ORDER BY name');
      const before = schema();
      await reg.createRegisteredModel({ name: 'm', tags: { a: 'b' } });
      await reg.createModelVersion({ name: 'm', source: '/s' });
      await reg.renameRegisteredModel('m', 'n');
      await reg.deleteRegisteredModel('n');
      assert.deepEqual(schema(), before);
      assert.deepEqual(rows('SELECT version_num FROM alembic_version'), [{ version_num: layout.fixture.revision }]);
      assert.deepEqual(rows('PRAGMA integrity_check'), [{ integrity_check: 'ok' }]);
    });
  });
}

describe(`MLflow 3 logged-model sources (${testDriver().name})`, () => {
  let copy: TempCopy;
  let reg: SqliteRegistry;
  beforeEach(() => {
    copy = tempCopy(FIXTURE_3.db);
    reg = openRegistry(copy.db);
  });
  afterEach(async () => {
    await reg.close();
    copy.cleanup();
  });

  it('registers models:/m-… with storage at the logged model and its run filled in', async () => {
    const modelId = 'm-8ca14aeb99c944eea85bb8be197f983f';
    const v = await reg.createModelVersion({ name: 'iris-classifier', source: `models:/${modelId}` });
    assert.equal(v.version, '6');
    assert.equal(v.source, `models:/${modelId}`);
    assert.equal(v.storageLocation, '/opt/ml/project3/mlruns/2/models/m-8ca14aeb99c944eea85bb8be197f983f/artifacts');
    assert.equal(v.runId, '1d24d320a80f4a359e0ba8a86c9a0561');
    const row = rawQuery(copy.db, "SELECT workspace, storage_location FROM model_versions WHERE name = 'iris-classifier' AND version = 6")[0];
    assert.equal(row.workspace, 'default');
    await rejectsWith(
      () => reg.createModelVersion({ name: 'iris-classifier', source: 'models:/m-00000000000000000000000000000000' }),
      'RESOURCE_DOES_NOT_EXIST',
      /m-0000/,
    );
  });
});
