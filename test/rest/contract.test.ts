/**
 * One contract, two backends: the same tests run on SqliteRegistry over a
 * copy of the 2.17.2 fixture and on RestRegistry talking to the stateful
 * server over its own copy. Where MLflow's REST API itself stores something
 * else than a direct-SQLite client would (an absent description is '' over
 * REST), the assertion says so.
 */
import assert from 'node:assert/strict';
import type { RegistryBackend } from '../../src/core/backend';
import type { ErrorCode } from '../../src/core/errors';
import { assertModelAsMlflow, versionAsMlflow } from '../helpers/asMlflow';
import { expected2 } from '../helpers/expected';
import { FIXTURE_2, tempCopy } from '../helpers/fixtures';
import { restOnFixtureCopy } from '../helpers/restOnCopy';
import { openRegistry, rejectsWith } from '../helpers/registry';

const expected = expected2();

/** A run of iris-classification and the folder MLflow logged its model to: a source the server accepts. */
const RUN = '8d56e747fcfb4164b5c9220751d143a8';
const SOURCE = `/opt/ml/project/mlruns/1/${RUN}/artifacts/model`;

export interface BackendUnderTest {
  backend: RegistryBackend;
  done(): Promise<void>;
}

export function contractSuite(name: string, makeBackend: () => Promise<BackendUnderTest>): void {
  describe(`backend contract: ${name}`, () => {
    let under: BackendUnderTest;
    let b: RegistryBackend;
    beforeEach(async () => {
      under = await makeBackend();
      b = under.backend;
    });
    afterEach(() => under.done());

    describe('reads of the fixture', () => {
      it('lists models and versions in MLflow default order; version search carries no aliases', async () => {
        const models = await b.searchRegisteredModels();
        assert.deepEqual(
          models.items.map((m) => m.name),
          expected.default_order.search_registered_models,
        );
        assert.equal(models.nextPageToken, undefined);
        const versions = await b.searchModelVersions();
        assert.deepEqual(
          versions.items.map((v) => [v.name, v.version]),
          expected.default_order.search_model_versions,
        );
        assert.ok(versions.items.every((v) => v.aliases.length === 0));
      });

      it('reports every model and version as MLflow does', async () => {
        for (const em of expected.registered_models) {
          assertModelAsMlflow(await b.getRegisteredModel(em.name), em);
          for (const ev of em.versions) {
            assert.deepEqual(versionAsMlflow(await b.getModelVersion(em.name, ev.version)), versionAsMlflow(ev));
          }
        }
      });

      it('resolves aliases, latest versions per stage and download URIs', async () => {
        assert.equal((await b.getModelVersionByAlias('iris-classifier', 'champion')).version, '3');
        await rejectsWith(() => b.getModelVersionByAlias('iris-classifier', 'nobody'), 'INVALID_PARAMETER_VALUE', /alias nobody not found/);
        await rejectsWith(() => b.getModelVersionByAlias('nope', 'champion'), 'RESOURCE_DOES_NOT_EXIST');
        assert.deepEqual(
          (await b.getLatestVersions('iris-classifier')).map((v) => v.version),
          ['1', '2', '3', '5'],
        );
        assert.deepEqual(
          (await b.getLatestVersions('iris-classifier', ['production', 'Staging'])).map((v) => v.version),
          ['2', '3'],
        );
        assert.deepEqual(await b.getLatestVersions('empty-model'), []);
        const v3 = await b.getModelVersion('iris-classifier', '3');
        assert.equal(await b.getModelVersionDownloadUri('iris-classifier', '3'), v3.source);
      });

      it('reads lineage: runs, experiments, and no logged models before MLflow 3', async () => {
        for (const [runId, er] of Object.entries(expected.runs)) {
          const run = await b.getRun(runId);
          assert.deepEqual(
            [run.runId, run.runName, run.experimentId, run.status, run.lifecycleStage, run.artifactUri, run.startTime, run.endTime],
            [er.run_id, er.run_name, er.experiment_id, er.status, er.lifecycle_stage, er.artifact_uri, er.start_time, er.end_time],
          );
          assert.deepEqual([run.params, run.metrics, run.tags], [er.params, er.metrics, er.tags]);
        }
        for (const ee of expected.experiments) {
          const e = await b.getExperiment(ee.experiment_id);
          assert.deepEqual([e.name, e.artifactLocation, e.lifecycleStage, e.tags], [ee.name, ee.artifact_location, ee.lifecycle_stage, ee.tags]);
        }
        await rejectsWith(() => b.getRun('0123456789abcdef0123456789abcdef'), 'RESOURCE_DOES_NOT_EXIST');
        await rejectsWith(() => b.getExperiment('999'), 'RESOURCE_DOES_NOT_EXIST');
        await rejectsWith(() => b.getLoggedModel('m-610dae704b7f458ab2229ac7a2efb4f7'), 'RESOURCE_DOES_NOT_EXIST', /m-610dae704b7f458ab2229ac7a2efb4f7/);
      });

      it('reads metric history as MLflow does: train_loss of iris-classifier v1-v3, empty for a missing run or key', async () => {
        for (const v of ['1', '2', '3']) {
          const runId = (await b.getModelVersion('iris-classifier', v)).runId!;
          const history = await b.getMetricHistory(runId, 'train_loss');
          assert.deepEqual(
            history.map((p) => p.step),
            [0, 1, 2, 3, 4],
          );
          assert.equal(history.at(-1)!.value, expected.runs[runId].metrics.train_loss);
        }
        assert.deepEqual(await b.getMetricHistory('0123456789abcdef0123456789abcdef', 'train_loss'), []);
        assert.deepEqual(await b.getMetricHistory(RUN, 'no_such_metric'), []);
      });

      it('fails the lookups MLflow fails', async () => {
        for (const a of expected.absent) {
          const call = a.call === 'get_registered_model' ? () => b.getRegisteredModel(a.name) : () => b.getModelVersion(a.name, a.version!);
          await rejectsWith(call, a.error_code as ErrorCode);
        }
      });
    });

    describe('writes with MLflow semantics', () => {
      it('creates a model with description and tags, and refuses a duplicate name', async () => {
        const before = await b.searchRegisteredModels();
        const m = await b.createRegisteredModel({ name: 'fraud', description: 'Fraud *model*', tags: { team: 'risk', 'a.b': 'c' } });
        assert.deepEqual([m.name, m.description, m.tags, m.latestVersions, m.aliases], ['fraud', 'Fraud *model*', { team: 'risk', 'a.b': 'c' }, [], []]);
        assert.equal(m.creationTimestamp, m.lastUpdatedTimestamp);
        assert.deepEqual(await b.getRegisteredModel('fraud'), m);
        await rejectsWith(() => b.createRegisteredModel({ name: 'fraud' }), 'RESOURCE_ALREADY_EXISTS', /Registered Model \(name=fraud\) already exists/);
        assert.equal((await b.searchRegisteredModels()).items.length, before.items.length + 1);
        const bare = await b.createRegisteredModel({ name: 'bare' });
        // null from a direct SQLite client, '' from MLflow's REST handler: both mean "none".
        assert.ok(bare.description === null || bare.description === '');
      });

      it('numbers a new version past the highest, even when that one was deleted', async () => {
        await b.deleteModelVersion('iris-classifier', '5');
        const v = await b.createModelVersion({ name: 'iris-classifier', source: SOURCE, runId: RUN, tags: { k: 'v' }, description: 'six' });
        assert.deepEqual(
          [v.version, v.currentStage, v.status, v.userId, v.tags, v.description, v.source, v.runId],
          ['6', 'None', 'READY', null, { k: 'v' }, 'six', SOURCE, RUN],
        );
        assert.equal((await b.getRegisteredModel('iris-classifier')).lastUpdatedTimestamp, v.creationTimestamp, 'creating a version touches the model');
        const again = await b.createModelVersion({ name: 'iris-classifier', source: 's3://bucket/model' });
        assert.equal(again.version, '7');
        await rejectsWith(() => b.createModelVersion({ name: 'nope', source: 's3://bucket/model' }), 'RESOURCE_DOES_NOT_EXIST', /name=nope not found/);
      });

      it('hides a deleted version everywhere and drops its aliases', async () => {
        await b.deleteModelVersion('iris-classifier', '2');
        await rejectsWith(() => b.getModelVersion('iris-classifier', '2'), 'RESOURCE_DOES_NOT_EXIST', /version=2/);
        const versions = await b.searchModelVersions({ filter: "name = 'iris-classifier'" });
        assert.deepEqual(versions.items.map((v) => v.version).sort(), ['1', '3', '5']);
        const m = await b.getRegisteredModel('iris-classifier');
        assert.ok(!m.latestVersions.some((v) => v.version === '2'));
        assert.ok(!m.aliases.some((a) => a.alias === 'challenger'));
        await rejectsWith(() => b.deleteModelVersion('iris-classifier', '2'), 'RESOURCE_DOES_NOT_EXIST');
      });

      it('sets, moves and deletes aliases, and refuses one on a deleted or missing version', async () => {
        await b.setRegisteredModelAlias('iris-classifier', 'candidate', '5');
        assert.deepEqual((await b.getModelVersionByAlias('iris-classifier', 'candidate')).aliases, ['candidate']);
        await b.setRegisteredModelAlias('iris-classifier', 'candidate', '1');
        const v1 = await b.getModelVersion('iris-classifier', '1');
        assert.deepEqual([...v1.aliases].sort(), ['baseline', 'candidate']);
        await b.deleteRegisteredModelAlias('iris-classifier', 'candidate');
        await rejectsWith(() => b.getModelVersionByAlias('iris-classifier', 'candidate'), 'INVALID_PARAMETER_VALUE');
        await b.deleteRegisteredModelAlias('iris-classifier', 'never-was');
        await b.deleteModelVersion('iris-classifier', '2');
        await rejectsWith(() => b.setRegisteredModelAlias('iris-classifier', 'ghost', '2'), 'RESOURCE_DOES_NOT_EXIST', /version=2/);
        await rejectsWith(() => b.setRegisteredModelAlias('iris-classifier', 'ghost', '99'), 'RESOURCE_DOES_NOT_EXIST', /version=99/);
        await rejectsWith(() => b.setRegisteredModelAlias('nope', 'ghost', '1'), 'RESOURCE_DOES_NOT_EXIST');
      });

      it('renames a model carrying versions, tags and aliases', async () => {
        const old = await b.getRegisteredModel('iris-classifier');
        const renamed = await b.renameRegisteredModel('iris-classifier', 'iris-v2');
        assert.deepEqual(
          [renamed.name, renamed.tags, renamed.aliases, renamed.description, renamed.creationTimestamp],
          ['iris-v2', old.tags, old.aliases, old.description, old.creationTimestamp],
        );
        assert.deepEqual(
          renamed.latestVersions.map((v) => [v.name, v.version]),
          old.latestVersions.map((v) => ['iris-v2', v.version]),
        );
        assert.equal((await b.getModelVersionByAlias('iris-v2', 'champion')).version, '3');
        assert.deepEqual((await b.getModelVersion('iris-v2', '3')).tags, (old.latestVersions.find((v) => v.version === '3') ?? { tags: {} }).tags);
        await rejectsWith(() => b.getRegisteredModel('iris-classifier'), 'RESOURCE_DOES_NOT_EXIST');
        await rejectsWith(() => b.renameRegisteredModel('iris-v2', 'churn-model'), 'RESOURCE_ALREADY_EXISTS', /churn-model/);
        await rejectsWith(() => b.renameRegisteredModel('missing', 'x'), 'RESOURCE_DOES_NOT_EXIST');
      });

      it('transitions stages, archiving the other versions in the target stage only when asked', async () => {
        const v2 = await b.transitionModelVersionStage('iris-classifier', '2', 'production', true);
        assert.equal(v2.currentStage, 'Production');
        assert.equal((await b.getModelVersion('iris-classifier', '3')).currentStage, 'Archived');
        assert.equal((await b.getModelVersion('iris-classifier', '5')).currentStage, 'None');
        const d1 = await b.transitionModelVersionStage('diabetes-regressor', '1', 'Staging', false);
        assert.equal(d1.currentStage, 'Staging');
        assert.equal((await b.getModelVersion('diabetes-regressor', '2')).currentStage, 'Staging');
        await rejectsWith(() => b.transitionModelVersionStage('iris-classifier', '1', 'Archived', true), 'INTERNAL_ERROR', /not an Active stage/);
        await rejectsWith(() => b.transitionModelVersionStage('iris-classifier', '4', 'Staging', false), 'RESOURCE_DOES_NOT_EXIST');
      });

      it('updates and clears descriptions', async () => {
        const m = await b.updateRegisteredModel('empty-model', 'now *described*');
        assert.equal(m.description, 'now *described*');
        const v = await b.updateModelVersion('iris-classifier', '5', 'five');
        assert.equal(v.description, 'five');
        assert.equal((await b.updateModelVersion('iris-classifier', '5', null)).description, null);
        const cleared = await b.updateRegisteredModel('empty-model', null);
        // MLflow's REST update stores '' for a model (it cannot send NULL); SQLite stores NULL.
        assert.ok(cleared.description === null || cleared.description === '');
        await rejectsWith(() => b.updateRegisteredModel('nope', 'x'), 'RESOURCE_DOES_NOT_EXIST');
      });

      it('upserts and deletes model and version tags; deleting a missing tag is a silent success', async () => {
        await b.setRegisteredModelTag('iris-classifier', 'owner', 'ana');
        await b.setRegisteredModelTag('iris-classifier', 'owner', 'bo');
        await b.setModelVersionTag('iris-classifier', '3', 'größe', 'groß');
        assert.equal((await b.getRegisteredModel('iris-classifier')).tags.owner, 'bo');
        assert.equal((await b.getModelVersion('iris-classifier', '3')).tags['größe'], 'groß');
        await b.deleteRegisteredModelTag('iris-classifier', 'owner');
        await b.deleteModelVersionTag('iris-classifier', '3', 'größe');
        await b.deleteRegisteredModelTag('iris-classifier', 'owner');
        assert.equal((await b.getRegisteredModel('iris-classifier')).tags.owner, undefined);
        assert.equal((await b.getModelVersion('iris-classifier', '3')).tags['größe'], undefined);
        await rejectsWith(() => b.setRegisteredModelTag('nope', 'k', 'v'), 'RESOURCE_DOES_NOT_EXIST');
        await rejectsWith(() => b.setModelVersionTag('iris-classifier', '4', 'k', 'v'), 'RESOURCE_DOES_NOT_EXIST');
      });

      it('deletes a model with its versions', async () => {
        await b.deleteRegisteredModel('iris-classifier');
        await rejectsWith(() => b.getRegisteredModel('iris-classifier'), 'RESOURCE_DOES_NOT_EXIST');
        assert.deepEqual((await b.searchModelVersions({ filter: "name = 'iris-classifier'" })).items, []);
        await rejectsWith(() => b.deleteRegisteredModel('iris-classifier'), 'RESOURCE_DOES_NOT_EXIST');
      });
    });

    describe('paging', () => {
      it("pages registered models with MLflow's tokens to the end", async () => {
        const names: string[] = [];
        let token: string | undefined;
        const tokens: string[] = [];
        do {
          const page = await b.searchRegisteredModels({ maxResults: 1, pageToken: token });
          names.push(...page.items.map((m) => m.name));
          token = page.nextPageToken;
          if (token) tokens.push(token);
        } while (token);
        assert.deepEqual(names, expected.default_order.search_registered_models);
        assert.equal(tokens[0], 'eyJvZmZzZXQiOiAxfQ==');
      });

      it('pages versions in the requested order', async () => {
        const seen: string[] = [];
        let token: string | undefined;
        do {
          const page = await b.searchModelVersions({ maxResults: 2, orderBy: ['version_number DESC'], pageToken: token });
          assert.ok(page.items.length <= 2);
          seen.push(...page.items.map((v) => v.version));
          token = page.nextPageToken;
        } while (token);
        assert.equal(seen.length, 7);
        assert.deepEqual(
          seen.map(Number),
          seen.map(Number).sort((x, y) => y - x),
        );
      });
    });

    describe('bad input fails with the same code', () => {
      const cases: [string, (r: RegistryBackend) => Promise<unknown>, ErrorCode][] = [
        ['empty model name', (r) => r.createRegisteredModel({ name: '' }), 'INVALID_PARAMETER_VALUE'],
        ['model name with /', (r) => r.createRegisteredModel({ name: 'team/model' }), 'INVALID_PARAMETER_VALUE'],
        ['rename to a name with :', (r) => r.renameRegisteredModel('iris-classifier', 'a:b'), 'INVALID_PARAMETER_VALUE'],
        ['non-integer version', (r) => r.getModelVersion('iris-classifier', 'three'), 'INVALID_PARAMETER_VALUE'],
        ['bad tag key', (r) => r.setModelVersionTag('iris-classifier', '1', 'bad!key', 'v'), 'INVALID_PARAMETER_VALUE'],
        ['reserved alias', (r) => r.setRegisteredModelAlias('iris-classifier', 'v3', '1'), 'INVALID_PARAMETER_VALUE'],
        ['bad alias characters', (r) => r.deleteRegisteredModelAlias('iris-classifier', 'a b'), 'INVALID_PARAMETER_VALUE'],
        ['unknown stage', (r) => r.transitionModelVersionStage('iris-classifier', '1', 'Deleted_Internal', false), 'INVALID_PARAMETER_VALUE'],
        ['archive towards None', (r) => r.transitionModelVersionStage('iris-classifier', '1', 'none', true), 'INTERNAL_ERROR'],
        ['empty source', (r) => r.createModelVersion({ name: 'iris-classifier', source: '' }), 'INVALID_PARAMETER_VALUE'],
        ['max_results too big', (r) => r.searchRegisteredModels({ maxResults: 1001 }), 'INVALID_PARAMETER_VALUE'],
        ['bad filter', (r) => r.searchModelVersions({ filter: "name = 'a' OR name = 'b'" }), 'INVALID_PARAMETER_VALUE'],
        ['bad order_by', (r) => r.searchRegisteredModels({ orderBy: ['creation_timestamp DESC'] }), 'INVALID_PARAMETER_VALUE'],
        ['bad page token', (r) => r.searchRegisteredModels({ pageToken: 'not-a-token' }), 'INVALID_PARAMETER_VALUE'],
        ['bad experiment id', (r) => r.getExperiment('abc'), 'INVALID_PARAMETER_VALUE'],
        ['empty run id', (r) => r.getRun(''), 'INVALID_PARAMETER_VALUE'],
      ];
      it('for every validation rule, leaving the registry as it was', async () => {
        const before = await b.searchModelVersions();
        for (const [rule, call, code] of cases) {
          await rejectsWith(() => call(b), code).catch((e: Error) => assert.fail(`${rule}: ${e.message}`));
        }
        assert.deepEqual(await b.searchModelVersions(), before);
      });
    });
  });
}

contractSuite('SqliteRegistry on a copy of the MLflow 2.17.2 fixture', async () => {
  const copy = tempCopy(FIXTURE_2.db);
  const backend = openRegistry(copy.db);
  return {
    backend,
    done: async () => {
      await backend.close();
      copy.cleanup();
    },
  };
});

contractSuite('RestRegistry against an MLflow-like server on a copy of the fixture', () => restOnFixtureCopy());
