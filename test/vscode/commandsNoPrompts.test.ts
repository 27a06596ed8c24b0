import assert from 'node:assert/strict';
import type { ExtensionApi } from '../../src/extension';
import { openedExtension, run, withCore } from './helpers';

/**
 * The MLflow 2.17.2 workspace holds no prompts and predates MLflow 3: the
 * Prompts view (shown beside the models) says so, and the prompt commands refuse
 * without writing.
 */
describe('prompts on an MLflow 2.17.2 registry', function () {
  this.timeout(30_000);
  let api: ExtensionApi;

  before(async () => {
    api = await openedExtension();
  });

  it('the Prompts view has one row: prompts need MLflow 3', async () => {
    const rows = await api.promptsTree.getChildren();
    const items = await Promise.all(rows.map((r) => Promise.resolve(r.getTreeItem())));
    assert.deepEqual(
      items.map((i) => i.label),
      ['Prompts need MLflow 3'],
    );
  });

  it('createPrompt refuses and writes nothing', async () => {
    const models = async () => (await withCore((r) => r.searchRegisteredModels({ maxResults: 1000 }))).items.map((m) => m.name);
    const before = await models();
    assert.equal(await run('createPrompt', { name: 'greeter', template: 'Hello {{ name }}' }), undefined);
    assert.equal(await run('setPromptTag', { name: 'iris-classifier', key: 'k', value: 'v' }), undefined);
    assert.deepEqual(await models(), before);
    assert.equal(await withCore(async (r) => (await r.getRegisteredModel('iris-classifier')).tags.k), undefined);
  });
});
