import assert from 'node:assert/strict';
import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import { MlflowError } from '../../src/core/errors';
import { parseRunsUri, resolveModelUri, resolveRunsUri } from '../../src/core/uri';
import { ModelUriResolver, type UriResolution } from '../../src/language/uriResolver';
import { FIXTURE_2, FIXTURE_3, readJson } from '../helpers/fixtures';
import { openRegistry } from '../helpers/registry';

/**
 * Every form of docs/uris.md#models-uris (and the runs:/ form of docs/uris.md#runs-uris), resolved against the real
 * registries MLflow 2.17.2 and 3.11 made: the core's resolveModelUri, and the
 * resolver behind hovers and diagnostics in code.
 */
interface Case {
  uri: string;
  version: string;
  stage: string;
}

const IRIS_FORMS: Case[] = [
  { uri: 'models:/iris-classifier/3', version: '3', stage: 'Production' },
  { uri: 'models:/iris-classifier/03', version: '3', stage: 'Production' },
  { uri: 'models:/iris-classifier/1', version: '1', stage: 'Archived' },
  // latest: the highest live version of any stage (v4 is deleted, v5 has no stage).
  { uri: 'models:/iris-classifier/latest', version: '5', stage: 'None' },
  { uri: 'models:/iris-classifier/LATEST', version: '5', stage: 'None' },
  // A stage, case-insensitively: the newest version in it.
  { uri: 'models:/iris-classifier/Production', version: '3', stage: 'Production' },
  { uri: 'models:/iris-classifier/production', version: '3', stage: 'Production' },
  { uri: 'models:/iris-classifier/Staging', version: '2', stage: 'Staging' },
  { uri: 'models:/iris-classifier/archived', version: '1', stage: 'Archived' },
  { uri: 'models:/iris-classifier/None', version: '5', stage: 'None' },
  // An alias (split on the last '@').
  { uri: 'models:/iris-classifier@champion', version: '3', stage: 'Production' },
  { uri: 'models:/iris-classifier@challenger', version: '2', stage: 'Staging' },
  { uri: 'models:/iris-classifier@baseline', version: '1', stage: 'Archived' },
  // MLflow strips every leading slash; the scheme is case-insensitive.
  { uri: 'models:///iris-classifier@champion', version: '3', stage: 'Production' },
  { uri: 'MODELS:/iris-classifier/2', version: '2', stage: 'Staging' },
];

/** [uri, what the message names] for URIs that resolve to nothing. */
const NOTHING: [string, 'model' | 'alias' | 'stage' | 'version' | 'malformed', RegExp][] = [
  ['models:/no-such-model/1', 'model', /Unknown registered model 'no-such-model'/],
  ['models:/no-such-model@champion', 'model', /Unknown registered model 'no-such-model'/],
  ['models:/churn-model-draft/1', 'model', /Unknown registered model 'churn-model-draft'/],
  ['models:/iris-classifier@nobody', 'alias', /Unknown alias '@nobody' of 'iris-classifier' \(it has @baseline, @challenger, @champion\)/],
  ['models:/iris-classifier/4', 'version', /'iris-classifier' has no version 4/],
  ['models:/iris-classifier/99', 'version', /'iris-classifier' has no version 99/],
  ['models:/iris-classifier/Bogus', 'stage', /Unknown stage 'Bogus'/],
  ['models:/iris-classifier/Deleted_Internal', 'stage', /Unknown stage 'Deleted_Internal'/],
  ['models:/diabetes-regressor/Production', 'stage', /'diabetes-regressor' has no version in stage Production/],
  ['models:/a/b/c', 'malformed', /more than two path segments/],
  ['models:/iris-classifier/', 'malformed', /suffix after the model name is empty/],
  ['models:/iris-classifier@', 'malformed', /alias after '@' is empty/],
  ['models://profile@databricks/iris-classifier/1', 'malformed', /not supported/],
];

