import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { completions, diagnosticsByText, hoverText, label, openPython, positionOf } from './documents';
import { openedExtension, waitFor, withCore } from './helpers';

/**
 * prompts:/ URIs in Python, inside the extension host on a copy of the genai
 * fixture (suite "promptUris"): the providers are called through VS Code's
 * own execute*Provider commands, and answers are checked against what
 * expected.json says load_prompt returned or raised.
 */
describe('prompts:/ URIs in Python on the MLflow 3 genai fixture', function () {
  this.timeout(60_000);
  const SOURCE = [
    'import mlflow',
    '',
    'prod = mlflow.genai.load_prompt("prompts:/summarizer@production")',
    'first = mlflow.genai.load_prompt("prompts:/summarizer/1")',
    'newest = mlflow.genai.load_prompt("prompts:/summarizer@latest")',
    'chat = mlflow.genai.load_prompt("prompts:/support-agent@production")',
    'canary = mlflow.genai.load_prompt("prompts:/summarizer@canary")',
    'nine = mlflow.genai.load_prompt("prompts:/summarizer/9")',
    'deleted = mlflow.genai.load_prompt("prompts:/qa-with-config/2")',
    'missing = mlflow.genai.load_prompt("prompts:/no-such-prompt/1")',
    'model = mlflow.genai.load_prompt("prompts:/ticket-router/1")',
    'bare = mlflow.genai.load_prompt("prompts:/summarizer")',
    'dynamic = mlflow.genai.load_prompt(f"prompts:/summarizer@{alias}")',
    '',
  ].join('\n');
  let doc: vscode.TextDocument;

  before(async () => {
    await openedExtension();
    doc = await openPython('prompts.py', SOURCE);
  });

  it('hovers @production with its version, commit message, template start, variables and an open link', async () => {
    const text = await hoverText(doc, positionOf(doc, 'prompts:/summarizer@production', 12));
    assert.match(text, /prompt summarizer version 2\*\*/);
    assert.match(text, /text prompt · @production/);
    assert.match(text, /Commit message: Add tone control/);
    assert.match(text, /Template: `You are a concise editor\. Summarize the text below in at most \{\{num_sentences\}\} sentences/);
    assert.match(text, /Variables: `num_sentences`, `text`, `tone`/);
    const link = /\(command:mlflowRegistry\.openPrompt\?([^)]+)\)/.exec(text);
    assert.ok(link, text);
    assert.deepEqual(JSON.parse(decodeURIComponent(link[1])), [{ name: 'summarizer', alias: 'production' }]);
  });

  it('hovers @latest as the highest live version, a pinned version, and a chat prompt', async () => {
    assert.match(await hoverText(doc, positionOf(doc, 'prompts:/summarizer@latest', 12)), /prompt summarizer version 3\*\*/);
    assert.match(await hoverText(doc, positionOf(doc, 'prompts:/summarizer/1', 12)), /Commit message: Initial summarizer prompt/);
    const chat = await hoverText(doc, positionOf(doc, 'prompts:/support-agent@production', 12));
    assert.match(chat, /support\\-agent version 2\*\*/);
    assert.match(chat, /chat prompt/);
    assert.match(chat, /Template: `system: /);
  });

  it("warns on each prompts:/ URI that names nothing, in MLflow's words", async () => {
    const byText = await diagnosticsByText(doc, 6);
    assert.deepEqual(Object.keys(byText).sort(), [
      'prompts:/no-such-prompt/1',
      'prompts:/qa-with-config/2',
      'prompts:/summarizer',
      'prompts:/summarizer/9',
      'prompts:/summarizer@canary',
      'prompts:/ticket-router/1',
    ]);
    const canary = byText['prompts:/summarizer@canary'];
    assert.equal(canary.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(canary.source, 'MLflow');
    assert.equal(canary.code, 'unknown-alias');
    assert.match(canary.message, /^Prompt alias canary not found\. \('summarizer' has @production, @staging, and @latest\)$/);
    assert.equal(byText['prompts:/summarizer/9'].message, 'Prompt (name=summarizer, version=9) not found');
    assert.equal(byText['prompts:/qa-with-config/2'].message, 'Prompt (name=qa-with-config, version=2) not found');
    assert.equal(byText['prompts:/no-such-prompt/1'].message, 'Prompt with name=no-such-prompt not found');
    assert.match(byText['prompts:/ticket-router/1'].message, /^Name `ticket-router` is registered as a model, not a prompt\./);
    assert.equal(byText['prompts:/ticket-router/1'].code, 'unknown-notPrompt');
    assert.match(byText['prompts:/summarizer'].message, /Not a proper prompts:\/ URI: prompts:\/summarizer\. .*prompts:\/summarizer@latest/);
  });

  it('links each literal prompts:/ URI to mlflowRegistry.openPrompt with the name and version or alias it names', async () => {
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    const ours = links.filter((l) => l.target?.scheme === 'command');
    const args = Object.fromEntries(ours.map((l) => [doc.getText(l.range), JSON.parse(decodeURIComponent(l.target!.query)) as unknown]));
    assert.ok(ours.every((l) => l.target!.path === 'mlflowRegistry.openPrompt'));
    assert.deepEqual(args['prompts:/summarizer@production'], [{ name: 'summarizer', alias: 'production' }]);
    assert.deepEqual(args['prompts:/summarizer/1'], [{ name: 'summarizer', version: '1' }]);
    assert.deepEqual(args['prompts:/summarizer@latest'], [{ name: 'summarizer', alias: 'latest' }]);
    assert.equal(args['prompts:/summarizer'], undefined, 'a malformed URI opens nothing');
    assert.ok(!Object.keys(args).some((t) => t.includes('{')), 'an assembled URI is not a link');
    assert.equal(ours.length, 9);
  });

  it('shows a hostile commit message and template as text: no link, image, HTML or icon, and only its own command', async () => {
    await withCore(async (r) => {
      assert.ok(r.prompts);
      await r.prompts.registerPrompt({
        name: 'hostile-prompt',
        template: ']( <img src=x onerror=alert(1)> {{ victim }} $(alert)\n# heading',
        commitMessage: '[click](command:workbench.action.terminal.new) ![x](https://example.com/x.png) <b>bold</b> $(alert)',
      });
    });
    const hostile = await openPython('hostile.py', 'p = load_prompt("prompts:/hostile-prompt/1")\n');
    const text = await waitFor(
      'the new prompt in the hover',
      async () => {
        const t = await hoverText(hostile, positionOf(hostile, 'hostile-prompt', 2));
        return /version 1\*\*/.test(t) ? t : undefined;
      },
      10_000,
    );
    assert.ok(!text.includes('](command:workbench'), text);
    assert.ok(!text.includes('![x]('), text);
    assert.ok(!/<b>|<img/.test(text.replace(/`[^`]*`/g, '')), 'HTML only inside code spans');
    assert.ok(!/(^|[^\\])\$\(alert\)/.test(text.replace(/`[^`]*`/g, '')), 'no icon outside code spans');
    assert.deepEqual(
      [...text.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]),
      ['mlflowRegistry.openPrompt'],
    );
    assert.match(text, /Variables: `victim`/);
  });

  it('completes prompt names after prompts:/, versions after /, and aliases with latest after @', async () => {
    const edit = new vscode.WorkspaceEdit();
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    edit.insert(doc.uri, end, 'a = load_prompt("prompts:/\nb = load_prompt("prompts:/summarizer/\nc = load_prompt("prompts:/summarizer@');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const line = (n: number) => doc.lineAt(doc.lineCount - 3 + n);

    const names = (await completions(doc, line(0).range.end, '/')).map(label);
    for (const n of ['qa-with-config', 'summarizer', 'support-agent', 'translator-fr']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    assert.ok(!names.includes('ticket-router'), 'a model is not offered as a prompt');

    const versions = await completions(doc, line(1).range.end, '/');
    const vl = versions.map(label);
    for (const v of ['1', '2', '3']) assert.ok(vl.includes(v), `${v} in ${vl.join(', ')}`);
    assert.ok(!vl.includes('latest') && !vl.includes('Production'), 'no /latest or stages for prompts');
    assert.match(versions.find((i) => label(i) === '2')!.detail ?? '', /version 2 · @production/);

    const aliases = await completions(doc, line(2).range.end, '@');
    const al = aliases.map(label);
    for (const a of ['latest', 'production', 'staging']) assert.ok(al.includes(a), `${a} in ${al.join(', ')}`);
    assert.match(aliases.find((i) => label(i) === 'latest')!.detail ?? '', /now version 3/);
  });
});
