import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { VersionNode } from '../../src/tree/nodes';
import { rawExec } from '../helpers/raw';
import { hoverText } from './documents';
import { childByLabel, labels, openedExtension, run, waitFor, withCore, workspaceDb } from './helpers';

/**
 * Registry content is hostile input. On a copy of the fixture whose rows say
 * what an attacker wrote into mlflow.db (MLflow's own database holds any
 * string), nothing of it may become a command link, and serving may run
 * nothing but the mlflow executable with an argument array.
 */
const EVIL_ARGS = encodeURIComponent(JSON.stringify([{ uri: 'models:/x;touch PWN;#/1' }]));
const HOSTILE_STAGE = `[Open version](command:mlflowRegistry.serveModel?${EVIL_ARGS})`;

function workspaceRoot(): string {
  return vscode.workspace.workspaceFolders![0].uri.fsPath;
}

async function hoverMarkdown(doc: vscode.TextDocument, needle: string): Promise<string> {
  return hoverText(doc, doc.positionAt(doc.getText().indexOf(needle) + 10));
}

/** Every command link in a Markdown text, with its decoded arguments. */
function commandLinks(markdown: string): { command: string; args: unknown }[] {
  return [...markdown.matchAll(/\]\(command:([\w.]+)(?:\?([^)\s]*))?\)/g)].map((m) => ({
    command: m[1],
    args: m[2] ? (JSON.parse(decodeURIComponent(m[2])) as unknown) : undefined,
  }));
}

