import assert from 'node:assert/strict';
import type { Row } from '../../src/backends/sqlite/driver/driver';
import { FIXTURE_2, FIXTURE_3 } from '../helpers/fixtures';
import { fileHash, rawQuery } from '../helpers/raw';
import { openRegistry, registryOnFreshCopy, rejectsWith, testDriver } from '../helpers/registry';

const layouts = [
  { label: 'MLflow 2.17.2', fixture: FIXTURE_2 },
  { label: 'MLflow 3.11', fixture: FIXTURE_3 },
];

/**
 * The model_versions row MLflow's copy_model_version writes for a source row
 * (docs/sqlite-store.md#copying-a-version), apart from the number and the times.
 */
function expectedCopyRow(src: Row, destination: string): Row {
  return {
    name: destination,
    description: src.description,
    user_id: null,
    current_stage: 'None',
    source: `models:/${String(src.name)}/${String(src.version)}`,
    run_id: src.run_id,
    status: 'READY',
    status_message: null,
    run_link: src.run_link,
    storage_location: src.storage_location ?? src.source,
  };
}

const VERSION_COLUMNS = 'name, description, user_id, current_stage, source, run_id, status, status_message, run_link, storage_location';

for (const layout of layouts) {
  describe(`copying a version on a copy of the ${layout.label} fixture (${testDriver().name})`, () => {
    const on = registryOnFreshCopy(layout.fixture.db);
    const rows = (sql: string, ...p: (string | number)[]) => rawQuery(on.copy.db, sql, ...p);
    const versionRow = (name: string, version: number) =>
      rows(`SELECT ${VERSION_COLUMNS} FROM model_versions WHERE name = ? AND version = ?`, name, version)[0];
    const tagsOf = (name: string, version: number) =>
      rows('SELECT key, value FROM model_version_tags WHERE name = ? AND version = ? ORDER BY key', name, version);
    /** Everything outside the destination model, to show the copy touched nothing else. */
    const everythingBut = (destination: string) =>
      ['registered_models', 'model_versions', 'model_version_tags', 'registered_model_tags', 'registered_model_aliases'].map((t) =>
        rows(`SELECT * FROM ${t} WHERE name != ? ORDER BY 1, 2, 3`, destination),
      );

    it('into a new model: creates the model as create_registered_model does, then version 1 carrying the source', async () => {
      const src = rows(`SELECT ${VERSION_COLUMNS}, version FROM model_versions WHERE name = 'iris-classifier' AND version = 3`)[0];
      const others = everythingBut('iris-prod');
      const before = Date.now();
      const v = await on.reg.copyModelVersion({ name: 'iris-classifier', version: '3' }, 'iris-prod');
      assert.equal(v.name, 'iris-prod');
      assert.equal(v.version, '1');
      const model = rows("SELECT * FROM registered_models WHERE name = 'iris-prod'")[0];
      assert.equal(model.description, null);
      assert.ok(Number(model.creation_time) >= before);
      assert.equal(model.last_updated_time, rows("SELECT creation_time FROM model_versions WHERE name = 'iris-prod'")[0].creation_time);
      assert.deepEqual(rows("SELECT * FROM registered_model_tags WHERE name = 'iris-prod'"), []);
      assert.deepEqual(rows("SELECT * FROM registered_model_aliases WHERE name = 'iris-prod'"), []);
      assert.deepEqual(versionRow('iris-prod', 1), expectedCopyRow(src, 'iris-prod'));
      assert.deepEqual(tagsOf('iris-prod', 1), tagsOf('iris-classifier', 3));
      assert.ok(tagsOf('iris-prod', 1).length > 0, 'the fixture version has tags to carry');
      assert.deepEqual(everythingBut('iris-prod'), others, 'nothing outside the destination changed');
      assert.deepEqual(v.tags, await on.reg.getModelVersion('iris-classifier', '3').then((s) => s.tags));
      assert.deepEqual(v.aliases, [], 'aliases stay with the source');
    });

    it('into an existing model: the next number past soft-deleted rows, and the model is touched', async () => {
      const src = rows(`SELECT ${VERSION_COLUMNS}, version FROM model_versions WHERE name = 'iris-classifier' AND version = 2`)[0];
      const modelBefore = rows("SELECT creation_time, description FROM registered_models WHERE name = 'churn-model'")[0];
      const v = await on.reg.copyModelVersion({ name: 'iris-classifier', version: '2' }, 'churn-model');
      assert.equal(v.version, '2');
      assert.deepEqual(versionRow('churn-model', 2), expectedCopyRow(src, 'churn-model'));
      assert.deepEqual(tagsOf('churn-model', 2), tagsOf('iris-classifier', 2));
      const modelAfter = rows("SELECT creation_time, description, last_updated_time FROM registered_models WHERE name = 'churn-model'")[0];
      assert.equal(modelAfter.creation_time, modelBefore.creation_time);
      assert.equal(modelAfter.description, modelBefore.description);
      assert.equal(modelAfter.last_updated_time, v.creationTimestamp);
      // Copying into the model that holds the source is allowed too, and numbers past the soft-deleted 4.
      const again = await on.reg.copyModelVersion({ name: 'iris-classifier', version: '5' }, 'iris-classifier');
      assert.equal(again.version, '6');
    });

    it("a copy of a copy keeps pointing at the first version's files", async () => {
      const first = await on.reg.copyModelVersion({ name: 'iris-classifier', version: '3' }, 'iris-prod');
      const second = await on.reg.copyModelVersion({ name: 'iris-prod', version: first.version }, 'iris-archive');
      assert.equal(second.source, 'models:/iris-prod/1');
      assert.equal(second.storageLocation, versionRow('iris-classifier', 3).storage_location);
      assert.equal(await on.reg.getModelVersionDownloadUri('iris-archive', '1'), versionRow('iris-classifier', 3).storage_location);
    });

    for (const [what, src] of [
      ['a soft-deleted version', { name: 'iris-classifier', version: '4' }],
      ['a missing version', { name: 'iris-classifier', version: '99' }],
      ['a version of a missing model', { name: 'nope', version: '1' }],
    ] as const) {
      it(`refuses ${what} with MLflow's message and writes nothing`, async () => {
        const hash = fileHash(on.copy.db);
        await rejectsWith(
          () => on.reg.copyModelVersion(src, 'iris-prod'),
          'RESOURCE_DOES_NOT_EXIST',
          new RegExp(`^Failed to fetch model version from source model URI: 'models:/${src.name}/${src.version}'\\. Error: `),
        );
        assert.equal(fileHash(on.copy.db), hash);
      });
    }

    for (const bad of ['', '  ', 'a/b', 'a:b']) {
      it(`refuses the destination name ${JSON.stringify(bad)} as create_registered_model does, and writes nothing`, async () => {
        const hash = fileHash(on.copy.db);
        await rejectsWith(
          () => on.reg.copyModelVersion({ name: 'iris-classifier', version: '3' }, bad),
          'INVALID_PARAMETER_VALUE',
          /Invalid model name|cannot be/,
        );
        assert.equal(fileHash(on.copy.db), hash);
      });
    }

    it('refuses on a read-only registry and writes nothing', async () => {
      await on.reg.close();
      on.reg = openRegistry(on.copy.db, { readonly: true });
      const hash = fileHash(on.copy.db);
      await assert.rejects(() => on.reg.copyModelVersion({ name: 'iris-classifier', version: '3' }, 'iris-prod'));
      assert.equal(fileHash(on.copy.db), hash);
    });
  });
}
