import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { ModelVersion, RegisteredModel } from '../../src/core/types';
import { childByLabel, labels, openedExtension, run, waitFor, withCore, workspaceDb } from './helpers';

/**
 * Every command through executeCommand with an argument object, as a
 * keybinding or a script would call it, on a copy of the fixture registry.
 * Results are checked through the core on a connection of the test's own.
 */
describe('commands with argument objects, checked through the core', function () {
  this.timeout(60_000);
  let api: ExtensionApi;

  before(async () => {
    api = await openedExtension();
  });

  it('opened the workspace mlflow.db found at the folder root', () => {
    const state = api.manager.state;
    assert.equal(state.kind, 'open');
    if (state.kind === 'open') {
      assert.equal(state.session.backend.location, workspaceDb());
      assert.equal(state.session.source.kind === 'sqlite' && state.session.source.origin, 'mlflow.db in the workspace');
    }
  });

  it('createModel creates a model with description and tags', async () => {
    const created = await run<RegisteredModel>('createModel', { name: 'fraud-detector', description: 'Catches *fraud*', tags: { team: 'risk' } });
    assert.equal(created?.name, 'fraud-detector');
    const m = await withCore((r) => r.getRegisteredModel('fraud-detector'));
    assert.equal(m.description, 'Catches *fraud*');
    assert.deepEqual(m.tags, { team: 'risk' });
    assert.ok((await labels(api)).includes('fraud-detector'), 'the tree lists the new model');
  });

  it('registerModel resolves a runs:/ URI to the run artifact path, as MLflow stores it', async () => {
    const runId = 'a97ac4e7efa94699bc7494fcbe9fc188';
    const v = await run<ModelVersion>('registerModel', { name: 'fraud-detector', source: `runs:/${runId}/model` });
    assert.equal(v?.version, '1');
    const stored = await withCore((r) => r.getModelVersion('fraud-detector', '1'));
    assert.equal(stored.source, `/opt/ml/project/mlruns/1/${runId}/artifacts/model`);
    assert.equal(stored.runId, runId);
  });

  it('registerModel creates the model when it does not exist yet, like mlflow.register_model', async () => {
    await run('registerModel', { name: 'brand-new', source: '/tmp/somewhere/model', description: 'first' });
    const v = await withCore((r) => r.getModelVersion('brand-new', '1'));
    assert.equal(v.description, 'first');
  });

  it('transitionStage moves a version and archives the others when asked', async () => {
    const result = await run<ModelVersion>('transitionStage', { name: 'iris-classifier', version: '2', stage: 'production', archiveExistingVersions: true });
    assert.equal(result?.currentStage, 'Production');
    const [v2, v3] = await withCore((r) => Promise.all([r.getModelVersion('iris-classifier', '2'), r.getModelVersion('iris-classifier', '3')]));
    assert.equal(v2.currentStage, 'Production');
    assert.equal(v3.currentStage, 'Archived');
  });

  it('transitionStage with a bad stage shows the error and changes nothing', async () => {
    const before = await withCore((r) => r.getModelVersion('iris-classifier', '5'));
    const result = await run('transitionStage', { name: 'iris-classifier', version: '5', stage: 'Live' });
    assert.equal(result, undefined);
    const after = await withCore((r) => r.getModelVersion('iris-classifier', '5'));
    assert.deepEqual(after, before);
  });

  it('setAlias and deleteAlias', async () => {
    await run('setAlias', { name: 'iris-classifier', alias: 'candidate', version: '5' });
    assert.equal((await withCore((r) => r.getModelVersionByAlias('iris-classifier', 'candidate'))).version, '5');
    await run('deleteAlias', { name: 'iris-classifier', alias: 'candidate' });
    const m = await withCore((r) => r.getRegisteredModel('iris-classifier'));
    assert.ok(!m.aliases.some((a) => a.alias === 'candidate'));
  });

  it('setAlias refuses a reserved name and changes nothing', async () => {
    assert.equal(await run('setAlias', { name: 'iris-classifier', alias: 'latest', version: '5' }), undefined);
    const m = await withCore((r) => r.getRegisteredModel('iris-classifier'));
    assert.ok(!m.aliases.some((a) => a.alias === 'latest'));
  });

  it('editDescription on a model and on a version', async () => {
    await run('editDescription', { name: 'diabetes-regressor', description: '# Diabetes\n\nUpdated.' });
    await run('editDescription', { name: 'diabetes-regressor', version: '1', description: 'Ridge baseline' });
    const [m, v] = await withCore((r) => Promise.all([r.getRegisteredModel('diabetes-regressor'), r.getModelVersion('diabetes-regressor', '1')]));
    assert.equal(m.description, '# Diabetes\n\nUpdated.');
    assert.equal(v.description, 'Ridge baseline');
  });

  it('setTag and deleteTag on a model and on a version', async () => {
    await run('setTag', { name: 'churn-model', key: 'owner', value: 'ops' });
    await run('setTag', { name: 'churn-model', version: '1', key: 'validated', value: 'yes' });
    let [m, v] = await withCore((r) => Promise.all([r.getRegisteredModel('churn-model'), r.getModelVersion('churn-model', '1')]));
    assert.equal(m.tags.owner, 'ops');
    assert.equal(v.tags.validated, 'yes');
    await run('deleteTag', { name: 'churn-model', key: 'owner' });
    await run('deleteTag', { name: 'churn-model', version: '1', key: 'validated' });
    [m, v] = await withCore((r) => Promise.all([r.getRegisteredModel('churn-model'), r.getModelVersion('churn-model', '1')]));
    assert.equal(m.tags.owner, undefined);
    assert.equal(v.tags.validated, undefined);
  });

  it('renameModel carries versions and aliases', async () => {
    await run('renameModel', { name: 'churn-model', newName: 'churn-model-v2' });
    const v = await withCore((r) => r.getModelVersionByAlias('churn-model-v2', 'champion'));
    assert.equal(v.version, '1');
    const names = await labels(api);
    assert.ok(names.includes('churn-model-v2') && !names.includes('churn-model'));
  });

  it('copyModelUri returns and copies the URI', async () => {
    const uri = await run<string>('copyModelUri', { name: 'iris-classifier', alias: 'champion' });
    assert.equal(uri, 'models:/iris-classifier@champion');
    assert.equal(await vscode.env.clipboard.readText(), 'models:/iris-classifier@champion');
    assert.equal(await run<string>('copyModelUri', { name: 'iris-classifier', version: 3 }), 'models:/iris-classifier/3');
    assert.equal(await run<string>('copyModelUri', { name: 'iris-classifier', stage: 'staging' }), 'models:/iris-classifier/Staging');
  });

  it('deleteVersion with skipConfirmation soft-deletes it', async () => {
    assert.equal(await run('deleteVersion', { name: 'fraud-detector', version: '1', skipConfirmation: true }), true);
    await assert.rejects(
      withCore((r) => r.getModelVersion('fraud-detector', '1')),
      /not found/,
    );
  });

  it('deleteModel with skipConfirmation removes it', async () => {
    assert.equal(await run('deleteModel', { name: 'brand-new', skipConfirmation: true }), true);
    await assert.rejects(
      withCore((r) => r.getRegisteredModel('brand-new')),
      /not found/,
    );
    assert.ok(!(await labels(api)).includes('brand-new'));
  });

  it('search filters the tree with MLflow filter syntax, and plain words match names', async () => {
    assert.equal(await run('search', { filter: "name LIKE 'iris%'" }), "name LIKE 'iris%'");
    assert.deepEqual(await labels(api), ['iris-classifier']);
    assert.equal(await run('search', { filter: 'diabetes' }), "name ILIKE '%diabetes%'");
    assert.deepEqual(await labels(api), ['diabetes-regressor']);
    assert.equal(await run('search', { filter: "name = 'a' OR name = 'b'" }), undefined, 'a bad filter is refused');
    assert.deepEqual(await labels(api), ['diabetes-regressor'], 'and the previous search stays');
    await run('search', { filter: '' });
    assert.ok((await labels(api)).length >= 4);
  });

  it('the tree groups versions by stage in MLflow order, with counts', async () => {
    await run('setGroupBy', { groupBy: 'stage' });
    const iris = await childByLabel(api, 'iris-classifier');
    assert.deepEqual(await labels(api, iris), ['Production', 'None', 'Archived']);
    const production = await childByLabel(api, 'Production', iris);
    assert.equal((await production.getTreeItem()).description, '1');
    assert.deepEqual(await labels(api, production), ['Version 2']);
    assert.deepEqual(await labels(api, await childByLabel(api, 'Archived', iris)), ['Version 3', 'Version 1']);
  });

  it('setGroupBy alias and flat regroup the versions', async () => {
    await run('setGroupBy', { groupBy: 'alias' });
    const iris = await childByLabel(api, 'iris-classifier');
    assert.deepEqual(await labels(api, iris), ['@baseline', '@challenger', '@champion', 'Without alias']);
    await run('setGroupBy', { groupBy: 'flat' });
    assert.deepEqual(await labels(api, await childByLabel(api, 'iris-classifier')), ['Version 5', 'Version 3', 'Version 2', 'Version 1']);
    await run('setGroupBy', { groupBy: 'stage' });
  });

  it('shows a change made by another process without a refresh', async () => {
    // A separate OS process writes through the core, as a training script would.
    const script = `
      const { SqliteRegistry } = require(${JSON.stringify(join(__dirname, '..', '..', 'src', 'backends', 'sqlite', 'sqliteRegistry.js'))});
      const r = SqliteRegistry.open(${JSON.stringify(workspaceDb())});
      r.createRegisteredModel({ name: 'from-another-process' }).then(() => r.close());`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    // Live refresh polls PRAGMA data_version; the deadline is generous for a loaded machine.
    await waitFor('the tree to show the model', async () => (await labels(api)).includes('from-another-process') || undefined, 30_000, 50);
  });

  it('createRegistry writes a new MLflow file and opens it; selectRegistry goes back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlflow-new-registry-'));
    const path = join(dir, 'mlflow.db');
    assert.equal(await run('createRegistry', { path }), path);
    assert.ok(existsSync(path));
    assert.equal(api.manager.session?.backend.location, path);
    assert.deepEqual(await labels(api), ['No registered models yet. Create one…']);
    await run('createModel', { name: 'first' });
    assert.deepEqual(await labels(api), ['first']);
    assert.equal(await run('selectRegistry', { path: workspaceDb() }), 'open');
    assert.equal(api.manager.session?.backend.location, workspaceDb());
    assert.ok((await labels(api)).includes('iris-classifier'));
  });

  it('selectRegistry on a file that does not exist shows an error node that opens the log', async () => {
    await run('selectRegistry', { path: '/nonexistent/mlflow.db' });
    assert.equal(api.manager.state.kind, 'error');
    const [node] = await api.tree.getChildren();
    const item = await node.getTreeItem();
    assert.match(
      typeof item.label === 'string' ? item.label : (item.label?.label ?? ''),
      /Could not open the registry: No registry file at \/nonexistent\/mlflow.db/,
    );
    assert.equal(item.command?.command, 'mlflowRegistry.showLog');
    await run('selectRegistry', { path: workspaceDb() });
    assert.equal(api.manager.state.kind, 'open');
  });

  it('refresh re-reads the registry', async () => {
    await run('refresh');
    assert.ok((await labels(api)).includes('iris-classifier'));
  });
});
