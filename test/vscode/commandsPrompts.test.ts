import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import { labels, openedExtension, run, waitFor, withCore, workspaceDb } from './helpers';
import { byLabel, scriptPrompts } from './promptStubs';

/**
 * The prompts a first-time user meets (issue 15), answered by the test
 * through the extension's window calls: what each one offers, what Enter
 * does, and that a write is confirmed.
 */
describe('command prompts: what they offer and what they say', function () {
  this.timeout(30_000);
  let api: ExtensionApi;
  let script: ReturnType<typeof scriptPrompts> | undefined;

  before(async () => {
    api = await openedExtension();
    // Models of this suite's own, so it does not depend on what other suites changed.
    for (const [name, versions] of [
      ['prompt-delete', 2],
      ['prompt-stage', 2],
    ] as const) {
      for (let i = 0; i < versions; i++) await run('registerModel', { name, source: `/tmp/${name}/${i}` });
    }
    await run('transitionStage', { name: 'prompt-delete', version: '1', stage: 'Production' });
    await run('transitionStage', { name: 'prompt-stage', version: '1', stage: 'Production' });
    await run('setAlias', { name: 'prompt-stage', version: '1', alias: 'champion' });
  });

  afterEach(() => script?.restore());

  it('deleting a Production version takes the version typed out; Escape or a wrong entry deletes nothing', async () => {
    script = scriptPrompts(api, { inputs: [() => undefined] });
    assert.equal(await run('deleteVersion', { name: 'prompt-delete', version: '1' }), false);
    const [box] = script.log.inputs;
    assert.match(box.title!, /Delete prompt-delete version 1, which is in Production/);
    assert.match(box.prompt!, /Type the version number "1" to confirm/);
    assert.match(await validationText(box, '2'), /Type the version number "1" exactly/);
    assert.equal(await box.validateInput!('1'), undefined);
    script.done();
    assert.equal((await withCore((r) => r.getModelVersion('prompt-delete', '1'))).currentStage, 'Production', 'still there');

    script = scriptPrompts(api, { inputs: [() => '1'] });
    assert.equal(await run('deleteVersion', { name: 'prompt-delete', version: '1' }), true);
    script.done();
    await assert.rejects(
      withCore((r) => r.getModelVersion('prompt-delete', '1')),
      /not found/,
    );
    assert.deepEqual(script.log.statuses, ['$(check) Deleted prompt-delete version 1']);
  });

  it('deleting a version in None asks with Cancel first, so Enter cancels', async () => {
    script = scriptPrompts(api, { picks: [(items) => items[0]] });
    assert.equal(await run('deleteVersion', { name: 'prompt-delete', version: '2' }), false);
    script.done();
    assert.deepEqual(script.log.picks[0].labels, ['Cancel', '$(trash) Delete version 2']);
    assert.equal((await withCore((r) => r.getModelVersion('prompt-delete', '2'))).version, '2', 'still there');
  });

  it('deleting a model with versions takes its name typed out', async () => {
    script = scriptPrompts(api, { inputs: [(o) => (o.validateInput!('prompt') ? 'prompt-delete' : undefined)] });
    assert.equal(await run('deleteModel', { name: 'prompt-delete' }), true);
    script.done();
    assert.match(script.log.inputs[0].prompt!, /Type the model name "prompt-delete" to confirm/);
    await assert.rejects(
      withCore((r) => r.getRegisteredModel('prompt-delete')),
      /not found/,
    );
  });

  it('transition offers Staging, Production, Archived, None in that order, and the archive option names what it archives', async () => {
    script = scriptPrompts(api, { picks: [byLabel('Production'), byLabel(/^Archive /)] });
    await run('transitionStage', { name: 'prompt-stage', version: '2' });
    script.done();
    assert.deepEqual(script.log.picks[0].labels, ['Staging', 'Production', 'Archived'], 'the current stage (None) is left out');
    assert.deepEqual(script.log.picks[1].labels, ['Archive v1 (Production, @champion)', 'Keep v1 in Production']);
    const [v1, v2] = await withCore((r) => Promise.all([r.getModelVersion('prompt-stage', '1'), r.getModelVersion('prompt-stage', '2')]));
    assert.equal(v1.currentStage, 'Archived');
    assert.equal(v2.currentStage, 'Production');
    assert.deepEqual(script.log.statuses, ['$(check) prompt-stage version 2 is now in Production; the others in it were archived']);
  });

  it('set alias picks an existing alias that says where it moves from, and confirms the move', async () => {
    script = scriptPrompts(api, { picks: [byLabel('@champion: moves from v1 to v2')] });
    await run('setAlias', { name: 'prompt-stage', version: '2' });
    script.done();
    assert.deepEqual(script.log.picks[0].labels, ['@champion: moves from v1 to v2', '$(add) New alias…']);
    assert.equal((await withCore((r) => r.getModelVersionByAlias('prompt-stage', 'champion'))).version, '2');
    assert.deepEqual(script.log.statuses, ['$(check) @champion of prompt-stage now points to v2 (moved from v1)']);
  });

  it('a new alias is typed in a box with no look-alike placeholder, validated as typed', async () => {
    script = scriptPrompts(api, {
      picks: [byLabel('$(add) New alias…')],
      inputs: [
        async (o) => {
          assert.equal(o.placeHolder, undefined);
          assert.match(await validationText(o, ''), /cannot be empty/i);
          const moves = (await o.validateInput!('champion')) as vscode.InputBoxValidationMessage;
          assert.equal(moves.message, '@champion exists: it moves from v2 to v1');
          return 'previous';
        },
      ],
    });
    await run('setAlias', { name: 'prompt-stage', version: '1' });
    script.done();
    assert.equal((await withCore((r) => r.getModelVersionByAlias('prompt-stage', 'previous'))).version, '1');
  });

  it('Edit Description opens a multi-line description in the editor, not in a one-line box', async function () {
    // Opening an editor is the slowest step here on a loaded machine.
    this.timeout(120_000);
    await run('editDescription', { name: 'prompt-stage', description: '# Stage model\n\nLine two.\nLine three.' });
    script = scriptPrompts(api, {});
    await run('editDescription', { name: 'prompt-stage' });
    script.done();
    assert.equal(script.log.inputs.length, 0, 'no input box');
    const editor = await waitFor('the description editor', () => vscode.window.activeTextEditor, 100_000);
    assert.equal(editor.document.getText(), '# Stage model\n\nLine two.\nLine three.');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Edit Description edits a one-line description in the box, as it is, without escapes', async () => {
    await run('editDescription', { name: 'prompt-stage', version: '2', description: 'Path C:\\new\\models' });
    script = scriptPrompts(api, { inputs: [(o) => `${o.value} (checked)`] });
    await run('editDescription', { name: 'prompt-stage', version: '2' });
    script.done();
    assert.equal(script.log.inputs[0].value, 'Path C:\\new\\models');
    assert.equal((await withCore((r) => r.getModelVersion('prompt-stage', '2'))).description, 'Path C:\\new\\models (checked)');
  });

  it('Create Model says a taken name while it is typed', async () => {
    script = scriptPrompts(api, {
      inputs: [
        async (o) => {
          assert.equal(await o.validateInput!('prompt-stage'), "A registered model named 'prompt-stage' already exists.");
          assert.equal(await o.validateInput!('prompt-brand-new'), undefined);
          assert.match(await validationText(o, ''), /name/i);
          return undefined;
        },
      ],
    });
    assert.equal(await run('createModel'), undefined);
    script.done();
  });

  it('a registry that cannot be opened offers Switch Registry… beside Retry', async function () {
    this.timeout(120_000);
    const notDb = join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'train.py');
    writeFileSync(notDb, 'import mlflow\n');
    await run('selectRegistry', { path: notDb });
    assert.equal(api.manager.state.kind, 'error');
    const shown = await labels(api);
    assert.deepEqual(shown.slice(1), ['Retry', 'Switch Registry…']);
    await run('selectRegistry', { path: workspaceDb() });
    assert.equal(api.manager.state.kind, 'open');
  });

  it('starts mlflow server for an mlruns file store as a program with arguments in a terminal', async () => {
    const folder = join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'old project; rm -rf');
    mkdirSync(join(folder, 'mlruns', '0'), { recursive: true });
    const started = await run<{ url: string; terminalName: string }>('serveFileStore', { folder, port: 5999 });
    assert.equal(started?.url, 'http://127.0.0.1:5999');
    const terminal = await waitFor('the terminal', () => vscode.window.terminals.find((t) => t.name === started.terminalName));
    const options = terminal.creationOptions as vscode.TerminalOptions;
    assert.equal(options.shellPath, 'mlflow');
    assert.deepEqual(options.shellArgs, ['server', '--backend-store-uri', './mlruns', '--host', '127.0.0.1', '--port', '5999']);
    assert.equal(typeof options.cwd === 'string' ? options.cwd : options.cwd?.fsPath, folder, 'the folder is the working directory, not a shell word');
    terminal.dispose();
  });
});

/** What an input box's check says for `value`, as text (VS Code accepts a string or a message object). */
async function validationText(box: { validateInput?: (v: string) => unknown }, value: string): Promise<string> {
  const said = await box.validateInput!(value);
  if (said === undefined || said === null) return '';
  return typeof said === 'string' ? said : ((said as { message?: string }).message ?? '');
}
