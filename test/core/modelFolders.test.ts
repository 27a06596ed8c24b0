import assert from 'node:assert/strict';
import { readdirSync, statSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describeModelFolder, isModelFolder } from '../../src/registry/modelFolder';
import { planRegistration, registryHolds } from '../../src/registry/registrationPlan';
import { FIXTURE_2, FIXTURE_3, readJson, tempDir } from '../helpers/fixtures';
import { openRegistry } from '../helpers/registry';

/** Every folder under `root`, as paths relative to it. */
function allFolders(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const p = join(dir, entry);
      if (statSync(p).isDirectory()) {
        out.push(relative(root, p));
        walk(p);
      }
    }
  };
  walk(root);
  return out.sort();
}

interface Expected2 {
  registered_models: { name: string; versions: { version: string; source: string; run_id: string }[] }[];
  unregistered_logged_models: { run_id: string; artifact_path: string; source_if_registered: string; experiment_id: string }[];
}
interface Expected3 {
  model_versions: { name: string; version: string; source: string; run_id: string }[];
  logged_models: Record<string, { experiment_id: string; source_run_id: string; artifact_location: string }>;
}

describe('model folders on the fixtures\' real mlruns (Explorer "Register Model…")', () => {
  describe("MLflow 2.17.2: runs' artifacts/model folders", () => {
    const expected = readJson<Expected2>(FIXTURE_2.expected);

    it("finds exactly the runs' artifacts/model folders as model folders", () => {
      const found = allFolders(FIXTURE_2.project).filter((f) => isModelFolder(join(FIXTURE_2.project, f)));
      const runs = allFolders(join(FIXTURE_2.project, 'mlruns'))
        .filter((f) => /^\d+\/[0-9a-f]{32}$/.test(f))
        .map((f) => `mlruns/${f}/artifacts/model`);
      assert.deepEqual(found, runs.sort());
      assert.equal(found.length, 6, 'one model per run folder (the FAILED run of the 7 logged none)');
      // Folders around them are not model folders: the menu must not show there.
      for (const f of [
        'mlruns',
        'mlruns/1',
        `mlruns/1/${expected.unregistered_logged_models[0].run_id}`,
        `mlruns/1/${expected.unregistered_logged_models[0].run_id}/artifacts`,
      ]) {
        assert.equal(isModelFolder(join(FIXTURE_2.project, f)), false, f);
      }
    });

    it("reads the run, its artifact path and the mlflow.db beside mlruns from the unregistered logged model's folder", () => {
      const u = expected.unregistered_logged_models[0];
      const folder = join(FIXTURE_2.project, 'mlruns', u.experiment_id, u.run_id, 'artifacts', u.artifact_path);
      const m = describeModelFolder(folder);
      assert.equal(m.layout, 'run');
      assert.equal(m.runId, u.run_id);
      assert.equal(m.mlmodel.runId, u.run_id, 'the MLmodel names the same run');
      assert.equal(m.experimentId, '1');
      assert.equal(m.runArtifactPath, 'model');
      assert.equal(m.modelId, null);
      assert.equal(m.mlruns, join(FIXTURE_2.project, 'mlruns'));
      assert.equal(m.registryDb, FIXTURE_2.db);
    });

    it('refuses a folder without MLmodel, naming it', () => {
      assert.throws(() => describeModelFolder(join(FIXTURE_2.project, 'mlruns', '1')), /mlruns\/1 holds no MLmodel file/);
    });

    it('plans the source and run_id MLflow writes for the unregistered model (expected.json source_if_registered)', async () => {
      const u = expected.unregistered_logged_models[0];
      const reg = openRegistry(FIXTURE_2.db, { readonly: true });
      try {
        const m = describeModelFolder(join(FIXTURE_2.project, 'mlruns', '1', u.run_id, 'artifacts', 'model'));
        assert.equal(await registryHolds(reg, m), true);
        const plan = await planRegistration(reg, m);
        assert.equal(plan.source, u.source_if_registered);
        assert.equal(plan.runId, u.run_id);
        assert.equal(plan.modelId, undefined);
        assert.equal(plan.equivalentUri, `runs:/${u.run_id}/model`);
        assert.equal(plan.run?.runName, 'logreg-C100-unregistered');
        assert.equal(plan.note, undefined);
      } finally {
        await reg.close();
      }
    });

    it("plans, for every registered version's run folder, exactly the source MLflow stored", async () => {
      const reg = openRegistry(FIXTURE_2.db, { readonly: true });
      try {
        for (const model of expected.registered_models) {
          for (const v of model.versions) {
            const exp = /mlruns\/(\d+)\//.exec(v.source)![1];
            const plan = await planRegistration(reg, describeModelFolder(join(FIXTURE_2.project, 'mlruns', exp, v.run_id, 'artifacts', 'model')));
            assert.equal(plan.source, v.source, `${model.name} v${v.version}`);
            assert.equal(plan.runId, v.run_id, `${model.name} v${v.version}`);
          }
        }
      } finally {
        await reg.close();
      }
    });

    it('keeps a plain model folder as a path, linking the run only when the registry has it', async () => {
      const t = tempDir();
      const reg = openRegistry(FIXTURE_2.db, { readonly: true });
      try {
        const u = expected.unregistered_logged_models[0];
        // A copy outside any mlruns (as mlflow.sklearn.save_model leaves one).
        const copy = join(t.dir, 'exported', 'model');
        cpSync(join(FIXTURE_2.project, 'mlruns', '1', u.run_id, 'artifacts', 'model'), copy, { recursive: true });
        const m = describeModelFolder(copy);
        assert.equal(m.layout, 'folder');
        assert.equal(m.registryDb, null);
        const plan = await planRegistration(reg, m);
        assert.equal(plan.source, copy);
        assert.equal(plan.runId, u.run_id, "the MLmodel's run is in this registry");

        const orphan = join(t.dir, 'orphan');
        mkdirSync(orphan);
        writeFileSync(join(orphan, 'MLmodel'), 'flavors:\n  python_function: {}\nrun_id: 0123456789abcdef0123456789abcdef\n');
        const p2 = await planRegistration(reg, describeModelFolder(orphan));
        assert.equal(p2.source, orphan);
        assert.equal(p2.runId, undefined, 'an unknown run is not linked');
      } finally {
        await reg.close();
        t.cleanup();
      }
    });

    it("says so when a run folder's run is not in the registry", async () => {
      const reg = openRegistry(FIXTURE_3.db, { readonly: true });
      try {
        const u = expected.unregistered_logged_models[0];
        const m = describeModelFolder(join(FIXTURE_2.project, 'mlruns', '1', u.run_id, 'artifacts', 'model'));
        assert.equal(await registryHolds(reg, m), false);
        const plan = await planRegistration(reg, m);
        assert.equal(plan.source, m.folder);
        assert.equal(plan.runId, undefined);
        assert.match(plan.note ?? '', new RegExp(`run ${u.run_id} is not in this registry`));
      } finally {
        await reg.close();
      }
    });
  });

  describe('MLflow 3.11: logged models under mlruns/<exp>/models/<id>/artifacts', () => {
    const expected = readJson<Expected3>(FIXTURE_3.expected);

    it("finds exactly the logged models' artifacts folders", () => {
      const found = allFolders(FIXTURE_3.project).filter((f) => isModelFolder(join(FIXTURE_3.project, f)));
      const logged = Object.entries(expected.logged_models).map(([id, m]) => `mlruns/${m.experiment_id}/models/${id}/artifacts`);
      assert.deepEqual(found, logged.sort());
      for (const f of ['mlruns/1', 'mlruns/1/models', `mlruns/1/models/${Object.keys(expected.logged_models)[0]}`]) {
        assert.equal(isModelFolder(join(FIXTURE_3.project, f)), false, f);
      }
    });

    it('reads the model id, its run and the mlflow.db beside mlruns', () => {
      for (const [id, lm] of Object.entries(expected.logged_models)) {
        const m = describeModelFolder(join(FIXTURE_3.project, 'mlruns', lm.experiment_id, 'models', id, 'artifacts'));
        assert.equal(m.layout, 'loggedModel');
        assert.equal(m.modelId, id);
        assert.equal(m.mlmodel.modelId, id);
        assert.equal(m.runId, lm.source_run_id, 'from the MLmodel');
        assert.equal(m.runArtifactPath, null);
        assert.equal(m.registryDb, FIXTURE_3.db);
      }
    });

    it('plans models:/<model_id> and the source run, as MLflow 3 stored every version', async () => {
      const reg = openRegistry(FIXTURE_3.db, { readonly: true });
      try {
        for (const v of expected.model_versions) {
          const id = v.source.slice('models:/'.length);
          const lm = expected.logged_models[id];
          const m = describeModelFolder(join(FIXTURE_3.project, 'mlruns', lm.experiment_id, 'models', id, 'artifacts'));
          assert.equal(await registryHolds(reg, m), true);
          const plan = await planRegistration(reg, m);
          assert.equal(plan.source, v.source, `${v.name} v${v.version}`);
          assert.equal(plan.runId, v.run_id, `${v.name} v${v.version}`);
          assert.equal(plan.modelId, id);
          assert.equal(plan.loggedModel?.artifactLocation, lm.artifact_location);
        }
      } finally {
        await reg.close();
      }
    });
  });
});
