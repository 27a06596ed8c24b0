import assert from 'node:assert/strict';
import { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import { FIXTURE_2, FIXTURE_3, tempCopy, type TempCopy } from '../helpers/fixtures';
import { fileHash, rawExec, rawQuery } from '../helpers/raw';
import { openRegistry, rejectsWith, testDriver } from '../helpers/registry';

describe(`schema awareness (${testDriver().name})`, () => {
  let copy: TempCopy;
  afterEach(() => copy?.cleanup());

  for (const fixture of [FIXTURE_2, FIXTURE_3]) {
    it(`opens an unknown revision read-only, names it, refuses writes and leaves the file as it was (from ${fixture.revision})`, async () => {
      copy = tempCopy(fixture.db);
      rawExec(copy.db, "UPDATE alembic_version SET version_num = 'deadbeef0001'");
      const hash = fileHash(copy.db);
      const reg = openRegistry(copy.db);
      try {
        const access = reg.writeAccess();
        assert.equal(access.writable, false);
        assert.match(access.reason!, /deadbeef0001/);
        assert.match(access.reason!, /read-only/);
        // Reads still work.
        assert.ok((await reg.searchRegisteredModels()).items.length > 0);
        await rejectsWith(() => reg.createRegisteredModel({ name: 'x' }), 'READ_ONLY', /deadbeef0001.*Nothing was changed/);
        await rejectsWith(() => reg.transitionModelVersionStage('iris-classifier', '2', 'Production', true), 'READ_ONLY');
        await rejectsWith(() => reg.deleteRegisteredModel('iris-classifier'), 'READ_ONLY');
      } finally {
        await reg.close();
      }
      assert.equal(fileHash(copy.db), hash);
    });
  }

  it('refuses a write when another process migrated the file after it was opened', async () => {
    copy = tempCopy(FIXTURE_2.db);
    const reg = openRegistry(copy.db);
    try {
      assert.equal(reg.writeAccess().writable, true);
      rawExec(copy.db, "UPDATE alembic_version SET version_num = '0584bdc529eb'");
      const hash = fileHash(copy.db);
      await rejectsWith(() => reg.setRegisteredModelTag('iris-classifier', 'k', 'v'), 'READ_ONLY', /0584bdc529eb/);
      assert.equal(fileHash(copy.db), hash);
      assert.deepEqual(rawQuery(copy.db, "SELECT * FROM registered_model_tags WHERE key = 'k'"), []);
    } finally {
      await reg.close();
    }
  });

  it('refuses a file that is not an MLflow registry', () => {
    copy = tempCopy(FIXTURE_2.db);
    rawExec(copy.db, 'DROP TABLE registered_model_aliases');
    assert.throws(() => openRegistry(copy.db), /not an MLflow registry: table registered_model_aliases missing/);
  });

  it('does not create a missing file', () => {
    copy = tempCopy(FIXTURE_2.db);
    assert.throws(() => SqliteRegistry.open(`${copy.dir}/absent.db`, { driver: testDriver() }));
    assert.deepEqual(rawQuery(copy.db, 'SELECT 1 AS one'), [{ one: 1 }]);
  });
});

describe(`external change detection (${testDriver().name})`, () => {
  it('notices a commit by another connection, and not its own writes', async () => {
    const copy = tempCopy(FIXTURE_2.db);
    const reg = openRegistry(copy.db);
    try {
      assert.equal(await reg.hasExternalChanges(), false);
      await reg.setRegisteredModelTag('iris-classifier', 'own', 'write');
      assert.equal(await reg.hasExternalChanges(), false, 'its own write is not external');
      rawExec(copy.db, "UPDATE registered_models SET description = 'changed elsewhere' WHERE name = 'churn-model'");
      assert.equal(await reg.hasExternalChanges(), true);
      assert.equal(await reg.hasExternalChanges(), false);
    } finally {
      await reg.close();
      copy.cleanup();
    }
  });
});
