import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import type { ModelVersion } from '../../src/core/types';
import type { ExtensionApi } from '../../src/extension';
import { FIXTURE_2, FIXTURE_3, readJson } from '../helpers/fixtures';
import { completions, diagnosticsByText, hoverText, label, openPython, positionOf, workspaceRoot } from './documents';
import { openedExtension, run, waitFor, withCore, workspaceDb } from './helpers';

/**
 * The Explorer's "Register Model…" and models:/ URIs in Python code, inside
 * the extension host on a copy of the fixture workspace: the providers are
 * called through VS Code's own execute*Provider commands.
 */
const UNREGISTERED_RUN = 'a97ac4e7efa94699bc7494fcbe9fc188';

function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) makeWritable(p);
    else chmodSync(p, 0o644);
  }
}

describe('models:/ URIs in Python and "Register Model…" on model folders', function () {
  this.timeout(60_000);
  let api: ExtensionApi;

  before(async () => {
    api = await openedExtension();
  });

  describe("model folders (the Explorer menu's context key)", () => {
    it('lists exactly the folders that hold an MLmodel, and the compact-row chains above them', async () => {
      await api.modelFolders.ready();
      const root = vscode.Uri.file(workspaceRoot()).path;
      const found = api.modelFolders
        .list()
        .map((p) => p.slice(root.length + 1))
        .sort();
      const models = ['1', '2'].flatMap((exp) => readdirSync(join(workspaceRoot(), 'mlruns', exp)).map((run) => `mlruns/${exp}/${run}/artifacts/model`));
      // VS Code folds a folder whose only entry is a folder into one Explorer row with it.
      const onlyChild = (dir: string, child: string) => {
        const entries = readdirSync(join(workspaceRoot(), dir), { withFileTypes: true });
        return entries.length === 1 && entries[0].isDirectory() && entries[0].name === child;
      };
      const chains = models.flatMap((m) => {
        const above: string[] = [];
        for (let child = m, parent = dirname(m); parent !== 'mlruns' && onlyChild(parent, basename(child)); child = parent, parent = dirname(parent))
          above.push(parent);
        return above;
      });
      assert.ok(chains.length > 0, 'the fixture has compact rows');
      assert.deepEqual(found, [...models, ...chains].sort());
      assert.ok(!api.modelFolders.has(vscode.Uri.file(join(workspaceRoot(), 'mlruns', '1'))));
    });

    it('follows a new MLmodel written to the workspace', async () => {
      const folder = join(workspaceRoot(), 'exported', 'model');
      // At once, as MLflow copies a logged model into mlruns.
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'MLmodel'), 'flavors:\n  python_function: {}\n');
      await waitFor('the new model folder', () => api.modelFolders.has(vscode.Uri.file(folder)), 10_000);
    });
  });

  describe('registering a model folder', () => {
    it('registers the unregistered logged model with the source and run_id MLflow writes', async () => {
      const expected = readJson<{ unregistered_logged_models: { run_id: string; source_if_registered: string }[] }>(FIXTURE_2.expected)
        .unregistered_logged_models[0];
      assert.equal(expected.run_id, UNREGISTERED_RUN);
      const folder = join(workspaceRoot(), 'mlruns', '1', UNREGISTERED_RUN, 'artifacts', 'model');
      const v = await run<ModelVersion>('registerModel', { folder, name: 'iris-from-folder', description: 'from the Explorer' });
      assert.equal(v?.version, '1');
      const stored = await withCore((r) => r.getModelVersion('iris-from-folder', '1'));
      assert.equal(stored.source, expected.source_if_registered);
      assert.equal(stored.runId, expected.run_id);
      assert.equal(stored.description, 'from the Explorer');
      assert.equal(stored.runLink, null, 'MLflow fills run_link only on Databricks');
      // The tree lists it and can reveal it.
      const node = await waitFor('the new version in the tree', () => api.tree.findVersionNode('iris-from-folder', '1'));
      assert.equal(node.version.source, expected.source_if_registered);
    });

    it('adds a new version to an existing model', async () => {
      const folder = join(workspaceRoot(), 'mlruns', '1', UNREGISTERED_RUN, 'artifacts', 'model');
      const v = await run<ModelVersion>('registerModel', { folder, name: 'iris-classifier' });
      assert.equal(v?.version, '6', 'version numbers are never reused (4 was deleted, 5 exists)');
    });

    it('registers an MLflow 3 logged model folder in the mlflow.db beside its mlruns, not in the open registry', async () => {
      const project = join(workspaceRoot(), 'project3');
      cpSync(FIXTURE_3.project, project, { recursive: true });
      makeWritable(project);
      const expected = readJson<{
        model_versions: { name: string; source: string; run_id: string }[];
        logged_models: Record<string, { experiment_id: string }>;
      }>(FIXTURE_3.expected);
      const churn = expected.model_versions.find((x) => x.name === 'churn-model')!;
      const id = churn.source.slice('models:/'.length);
      const folder = join(project, 'mlruns', expected.logged_models[id].experiment_id, 'models', id, 'artifacts');
      // Copied in at once, like the model folders MLflow writes: the Explorer menu shows there too.
      await waitFor("the copied project's model folders", () => api.modelFolders.has(vscode.Uri.file(folder)), 10_000);
      const v = await run<ModelVersion>('registerModel', { folder, name: 'churn-again' });
      assert.equal(v?.version, '1');
      const other = SqliteRegistry.open(join(project, 'mlflow.db'));
      try {
        const stored = await other.getModelVersion('churn-again', '1');
        assert.equal(stored.source, churn.source, 'models:/<model_id>, as MLflow 3 writes');
        assert.equal(stored.runId, churn.run_id);
        assert.match(stored.storageLocation ?? '', new RegExp(`/mlruns/1/models/${id}/artifacts$`));
      } finally {
        await other.close();
      }
      await assert.rejects(
        withCore((r) => r.getRegisteredModel('churn-again')),
        /not found/,
        'the open registry is untouched',
      );
      assert.equal(api.manager.session?.backend.location, workspaceDb(), 'the open registry stays open');
    });

    it('refuses a folder without MLmodel, saying so', async () => {
      assert.equal(await run('registerModel', { folder: join(workspaceRoot(), 'mlruns', '1'), name: 'x' }), undefined);
      await assert.rejects(
        withCore((r) => r.getRegisteredModel('x')),
        /not found/,
      );
    });
  });

  describe('models:/ URIs in a Python file', () => {
    const SOURCE = [
      'import mlflow',
      '',
      'champion = mlflow.pyfunc.load_model("models:/iris-classifier@champion")',
      'nobody = mlflow.pyfunc.load_model("models:/iris-classifier@nobody")',
      'prod = mlflow.pyfunc.load_model("models:/iris-classifier/Production")',
      'pinned = mlflow.pyfunc.load_model("models:/iris-classifier/3")',
      'latest = mlflow.pyfunc.load_model("models:/iris-classifier/latest")',
      'ghost = mlflow.pyfunc.load_model("models:/ghost-model/1")',
      'dynamic = mlflow.pyfunc.load_model(f"models:/iris-classifier@{alias}")',
      '',
    ].join('\n');
    let doc: vscode.TextDocument;

    before(async () => {
      doc = await openPython('uris.py', SOURCE);
    });

    it('hovers @champion with the version it resolves to now', async () => {
      const text = await hoverText(doc, positionOf(doc, 'models:/iris-classifier@champion', 10));
      assert.match(text, /iris\\-classifier version 3\*\*/);
      assert.match(text, /Production/);
      assert.match(text, /@champion/);
      assert.match(text, /run /);
      assert.match(text, /Version 3 \\- current champion/, "an excerpt of the version's description");
      assert.match(text, /command:mlflowRegistry\.openModelUri/);
    });

    it('hovers a stage and latest', async () => {
      assert.match(await hoverText(doc, positionOf(doc, 'models:/iris-classifier/Production', 5)), /version 3\*\*/);
      assert.match(
        await hoverText(doc, positionOf(doc, 'models:/iris-classifier/latest', 5)),
        /version 6\*\*/,
        'the version registered above is now the highest',
      );
    });

    it('warns on URIs that resolve to nothing, naming what is unknown', async () => {
      const byText = await diagnosticsByText(doc, 2);
      assert.deepEqual(Object.keys(byText).sort(), ['models:/ghost-model/1', 'models:/iris-classifier@nobody']);
      const nobody = byText['models:/iris-classifier@nobody'];
      assert.equal(nobody.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(nobody.source, 'MLflow');
      assert.match(nobody.message, /Unknown alias '@nobody' of 'iris-classifier'/);
      assert.match(byText['models:/ghost-model/1'].message, /Unknown registered model 'ghost-model'/);
    });

    it('links each registered-model URI to the version it opens', async () => {
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
      const ours = links.filter((l) => l.target?.scheme === 'command');
      assert.deepEqual(
        ours.map((l) => doc.getText(l.range)),
        [
          'models:/iris-classifier@champion',
          'models:/iris-classifier@nobody',
          'models:/iris-classifier/Production',
          'models:/iris-classifier/3',
          'models:/iris-classifier/latest',
          'models:/ghost-model/1',
        ],
      );
      assert.match(ours[0].target!.toString(true), /mlflowRegistry\.openModelUri/);
      // The link's command resolves and reveals (or opens) the version without an error.
      await vscode.commands.executeCommand('mlflowRegistry.openModelUri', { uri: 'models:/iris-classifier@champion' });
    });

    it('completes names after models:/, then versions, stages and latest, then aliases', async () => {
      const edit = new vscode.WorkspaceEdit();
      const end = doc.lineAt(doc.lineCount - 1).range.end;
      edit.insert(doc.uri, end, 'a = load("models:/\nb = load("models:/iris-classifier/\nc = load("models:/iris-classifier@');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const line = (n: number) => doc.lineAt(doc.lineCount - 3 + n);

      const names = (await completions(doc, line(0).range.end, '/')).map(label);
      for (const n of ['churn-model', 'diabetes-regressor', 'empty-model', 'iris-classifier', 'iris-from-folder'])
        assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);

      const suffixes = await completions(doc, line(1).range.end, '/');
      const sl = suffixes.map(label);
      for (const s of ['latest', 'Production', 'Staging', 'None', 'Archived', '1', '2', '3', '5', '6']) assert.ok(sl.includes(s), `${s} in ${sl.join(', ')}`);
      assert.ok(!sl.includes('4'), 'the deleted version is not offered');
      assert.match(suffixes.find((i) => label(i) === '3')!.detail ?? '', /Production · @champion/);

      const aliases = (await completions(doc, line(2).range.end, '@')).map(label);
      assert.deepEqual(
        aliases.filter((a) => ['baseline', 'challenger', 'champion'].includes(a)),
        ['baseline', 'challenger', 'champion'],
      );
    });

    it('clears a warning once the registry has what the URI names', async () => {
      await waitFor('the ghost warning', () => vscode.languages.getDiagnostics(doc.uri).some((d) => /ghost-model/.test(d.message)), 10_000);
      await run('registerModel', { name: 'ghost-model', source: `runs:/${UNREGISTERED_RUN}/model` });
      await waitFor('the ghost warning to go', () => !vscode.languages.getDiagnostics(doc.uri).some((d) => /ghost-model/.test(d.message)), 10_000);
    });
  });

  describe('models:/ URIs in a Jupyter notebook cell', () => {
    it('hovers, completes and warns inside a Python cell', async () => {
      const data = new vscode.NotebookData([
        new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, '# Scoring', 'markdown'),
        new vscode.NotebookCellData(
          vscode.NotebookCellKind.Code,
          'model = mlflow.pyfunc.load_model("models:/iris-classifier@champion")\nother = "models:/iris-classifier@nobody"\nx = "models:/iris-classifier@',
          'python',
        ),
      ]);
      const notebook = await vscode.workspace.openNotebookDocument('jupyter-notebook', data);
      await vscode.window.showNotebookDocument(notebook);
      const cell = notebook.cellAt(1).document;
      assert.equal(cell.uri.scheme, 'vscode-notebook-cell');
      assert.match(await hoverText(cell, positionOf(cell, 'models:/iris-classifier@champion', 12)), /iris\\-classifier version 3\*\*/);
      const aliases = (await completions(cell, cell.lineAt(2).range.end, '@')).map(label);
      assert.ok(aliases.includes('champion'), aliases.join(', '));
      const diags = await waitFor(
        'a warning in the cell',
        () => {
          const d = vscode.languages.getDiagnostics(cell.uri);
          return d.length > 0 ? d : undefined;
        },
        10_000,
      );
      assert.deepEqual(
        diags.map((d) => cell.getText(d.range)),
        ['models:/iris-classifier@nobody'],
      );
    });
  });
});