describe('hostile registry content', function () {
  this.timeout(90_000);
  let api: ExtensionApi;

  before(async () => {
    api = await openedExtension();
    rawExec(workspaceDb(), `UPDATE model_versions SET current_stage = '${HOSTILE_STAGE.replace(/'/g, "''")}' WHERE name = 'iris-classifier' AND version = 2`);
  });

  describe('a command link in current_stage (the models:/ hover)', () => {
    let doc: vscode.TextDocument;

    before(async () => {
      const path = join(workspaceRoot(), 'hostile.py');
      writeFileSync(path, 'import mlflow\nm = mlflow.pyfunc.load_model("models:/iris-classifier/2")\n');
      doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path));
      await vscode.window.showTextDocument(doc);
    });

    it('shows the stage as text, and links only to commands with arguments the extension built', async () => {
      const md = await waitFor(
        'the hover to show the new stage',
        async () => {
          const text = await hoverMarkdown(doc, 'models:/iris-classifier/2');
          // Version 2 was in Staging: once that is gone, the hover reads the new row.
          return text.includes('version 2') && !text.includes('Staging') ? text : undefined;
        },
        20_000,
        200,
      );
      const links = commandLinks(md);
      assert.deepEqual(
        links,
        [
          { command: 'mlflowRegistry.openModelUri', args: [{ uri: 'models:/iris-classifier/2' }] },
          { command: 'mlflowRegistry.serveModel', args: [{ uri: 'models:/iris-classifier/2' }] },
        ],
        `hover markdown:\n${md}`,
      );
      assert.ok(!md.includes(EVIL_ARGS), 'the crafted arguments are not in any link');
    });

    it('keeps the version in the stage-grouped tree, under a group named by the stage text', async () => {
      const iris = await childByLabel(api, 'iris-classifier');
      const groups = await waitFor(
        'the hostile stage group',
        async () => {
          const l = await labels(api, iris);
          return l.includes(HOSTILE_STAGE) ? l : undefined;
        },
        20_000,
        200,
      );
      assert.deepEqual(groups, ['Production', 'None', 'Archived', HOSTILE_STAGE]);
      const group = await childByLabel(api, HOSTILE_STAGE, iris);
      const [version] = (await api.tree.getChildren(group)) as VersionNode[];
      const item = await version.getTreeItem();
      assert.equal(item.label, 'Version 2');
      assert.match(item.contextValue ?? '', /^mlflowVersion\.Other(\.hasAliases)?$/, 'menus see "Other", not the stage text');
      // The tooltip comes when the row is hovered, through the provider as VS Code asks for it.
      assert.equal(item.tooltip, undefined);
      const tooltip = ((await api.tree.resolveTreeItem(item, version)).tooltip as vscode.MarkdownString).value;
      assert.match(tooltip, /Version 2|version 2/);
      assert.deepEqual(commandLinks(tooltip), [], tooltip);
    });
  });

  describe('Serve Model… runs mlflow without a shell', () => {
    const NAMES = ["x\\';touch PWN-fish;#", 'x’;touch PWN;’', 'x&touch PWN&'];
    let bin: string;
    let argvLog: string;
    let savedPath: string | undefined;

    const calls = (): { argv: string[]; cwd: string; trackingUri: string }[] =>
      existsSync(argvLog)
        ? readFileSync(argvLog, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as { argv: string[]; cwd: string; trackingUri: string })
        : [];

    before(async () => {
      // A fake mlflow first on PATH: it records its argv and environment, and does nothing else.
      bin = mkdtempSync(join(tmpdir(), 'mlflow-fake-bin-'));
      argvLog = join(bin, 'argv.jsonl');
      writeFileSync(
        join(bin, 'mlflow'),
        `#!${process.execPath}\nrequire('fs').appendFileSync(${JSON.stringify(argvLog)}, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), trackingUri: process.env.MLFLOW_TRACKING_URI }) + '\\n');\n`,
      );
      chmodSync(join(bin, 'mlflow'), 0o755);
      savedPath = process.env.PATH;
      process.env.PATH = `${bin}${delimiter}${savedPath ?? ''}`;
      await withCore(async (reg) => {
        for (const name of NAMES) {
          await reg.createRegisteredModel({ name });
          await reg.createModelVersion({ name, source: 's3://bucket/models/m' });
        }
      });
      await waitFor(
        'the tree to show the new models',
        async () => {
          const l = await labels(api);
          return NAMES.every((n) => l.includes(n)) || undefined;
        },
        20_000,
        200,
      );
    });

    after(() => {
      process.env.PATH = savedPath;
      for (const t of vscode.window.terminals) if (t.name.startsWith('MLflow: serve')) t.dispose();
      rmSync(bin, { recursive: true, force: true });
    });

    it('starts mlflow with the models:/ URI as one argument, and the registry as MLFLOW_TRACKING_URI', async () => {
      const result = await run<{ uri: string; trackingUri: string; executable: string; args: string[]; terminalName: string }>('serveModel', {
        name: 'iris-classifier',
        alias: 'champion',
        port: 5001,
      });
      assert.ok(result, 'serveModel returned its result');
      assert.equal(result.executable, join(bin, 'mlflow'));
      assert.deepEqual(result.args, ['models', 'serve', '-m', 'models:/iris-classifier@champion', '-p', '5001']);
      const call = await waitFor('the fake mlflow to run', () => calls().find((c) => c.argv.includes('models:/iris-classifier@champion')), 20_000, 100);
      assert.deepEqual(call.argv, ['models', 'serve', '-m', 'models:/iris-classifier@champion', '-p', '5001']);
      assert.equal(call.trackingUri, `sqlite:///${workspaceDb()}`);
      assert.equal(call.cwd, dirname(workspaceDb()));
    });

    for (const name of NAMES) {
      it(`serves ${JSON.stringify(name)} with argv exactly models serve -m <its URI>, running nothing else`, async () => {
        const before = calls().length;
        const uri = `models:/${name}/1`;
        const result = await run<{ args: string[] }>('serveModel', { name, version: '1' });
        assert.deepEqual(result?.args, ['models', 'serve', '-m', uri]);
        const call = await waitFor(
          'the fake mlflow to run',
          () =>
            calls()
              .slice(before)
              .find(() => true),
          20_000,
          100,
        );
        assert.deepEqual(call.argv, ['models', 'serve', '-m', uri]);
        assert.equal(calls().length, before + 1, 'mlflow ran once');
      });
    }

    it('created no file a shell would have made of a name', () => {
      for (const dir of [workspaceRoot(), dirname(workspaceDb()), bin]) {
        for (const f of ['PWN', 'PWN-fish', 'PWN;’', 'PWN&']) assert.equal(existsSync(join(dir, f)), false, `${join(dir, f)} exists`);
      }
    });

    it('says clearly that mlflow is missing instead of opening a terminal that fails', async () => {
      const empty = mkdtempSync(join(tmpdir(), 'mlflow-no-bin-'));
      const terminals = vscode.window.terminals.length;
      process.env.PATH = empty;
      try {
        assert.equal(await run('serveModel', { name: 'iris-classifier', version: '1' }), undefined, 'the command reports an error instead of a result');
      } finally {
        process.env.PATH = `${bin}${delimiter}${savedPath ?? ''}`;
        rmSync(empty, { recursive: true, force: true });
      }
      assert.equal(vscode.window.terminals.length, terminals, 'no terminal opened');
    });
  });
});
