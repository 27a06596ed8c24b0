/**
 * What both backends must report of the genai fixture's logged models: the
 * params and metrics MLflow's client reports (expected.json), and the version
 * page's reading of them. Each backend's suite calls this with its own opener.
 */
import assert from 'node:assert/strict';
import type { RegistryBackend } from '../../src/core/backend';
import { loadVersionPage } from '../../src/pages/versionData';
import { RegistrySession } from '../../src/registry/registrySession';
import { expectedGenai } from './genaiFixture';
import { rejectsWith } from './registry';

export function checkLoggedModels(open: () => Promise<{ backend: RegistryBackend; done(): Promise<void> }>): void {
  const expected = expectedGenai();
  let backend: RegistryBackend;
  let done: () => Promise<void>;
  before(async () => {
    ({ backend, done } = await open());
  });
  after(() => done());

  for (const [modelId, el] of Object.entries(expected.logged_models)) {
    it(`reads logged model ${modelId}: params, and every metric with its step and dataset, as MLflow`, async () => {
      const m = await backend.getLoggedModel(modelId);
      assert.deepEqual(m.params, el.params);
      assert.deepEqual(
        m.metrics.map((x) => ({
          key: x.key,
          value: x.value,
          step: x.step,
          timestamp: x.timestamp,
          run_id: x.runId,
          ...(x.datasetName === null ? {} : { dataset_name: x.datasetName }),
          ...(x.datasetDigest === null ? {} : { dataset_digest: x.datasetDigest }),
        })),
        el.metrics,
      );
      assert.deepEqual(m.tags, el.tags);
      assert.equal(m.sourceRunId, el.source_run_id);
    });
  }

  for (const link of expected.model_version_logged_model_links) {
    it(`${link.name} v${link.version}: its source's logged model has the params and metrics MLflow reports`, async () => {
      const v = await backend.getModelVersion(link.name, link.version);
      assert.equal(v.source, link.source);
      const page = await loadVersionPage(new RegistrySession({ kind: 'none' }, backend), link.name, link.version);
      const m = page.logged?.model;
      assert.ok(m, page.logged?.error ?? 'no logged model on the page');
      assert.equal(m.modelId, link['logged_model_id (from source)']);
      assert.equal(m.sourceRunId, link['logged_model.source_run_id']);
      assert.deepEqual(m.params, link['logged_model params']);
      assert.deepEqual(Object.fromEntries(m.metrics.map((x) => [x.key, x.value])), link['logged_model metrics']);
      assert.equal(page.run?.runId, link['logged_model.source_run_id']);
      assert.deepEqual(
        page.logged?.registeredAs.map((x) => `${x.name}/${x.version}`),
        [`${link.name}/${link.version}`],
        'each of the fixture’s logged models was registered once',
      );
    });
  }

  it('a logged model id that does not exist is RESOURCE_DOES_NOT_EXIST', async () => {
    await rejectsWith(() => backend.getLoggedModel('m-00000000000000000000000000000000'), 'RESOURCE_DOES_NOT_EXIST', /not found/);
  });
}
