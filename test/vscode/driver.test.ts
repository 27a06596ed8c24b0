import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, labels, waitFor } from './helpers';

/**
 * Run by the harness on hosts where better-sqlite3 cannot load (a damaged
 * native build on Node 20; no build for Node 22's ABI). MLFLOW_TEST_EXPECT_DRIVER
 * says what the host allows: 'node:sqlite' where the fallback exists, 'none' where not.
 */
const expected = process.env.MLFLOW_TEST_EXPECT_DRIVER;

describe(`SQLite driver fallback on Node ${process.versions.node} (expect ${expected})`, function () {
  this.timeout(60_000);

  it('the harness said what to expect', () => {
    assert.ok(expected === 'node:sqlite' || expected === 'none', `MLFLOW_TEST_EXPECT_DRIVER=${expected}`);
  });

  if (expected === 'node:sqlite') {
    it('opens the workspace registry on node:sqlite and lists its models', async () => {
      const api = await extensionApi();
      await waitFor('the registry to open', () => api.manager.state.kind !== 'none');
      const state = api.manager.state;
      assert.equal(state.kind, 'open', state.kind === 'error' ? state.message : '');
      if (state.kind === 'open') assert.equal((state.session.backend as unknown as { driverName: string }).driverName, 'node:sqlite');
      assert.deepEqual(await labels(api), ['churn-model', 'diabetes-regressor', 'empty-model', 'iris-classifier']);
      await vscode.commands.executeCommand('mlflowRegistry.setTag', { name: 'iris-classifier', key: 'via', value: 'node-sqlite' });
      const m = await api.manager.session!.backend.getRegisteredModel('iris-classifier');
      assert.equal(m.tags.via, 'node-sqlite');
    });
  }

  if (expected === 'none') {
    it('still activates, and names the cause and the fix in the tree', async () => {
      const api = await extensionApi();
      await waitFor('the registry attempt to finish', () => api.manager.state.kind !== 'none');
      const state = api.manager.state;
      assert.equal(state.kind, 'error');
      if (state.kind === 'error') {
        assert.match(state.message, /No SQLite driver could be loaded/);
        assert.match(state.message, /better-sqlite3: /);
        assert.match(state.message, /node:sqlite: not available without a flag in Node\.js 20\.\d+\.\d+ \(needs 22\.13 \(or 23\.4 on Node 23\) or newer\)/);
        assert.match(state.message, /Fix: /);
        assert.match(state.message, /Remote MLflow servers keep working/);
      }
      const [first] = await labels(api);
      assert.match(first, /^Could not open the registry: No SQLite driver could be loaded/);
    });

    it('keeps its commands working', async () => {
      const all = await vscode.commands.getCommands(true);
      for (const id of ['mlflowRegistry.refresh', 'mlflowRegistry.selectRegistry', 'mlflowRegistry.showLog']) assert.ok(all.includes(id), id);
      // A write command answers with a clear error instead of throwing into the host.
      assert.equal(await vscode.commands.executeCommand('mlflowRegistry.createModel', { name: 'x' }), undefined);
    });
  }
});
