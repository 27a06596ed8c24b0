import assert from 'node:assert/strict';
import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import { assertModelAsMlflow, experimentAsMlflow, versionAsMlflow } from '../helpers/asMlflow';
import { expected2 } from '../helpers/expected';
import { FIXTURE_2 } from '../helpers/fixtures';
import { openRegistry, rejectsWith, testDriver } from '../helpers/registry';

const expected = expected2();

describe(`reading the MLflow 2.17.2 fixture (${testDriver().name})`, () => {
  let reg: SqliteRegistry;
  before(() => {
    // Read-only on the shared fixture itself: reading must not need a copy.
    reg = openRegistry(FIXTURE_2.db, { readonly: true });
  });
  after(() => reg.close());

  it('lists the registered models in MLflow default order', async () => {
    const page = await reg.searchRegisteredModels();
    assert.deepEqual(
      page.items.map((m) => m.name),
      expected.default_order.search_registered_models,
    );
    assert.equal(page.nextPageToken, undefined);
  });

  for (const em of expected.registered_models) {
    it(`reports model ${em.name} exactly as MLflow does`, async () => {
      assertModelAsMlflow(await reg.getRegisteredModel(em.name), em);
      const versions = await reg.searchModelVersions({ filter: `name = '${em.name}'` });
      assert.equal(versions.items.length, em.version_count);
      for (const ev of em.versions) {
        assert.deepEqual(versionAsMlflow(await reg.getModelVersion(em.name, ev.version)), versionAsMlflow(ev));
      }
    });
  }

  it('lists model versions in MLflow default order, without aliases as MLflow search does', async () => {
    const page = await reg.searchModelVersions();
    assert.deepEqual(
      page.items.map((v) => [v.name, v.version]),
      expected.default_order.search_model_versions,
    );
    assert.ok(page.items.every((v) => v.aliases.length === 0));
  });

  for (const [runId, er] of Object.entries(expected.runs)) {
    it(`reads the lineage of run ${er.run_name}`, async () => {
      const run = await reg.getRun(runId);
      assert.equal(run.runId, er.run_id);
      assert.equal(run.runName, er.run_name);
      assert.equal(run.experimentId, er.experiment_id);
      assert.equal(run.status, er.status);
      assert.equal(run.lifecycleStage, er.lifecycle_stage);
      assert.equal(run.artifactUri, er.artifact_uri);
      assert.equal(run.startTime, er.start_time);
      assert.equal(run.endTime, er.end_time);
      assert.deepEqual(run.params, er.params);
      assert.deepEqual(run.metrics, er.metrics);
      assert.deepEqual(run.tags, er.tags);
      for (const [key, detail] of Object.entries(er.metrics_latest_detail)) {
        assert.equal(run.metricDetails[key]?.step, detail.step, `step of ${key}`);
      }
      const exp = await reg.getExperiment(run.experimentId);
      assert.equal(exp.name, (er as unknown as { experiment_name: string }).experiment_name);
    });
  }

  for (const ee of expected.experiments) {
    it(`reads experiment ${ee.name}`, async () => {
      assert.deepEqual(experimentAsMlflow(await reg.getExperiment(ee.experiment_id)), ee);
    });
  }

  it('knows the unregistered logged model run, and no version comes from it', async () => {
    for (const u of expected.unregistered_logged_models) {
      const run = await reg.getRun(u.run_id);
      assert.equal(run.runName, u.run_name);
      const versions = await reg.searchModelVersions({ filter: `run_id = '${u.run_id}'` });
      assert.equal(versions.items.length, 0);
    }
  });

  for (const a of expected.absent) {
    it(`fails like MLflow on ${a.call}(${a.name}${a.version ? ', ' + a.version : ''})`, async () => {
      if (a.call === 'get_registered_model') {
        await rejectsWith(() => reg.getRegisteredModel(a.name), a.error_code as 'RESOURCE_DOES_NOT_EXIST', /not found/);
      } else {
        await rejectsWith(() => reg.getModelVersion(a.name, a.version!), a.error_code as 'RESOURCE_DOES_NOT_EXIST', /not found/);
      }
    });
  }

  it('resolves aliases and latest versions per stage', async () => {
    assert.equal((await reg.getModelVersionByAlias('iris-classifier', 'champion')).version, '3');
    await rejectsWith(() => reg.getModelVersionByAlias('iris-classifier', 'nope'), 'INVALID_PARAMETER_VALUE', /alias nope not found/);
    const prod = await reg.getLatestVersions('iris-classifier', ['production']);
    assert.deepEqual(
      prod.map((v) => v.version),
      ['3'],
    );
    assert.equal(
      await reg.getModelVersionDownloadUri('iris-classifier', '3'),
      expected.registered_models.find((m) => m.name === 'iris-classifier')!.versions.find((v) => v.version === '3')!.source,
    );
  });

  it('detects the 2.17 layout (no workspace column)', async () => {
    assert.equal(reg.layout.revision, FIXTURE_2.revision);
    assert.equal(reg.layout.workspaced, false);
  });
});
