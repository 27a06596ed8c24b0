import assert from 'node:assert/strict';
import { FIXTURE_2, FIXTURE_3 } from '../helpers/fixtures';
import { fileHash, rawQuery } from '../helpers/raw';
import { rejectsWith } from '../helpers/registry';
import { restOnFixtureCopy, type RestOnCopy } from '../helpers/restOnCopy';

interface Sent {
  call: string;
  params: Record<string, unknown>;
}

/** MLflow's client has no copy endpoint; these are the calls its copy_model_version makes (docs/rest-api.md#copying-a-version). */
for (const fixture of [FIXTURE_2, FIXTURE_3]) {
  describe(`copying a version over REST (server on a copy of ${fixture === FIXTURE_2 ? 'MLflow 2.17.2' : 'MLflow 3.11'}'s file)`, () => {
    let rest: RestOnCopy;
    let db: string;
    let sent: Sent[] = [];

    beforeEach(async () => {
      rest = await restOnFixtureCopy({
        db: fixture.db,
        seed: (path) => (db = path),
        intercept: (x) => {
          const url = new URL(x.req.url ?? '/', 'http://s');
          const params = x.method === 'GET' ? Object.fromEntries(url.searchParams) : (JSON.parse(x.body || '{}') as Record<string, unknown>);
          sent.push({ call: `${x.method} ${x.path.replace('/api/2.0/mlflow/', '')}`, params });
          return false;
        },
      });
      sent = [];
    });
    afterEach(() => rest.done());

    const tagRows = (name: string, version: number) =>
      rawQuery(db, 'SELECT key, value FROM model_version_tags WHERE name = ? AND version = ? ORDER BY key', name, version);

    it('into a new model: get the source, create the model, create the version with its run, tags and description', async () => {
      const src = await rest.backend.getModelVersion('iris-classifier', '3');
      sent = [];
      const v = await rest.backend.copyModelVersion({ name: 'iris-classifier', version: '3' }, 'iris-prod');
      assert.deepEqual(
        sent.map((s) => s.call),
        ['GET model-versions/get', 'POST registered-models/create', 'POST model-versions/create'],
      );
      assert.deepEqual(sent[0].params, { name: 'iris-classifier', version: '3' });
      assert.deepEqual(sent[1].params, { name: 'iris-prod' });
      const body = sent[2].params;
      assert.equal(body.name, 'iris-prod');
      assert.equal(body.source, 'models:/iris-classifier/3');
      assert.equal(body.run_id, src.runId);
      assert.equal(body.description, src.description ?? undefined);
      assert.deepEqual(Object.fromEntries((body.tags as { key: string; value: string }[]).map((t) => [t.key, t.value])), src.tags);
      assert.equal(v.version, '1');
      assert.equal(v.source, 'models:/iris-classifier/3');
      assert.equal(v.storageLocation, src.storageLocation, "the server resolves the source to the version's files");
      assert.deepEqual(tagRows('iris-prod', 1), tagRows('iris-classifier', 3));
    });

    it('into an existing model: the create answers RESOURCE_ALREADY_EXISTS and the version is created all the same', async () => {
      const v = await rest.backend.copyModelVersion({ name: 'iris-classifier', version: '2' }, 'churn-model');
      assert.deepEqual(
        sent.map((s) => s.call),
        ['GET model-versions/get', 'POST registered-models/create', 'POST model-versions/create'],
      );
      assert.equal(v.name, 'churn-model');
      assert.equal(v.version, '2');
      assert.equal(rawQuery(db, "SELECT COUNT(*) AS n FROM registered_models WHERE name = 'churn-model'")[0].n, 1);
    });

    it('a missing source fails on the first call, names the URI, and writes nothing', async () => {
      const hash = fileHash(db);
      await rejectsWith(
        () => rest.backend.copyModelVersion({ name: 'iris-classifier', version: '4' }, 'iris-prod'),
        'RESOURCE_DOES_NOT_EXIST',
        /^Failed to fetch model version from source model URI: 'models:\/iris-classifier\/4'\. Error: /,
      );
      assert.deepEqual(
        sent.map((s) => s.call),
        ['GET model-versions/get'],
      );
      assert.equal(fileHash(db), hash);
    });

    it('an invalid destination name is refused before anything is sent to create, and nothing is written', async () => {
      const hash = fileHash(db);
      await rejectsWith(() => rest.backend.copyModelVersion({ name: 'iris-classifier', version: '3' }, 'a/b'), 'INVALID_PARAMETER_VALUE', /Invalid model name/);
      assert.deepEqual(
        sent.map((s) => s.call),
        ['GET model-versions/get'],
      );
      assert.equal(fileHash(db), hash);
    });
  });
}
