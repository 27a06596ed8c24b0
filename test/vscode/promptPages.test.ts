import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { PageTarget } from '../../src/pages/messages';
import { genaiExpected } from '../helpers/expectedPrompts';
import { openedExtension, run, waitFor, withCore } from './helpers';
import { byLabel, scriptPrompts } from './promptStubs';

const expected = genaiExpected();
const template = (name: string, version: string) => expected.prompts.find((p) => p.name === name)!.versions.find((v) => v.version === version)!.template;

/** Every version tag of a prompt as stored, by version. */
const storedTags = (name: string) =>
  withCore(async (r) => {
    const versions = await r.searchModelVersions({ filter: `name = '${name}' AND tag.\`mlflow.prompt.is_prompt\` = 'true'`, maxResults: 1000 });
    return Object.fromEntries(versions.items.map((v) => [v.version, { tags: v.tags, description: v.description }]));
  });

/** The text the page shows now (its shown body, tags stripped). */
const pageText = (api: ExtensionApi, target: PageTarget) =>
  api.pages
    .find(target)
    ?.shown?.body.value.replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ');

/**
 * Prompt version pages, the diff of two versions and templates saved as new
 * versions, on a copy of the MLflow 3 genai fixture (scripts/test.mjs gives
 * this suite that workspace).
 */
describe('prompt pages, diffs and templates edited as new versions', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let script: ReturnType<typeof scriptPrompts> | undefined;

  before(async function () {
    api = await openedExtension();
    const prompts = api.manager.session?.backend.prompts;
    if (!(await prompts?.searchPrompts())?.items.some((p) => p.name === 'summarizer')) this.skip(); // another workspace: see scripts/test.mjs
  });
  afterEach(async () => {
    script?.restore();
    script = undefined;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('openPrompt opens a version by number, by alias, or the latest, and the page shows it', async () => {
    assert.deepEqual(await run('openPrompt', { name: 'summarizer', alias: 'production' }), { kind: 'prompt', name: 'summarizer', version: '2' });
    assert.deepEqual(await run('openPrompt', { name: 'summarizer' }), { kind: 'prompt', name: 'summarizer', version: '3' });
    const target = await run<PageTarget>('openPrompt', { name: 'support-agent', version: '1' });
    const text = await waitFor('the chat page', () => pageText(api, target));
    for (const m of template('support-agent', '1') as { role: string; content: string }[]) assert.ok(text.includes(`${m.role} `), m.role);
    assert.match(text, /First chat prompt/);
    assert.match(api.pages.find(target)!.panel.title, /^support-agent v1 · /);
  });

  it('comparePromptVersions opens a diff of two read-only versions; the missing side is picked', async () => {
    const uris = await run<{ left: string; right: string }>('comparePromptVersions', { name: 'summarizer', left: '1', right: '2' });
    const tab = await waitFor('the diff tab', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? input : undefined;
    });
    assert.equal(tab.original.toString(), uris.left);
    assert.equal(tab.modified.toString(), uris.right);
    assert.equal((await vscode.workspace.openTextDocument(tab.original)).getText(), template('summarizer', '1'));
    assert.equal((await vscode.workspace.openTextDocument(tab.modified)).getText(), template('summarizer', '2'));

    script = scriptPrompts(api, { picks: [byLabel('Version 2')] });
    const chat = await run<{ left: string; right: string }>('comparePromptVersions', { name: 'support-agent', left: '1' });
    assert.deepEqual(script.log.picks[0].labels, ['Version 2']);
    script.done();
    const right = (await vscode.workspace.openTextDocument(vscode.Uri.parse(chat.right))).getText();
    const messages = template('support-agent', '2') as { role: string; content: string }[];
    assert.equal(right, messages.map((m, i) => `### ${i + 1}. ${m.role}\n\n${m.content}\n`).join('\n'));
  });

  it('registerPromptVersion with a template registers a new version byte for byte; earlier versions stay as they were', async () => {
    const before = await storedTags('summarizer');
    const text = 'Résumé in {{ num_sentences }} lines 🚀\r\n\tText: {{text}}\n';
    const created = await run<{ name: string; version: string }>('registerPromptVersion', {
      name: 'summarizer',
      template: text,
      commitMessage: 'From a script',
    });
    const after = await storedTags('summarizer');
    assert.equal(created.version, String(Object.keys(before).length + 1));
    assert.equal(after[created.version].tags['mlflow.prompt.text'], text);
    assert.equal(after[created.version].tags._mlflow_prompt_type, 'text');
    assert.equal(after[created.version].description, 'From a script');
    for (const v of Object.keys(before)) assert.deepEqual(after[v], before[v], `version ${v}`);
  });

  it('a template saved from the editor asks for a commit message; Escape writes nothing, Enter registers a new version and shows its page', async () => {
    const uri = vscode.Uri.parse(await run<string>('registerPromptVersion', { name: 'summarizer', basedOn: '2' }));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.getText(), template('summarizer', '2'));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, doc.positionAt(doc.getText().length), '\nKeep names as written.');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const edited = doc.getText();
    const before = await storedTags('summarizer');

    // Under load VS Code may answer save() before it calls the provider: the answers wait for the question.
    script = scriptPrompts(api, { inputs: [() => undefined] });
    assert.equal(await doc.save(), false);
    await waitFor('the commit message question', () => script!.log.inputs.length > 0);
    script.done();
    assert.ok(doc.isDirty, 'still dirty after Escape');
    assert.deepEqual(await storedTags('summarizer'), before, 'nothing written');
    script = scriptPrompts(api, { inputs: [() => undefined] });
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from(edited))), /no commit message was given/);
    script.done();

    script = scriptPrompts(api, { inputs: [() => 'Keep names'] });
    await doc.save();
    await waitFor('the commit message question', () => script!.log.inputs.length > 0);
    assert.match(String(script.log.inputs[0].title), /Save as a new version of summarizer/);
    script.done();
    const version = String(Object.keys(before).length + 1);
    const after = await waitFor('the new version', async () => {
      const tags = await storedTags('summarizer');
      return tags[version] ? tags : undefined;
    });
    assert.equal(after[version].tags['mlflow.prompt.text'], edited);
    assert.equal(after[version].description, 'Keep names');
    for (const v of Object.keys(before)) assert.deepEqual(after[v], before[v], `version ${v}`);
    const text = await waitFor('the new version’s page', () => pageText(api, { kind: 'prompt', name: 'summarizer', version }));
    assert.match(text, /Keep names as written\./);
    await waitFor('the editor saved', () => !doc.isDirty);
    assert.equal(doc.getText(), edited);
  });

  it('a chat prompt is edited as JSON messages; a wrong list is refused before any question, naming what is wrong', async () => {
    const uri = vscode.Uri.parse(await run<string>('registerPromptVersion', { name: 'support-agent' }));
    assert.match(uri.path, /\/support-agent\/messages\.json$/);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.deepEqual(JSON.parse(doc.getText()), template('support-agent', '2'));
    const before = await storedTags('support-agent');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), '[{"role": "user"}]');
    assert.ok(await vscode.workspace.applyEdit(edit));
    script = scriptPrompts(api, {});
    assert.equal(await doc.save(), false);
    script.done();
    assert.deepEqual(await storedTags('support-agent'), before);
    // The same write as VS Code's save makes, to read the error it shows.
    script = scriptPrompts(api, {});
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(uri, Buffer.from(doc.getText()))), /Message 1 needs a "content" string/);
    script.done();
    assert.deepEqual(await storedTags('support-agent'), before);
  });
});
