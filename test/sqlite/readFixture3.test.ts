import assert from 'node:assert/strict';
import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import { assertModelAsMlflow, experimentAsMlflow, versionAsMlflow } from '../helpers/asMlflow';
import { expected3 } from '../helpers/expected';
import { FIXTURE_3 } from '../helpers/fixtures';
import { openRegistry, rejectsWith, testDriver } from '../helpers/registry';

const expected = expected3();

describe(`reading the MLflow 3.11 fixture, registry keyed by workspace (${testDriver().name})`, () => {
  let reg: SqliteRegistry;
  before(() => {
    reg = openRegistry(FIXTURE_3.db, { readonly: true });
  });
  after(() => reg.close());

  it('detects the workspace layout and the revision', () => {
    assert.equal(reg.layout.revision, expected.alembic_version);
    assert.equal(reg.layout.workspaced, true);
    assert.equal(reg.layout.loggedModels, true);
  });

  it('lists the registered models', async () => {
    const page = await reg.searchRegisteredModels();
    assert.deepEqual(
      page.items.map((m) => m.name),
      expected.registered_models.map((m) => m.name).sort(),
    );
  });

  for (const em of expected.registered_models) {
    it(`reports model ${em.name} exactly as MLflow does`, async () => {
      assertModelAsMlflow(await reg.getRegisteredModel(em.name), em);
    });
  }

  for (const ev of expected.model_versions) {
    it(`reports ${ev.name} v${ev.version}, a logged-model version`, async () => {
      const v = await reg.getModelVersion(ev.name, ev.version);
      assert.deepEqual(versionAsMlflow(v), versionAsMlflow(ev));
      // The source names the logged model; the files are at its artifact location.
      const modelId = /^models:\/(m-[0-9a-f]{32})$/.exec(ev.source)![1];
      const logged = expected.logged_models[modelId];
      assert.equal(v.storageLocation, logged.artifact_location);
      assert.equal(await reg.getModelVersionDownloadUri(ev.name, ev.version), logged.artifact_location);
    });
  }

  it('lists every live version and hides the deleted ones', async () => {
    const page = await reg.searchModelVersions({ maxResults: 1000 });
    const listed = page.items.map((v) => `${v.name}/${v.version}`).sort();
    assert.deepEqual(listed, expected.model_versions.map((v) => `${v.name}/${v.version}`).sort());
    for (const d of expected.deleted_model_versions) {
      await rejectsWith(() => reg.getModelVersion(d.name, d.version), 'RESOURCE_DOES_NOT_EXIST');
    }
    for (const r of expected.renamed_models) {
      await rejectsWith(() => reg.getRegisteredModel(r.old_name), 'RESOURCE_DOES_NOT_EXIST');
    }
  });

  for (const [runId, er] of Object.entries(expected.runs)) {
    it(`reads the lineage of run ${er.run_name}`, async () => {
      const run = await reg.getRun(runId);
      assert.deepEqual(
        {
          run_name: run.runName,
          experiment_id: run.experimentId,
          status: run.status,
          user_id: run.userId,
          start_time: run.startTime,
          end_time: run.endTime,
          artifact_uri: run.artifactUri,
          params: run.params,
          metrics: run.metrics,
          tags: run.tags,
        },
        {
          run_name: er.run_name,
          experiment_id: er.experiment_id,
          status: er.status,
          user_id: er.user_id,
          start_time: er.start_time,
          end_time: er.end_time,
          artifact_uri: er.artifact_uri,
          params: er.params,
          metrics: er.metrics,
          tags: er.tags,
        },
      );
    });
  }

  for (const ee of expected.experiments) {
    it(`reads experiment ${ee.name}`, async () => {
      assert.deepEqual(experimentAsMlflow(await reg.getExperiment(ee.experiment_id)), ee);
    });
  }

  for (const [modelId, el] of Object.entries(expected.logged_models)) {
    it(`reads logged model ${modelId}`, async () => {
      const m = await reg.getLoggedModel(modelId);
      assert.deepEqual(
        {
          name: m.name,
          experiment_id: m.experimentId,
          source_run_id: m.sourceRunId,
          status: m.status.replace('LOGGED_MODEL_', ''),
          artifact_location: m.artifactLocation,
          creation_timestamp: m.creationTimestamp,
        },
        el,
      );
    });
  }
});
