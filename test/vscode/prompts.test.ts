import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { TreeNode } from '../../src/tree/nodes';
import { genaiExpected } from '../helpers/expectedPrompts';
import { openedExtension, run, waitFor, withCore } from './helpers';
import { scriptPrompts } from './promptStubs';

/** A row as the view shows it: label and description. */
async function rows(api: ExtensionApi, node?: TreeNode): Promise<{ label: string; description: string }[]> {
  const children = await api.promptsTree.getChildren(node);
  return Promise.all(
    children.map(async (c) => {
      const item = await c.getTreeItem();
      return { label: typeof item.label === 'string' ? item.label : (item.label?.label ?? ''), description: String(item.description ?? '') };
    }),
  );
}

/** The row of one prompt; found by its label, as the test's classes are not the bundled extension's. */
async function promptRow(api: ExtensionApi, name: string): Promise<TreeNode> {
  for (const node of await api.promptsTree.getChildren()) {
    if ((await node.getTreeItem()).label === name) return node;
  }
  assert.fail(`no row for prompt ${name}`);
}

const prompt = (name: string) => withCore((r) => r.prompts.getPrompt(name));
const versionsOf = async (name: string) => (await withCore((r) => r.prompts.listPromptVersions(name))).map((v) => v.version);

/**
 * The Prompts view and the prompt commands inside the extension host, on a
 * copy of the MLflow 3 genai fixture (its prompts are what expected.json says
 * MLflow reported). Each write is checked through the core, on a connection
 * of the test's own, and in the view.
 */