for (const fixture of [
  { label: 'MLflow 2.17.2', ...FIXTURE_2 },
  { label: 'MLflow 3.11', ...FIXTURE_3 },
]) {
  describe(`models:/ URIs of docs/uris.md#models-uris on the real ${fixture.label} registry`, () => {
    let reg: SqliteRegistry;
    let resolver: ModelUriResolver;

    before(() => {
      reg = openRegistry(fixture.db, { readonly: true });
      resolver = new ModelUriResolver({ backend: reg });
    });
    after(() => reg.close());

    for (const c of IRIS_FORMS) {
      it(`${c.uri} → version ${c.version} (${c.stage})`, async () => {
        const r = await resolveModelUri(reg, c.uri);
        assert.equal(r.kind, 'modelVersion');
        if (r.kind !== 'modelVersion') return;
        assert.equal(r.version.version, c.version);
        assert.equal(r.version.currentStage, c.stage);
        // Where the files are: the source in 2.x, the logged model's location in 3.x.
        assert.equal(r.downloadUri, r.version.storageLocation ?? r.version.source);

        const a = await resolver.resolve(c.uri);
        assert.equal(a.kind, 'version', JSON.stringify(a));
        if (a.kind !== 'version') return;
        assert.equal(a.version.version, c.version);
        assert.equal(a.version.currentStage, c.stage);
        assert.ok(a.runName, 'the run is named for the hover');
      });
    }

    it('aliases come with the resolved version (for the hover)', async () => {
      const a = (await resolver.resolve('models:/iris-classifier/Production')) as Extract<UriResolution, { kind: 'version' }>;
      assert.deepEqual(a.version.aliases, ['champion']);
      assert.match(a.model.description ?? '', /Iris classifier/);
    });

    for (const [uri, problem, message] of NOTHING) {
      it(`${uri} resolves to nothing: ${problem}`, async () => {
        const a = await resolver.resolve(uri);
        assert.equal(a.kind, 'problem', JSON.stringify(a));
        if (a.kind !== 'problem') return;
        assert.equal(a.problem, problem);
        assert.match(a.message, message);
        // The core refuses the same URIs, with MLflow's errors.
        await assert.rejects(resolveModelUri(reg, uri), (e: unknown) => e instanceof MlflowError);
      });
    }

    // Only 2.17.2's fixture has a model without versions.
    if (fixture.revision === FIXTURE_2.revision)
      it('says a model without versions has no latest', async () => {
        const a = await resolver.resolve('models:/empty-model/latest');
        assert.equal(a.kind === 'problem' && a.problem, 'version');
        assert.match(a.kind === 'problem' ? a.message : '', /'empty-model' has no versions/);
      });

    it('reads a registered model name without a suffix as a logged model id, and says what to add', async () => {
      const a = await resolver.resolve('models:/iris-classifier');
      assert.equal(a.kind, 'problem');
      if (a.kind === 'problem') {
        assert.equal(a.problem, 'version');
        assert.match(a.message, /reads as a logged model id.*models:\/iris-classifier\/latest/);
      }
      const b = await resolver.resolve('models:/m-ffffffffffffffffffffffffffffffff');
      assert.equal(b.kind === 'problem' && b.problem, 'loggedModel');
    });

    it('caches answers per URI until cleared', async () => {
      let calls = 0;
      const counting = new Proxy(reg, {
        get(target, prop, receiver) {
          const v: unknown = Reflect.get(target, prop, receiver);
          if (typeof v !== 'function') return v;
          return (...args: unknown[]) => {
            calls++;
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      const r = new ModelUriResolver({ backend: counting });
      await r.resolve('models:/iris-classifier@champion');
      const first = calls;
      assert.ok(first > 0);
      for (let i = 0; i < 50; i++) await r.resolve('models:/iris-classifier@champion');
      assert.equal(calls, first, 'no further registry calls for the same URI');
      r.clearModel('diabetes-regressor');
      await r.resolve('models:/iris-classifier@champion');
      assert.equal(calls, first, "another model's change keeps the answer");
      r.clearModel('iris-classifier');
      await r.resolve('models:/iris-classifier@champion');
      assert.ok(calls > first, "its own model's change drops it");
    });

    it('completes model names, and names starting with what was typed', async () => {
      const all = (await reg.searchRegisteredModels({ maxResults: 1000 })).items.map((m) => m.name);
      assert.ok(all.length >= 3);
      assert.deepEqual(
        (await resolver.modelsStartingWith('')).models.map((m) => m.name),
        all,
      );
      assert.deepEqual(
        (await resolver.modelsStartingWith('iri')).models.map((m) => m.name),
        ['iris-classifier'],
      );
    });
  });
}

describe('logged model ids (models:/m-…) and runs:/ on the real registries', () => {
  it('resolves an MLflow 3 logged model id to its artifact location', async () => {
    const expected = readJson<{ logged_models: Record<string, { artifact_location: string; source_run_id: string }> }>(FIXTURE_3.expected);
    const reg = openRegistry(FIXTURE_3.db, { readonly: true });
    try {
      const resolver = new ModelUriResolver({ backend: reg });
      for (const [id, lm] of Object.entries(expected.logged_models)) {
        const r = await resolveModelUri(reg, `models:/${id}`);
        assert.equal(r.kind, 'loggedModel');
        assert.equal(r.downloadUri, lm.artifact_location);
        const a = await resolver.resolve(`models:/${id}`);
        assert.equal(a.kind === 'loggedModel' && a.loggedModel.sourceRunId, lm.source_run_id);
      }
    } finally {
      await reg.close();
    }
  });

  it('has no logged models in an MLflow 2.17.2 registry', async () => {
    const reg = openRegistry(FIXTURE_2.db, { readonly: true });
    try {
      const a = await new ModelUriResolver({ backend: reg }).resolve('models:/m-610dae704b7f458ab2229ac7a2efb4f7');
      assert.equal(a.kind === 'problem' && a.problem, 'loggedModel');
    } finally {
      await reg.close();
    }
  });

  it('resolves runs:/<run_id>/<path> to <run.artifact_uri>/<path> as stored (docs/uris.md#runs-uris)', async () => {
    const expected = readJson<{ unregistered_logged_models: { model_uri: string; source_if_registered: string }[] }>(FIXTURE_2.expected);
    const reg = openRegistry(FIXTURE_2.db, { readonly: true });
    try {
      const u = expected.unregistered_logged_models[0];
      const ref = parseRunsUri(u.model_uri);
      const run = await reg.getRun(ref.runId);
      assert.equal(resolveRunsUri(run.artifactUri!, ref.artifactPath), u.source_if_registered);
    } finally {
      await reg.close();
    }
  });
});