describe('the Prompts view and prompt commands on the MLflow 3 genai fixture', function () {
  this.timeout(60_000);
  let api: ExtensionApi;

  before(async () => {
    api = await openedExtension();
  });

  it('lists every prompt with its type, version count and aliases, and their versions newest first', async () => {
    const expected = genaiExpected();
    assert.deepEqual(
      (await rows(api)).map((r) => r.label),
      expected.search_prompts['search_prompts()'],
    );
    const summarizer = (await rows(api)).find((r) => r.label === 'summarizer');
    assert.equal(summarizer?.description, 'text · 3 versions · @production @staging');
    assert.equal((await rows(api)).find((r) => r.label === 'support-agent')?.description, 'chat · 2 versions · @production');
    assert.deepEqual(await rows(api, await promptRow(api, 'summarizer')), [
      { label: 'v3', description: 'Try bullet points (experimental) · @staging · text' },
      { label: 'v2', description: 'Add tone control · @production · text' },
      { label: 'v1', description: 'Initial summarizer prompt · text' },
    ]);
    // Version 2 of qa-with-config was deleted in MLflow: not a row.
    assert.deepEqual(
      (await rows(api, await promptRow(api, 'qa-with-config'))).map((r) => r.label),
      ['v3', 'v1'],
    );
  });

  it('a version row opens the prompt page with { name, version }', async () => {
    const [v3] = await (await promptRow(api, 'summarizer')).getChildren();
    const item = await v3.getTreeItem();
    assert.equal(item.command?.command, 'mlflowRegistry.openPrompt');
    assert.deepEqual(item.command?.arguments, [{ name: 'summarizer', version: '3' }]);
    assert.equal(item.contextValue, 'mlflowPromptVersion.hasAliases');
    // Its tooltip is built when the row is hovered: the view asks the provider then.
    assert.equal(item.tooltip, undefined);
    const tooltip = ((await api.promptsTree.resolveTreeItem(item, v3)).tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /\*\*summarizer\*\* version 3/, tooltip);
    assert.match(tooltip, /Variables: /, tooltip);
  });

  it('setPromptAlias moves or adds an alias; the view shows it when the command returns; latest is refused', async () => {
    assert.deepEqual(await run('setPromptAlias', { name: 'summarizer', alias: 'canary', version: '1' }), { name: 'summarizer', alias: 'canary', version: '1' });
    assert.equal((await prompt('summarizer')).aliases.canary, '1');
    assert.equal((await rows(api, await promptRow(api, 'summarizer')))[2].description, 'Initial summarizer prompt · @canary · text');
    assert.equal(await run('setPromptAlias', { name: 'summarizer', alias: 'latest', version: '1' }), undefined);
    assert.equal(await run('setPromptAlias', { name: 'summarizer', alias: 'canary', version: '99' }), undefined);
    assert.deepEqual((await prompt('summarizer')).aliases, { canary: '1', production: '2', staging: '3' });
  });

  it('setPromptAlias on a version row asks for the alias', async () => {
    const [v3] = await (await promptRow(api, 'summarizer')).getChildren();
    const script = scriptPrompts(api, { inputs: [() => 'nightly'] });
    try {
      await run('setPromptAlias', v3);
      script.done();
    } finally {
      script.restore();
    }
    assert.equal((await prompt('summarizer')).aliases.nightly, '3');
  });

  it('deletePromptAlias removes one alias and leaves the others', async () => {
    assert.deepEqual(await run('deletePromptAlias', { name: 'summarizer', alias: 'nightly' }), { name: 'summarizer', alias: 'nightly' });
    assert.deepEqual((await prompt('summarizer')).aliases, { canary: '1', production: '2', staging: '3' });
  });

  it('setPromptTag and deletePromptTag change the prompt tags only', async () => {
    await run('setPromptTag', { name: 'translator-fr', key: 'reviewer', value: 'zoé' });
    assert.equal((await prompt('translator-fr')).tags.reviewer, 'zoé');
    await run('deletePromptTag', { name: 'translator-fr', key: 'emoji' });
    assert.deepEqual((await prompt('translator-fr')).tags, { _mlflow_experiment_ids: ',2,', langue: 'français', reviewer: 'zoé' });
    // A model is not a prompt: MLflow's error, nothing written.
    assert.equal(await run('setPromptTag', { name: 'ticket-router', key: 'k', value: 'v' }), undefined);
    assert.equal(await withCore(async (r) => (await r.getRegisteredModel('ticket-router')).tags.k), undefined);
  });

  it("a write to one prompt re-reads only that prompt's versions; the others' stay as read", async () => {
    await rows(api);
    const ops = api.manager.session!.backend.prompts!;
    const list = ops.listPromptVersions.bind(ops);
    const read: string[] = [];
    ops.listPromptVersions = (name) => {
      read.push(name);
      return list(name);
    };
    try {
      await run('setPromptTag', { name: 'summarizer', key: 'owner', value: 'docs' });
      await run('deletePromptTag', { name: 'summarizer', key: 'owner' });
      assert.equal((await rows(api)).find((r) => r.label === 'summarizer')?.description, 'text · 3 versions · @canary @production @staging');
      assert.deepEqual([...new Set(read)], ['summarizer']);
    } finally {
      delete (ops as { listPromptVersions?: unknown }).listPromptVersions;
    }
  });

  it('deletePromptVersion deletes only after the confirmation, and the view drops the row', async () => {
    const cancel = scriptPrompts(api, { picks: [(items) => items[0]] });
    try {
      assert.equal(await run('deletePromptVersion', { name: 'summarizer', version: '1' }), false);
      cancel.done();
    } finally {
      cancel.restore();
    }
    assert.deepEqual(await versionsOf('summarizer'), ['3', '2', '1']);
    const confirm = scriptPrompts(api, { picks: [(items) => items[1]] });
    try {
      assert.equal(await run('deletePromptVersion', { name: 'summarizer', version: '1' }), true);
      assert.match(confirm.log.picks[0].labels[1], /Delete version 1/);
      confirm.done();
    } finally {
      confirm.restore();
    }
    assert.deepEqual(await versionsOf('summarizer'), ['3', '2']);
    assert.deepEqual(
      (await rows(api, await promptRow(api, 'summarizer'))).map((r) => r.label),
      ['v3', 'v2'],
    );
    assert.equal((await prompt('summarizer')).aliases.canary, undefined, 'the alias went with the version');
  });

  it('createPrompt creates text and chat prompts; a taken or bad name writes nothing', async () => {
    const created = await run<{ version: string; type: string }>('createPrompt', {
      name: 'greeter',
      template: 'Hello {{ name }}',
      commitMessage: 'First greeting',
      tags: { team: 'web' },
    });
    assert.equal(created.version, '1');
    const v1 = await withCore((r) => r.prompts.getPromptVersion('greeter', '1'));
    assert.deepEqual([v1.template, v1.commitMessage, v1.variables, v1.type], ['Hello {{ name }}', 'First greeting', ['name'], 'text']);
    assert.equal((await prompt('greeter')).tags.team, 'web');
    await run('createPrompt', { name: 'chatty', type: 'chat', template: '[{"role": "user", "content": "Hi {{ who }}"}]' });
    const chat = await withCore((r) => r.prompts.getPromptVersion('chatty', '1'));
    assert.deepEqual(chat.template, [{ role: 'user', content: 'Hi {{ who }}' }]);
    assert.ok((await rows(api)).some((r) => r.label === 'chatty' && r.description.startsWith('chat')));

    assert.equal(await run('createPrompt', { name: 'summarizer', template: 'again' }), undefined);
    assert.equal(await run('createPrompt', { name: 'bad name!', template: 'x' }), undefined);
    assert.equal(await run('createPrompt', { name: 'broken-chat', type: 'chat', template: 'not json' }), undefined);
    assert.equal(await run('createPrompt', { name: 'ticket-router', template: 'x' }), undefined);
    assert.deepEqual(await versionsOf('summarizer'), ['3', '2']);
    const names = (await withCore((r) => r.prompts.searchPrompts())).items.map((p) => p.name).sort();
    assert.deepEqual(names, ['chatty', 'greeter', 'qa-with-config', 'summarizer', 'support-agent', 'translator-fr']);
  });

  it('copyPromptUri copies prompts:/name/N or prompts:/name@alias, once MLflow finds it', async () => {
    assert.equal(await run('copyPromptUri', { name: 'summarizer', alias: 'production' }), 'prompts:/summarizer@production');
    assert.equal(await vscode.env.clipboard.readText(), 'prompts:/summarizer@production');
    assert.equal(await run('copyPromptUri', { name: 'summarizer', version: '2' }), 'prompts:/summarizer/2');
    assert.equal(await run('copyPromptUri', { name: 'summarizer', version: '1' }), undefined, 'a deleted version');
    assert.equal(await vscode.env.clipboard.readText(), 'prompts:/summarizer/2');
  });

  it('searchPrompts filters the view by name; text with quotes stays a literal; empty clears', async () => {
    assert.equal(await run('searchPrompts', { filter: 'summ' }), "name ILIKE '%summ%'");
    assert.deepEqual(
      (await rows(api)).map((r) => r.label),
      ['summarizer'],
    );
    await run('searchPrompts', { filter: "it's" });
    assert.deepEqual(
      (await rows(api)).map((r) => r.label),
      [`No prompts match name ILIKE "%it's%"`],
    );
    await run('searchPrompts', { filter: '' });
    await waitFor('every prompt again', async () => (await rows(api)).length === 6);
  });
});
