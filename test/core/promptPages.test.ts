import assert from 'node:assert/strict';
import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import type { PromptOperations } from '../../src/core/promptApi';
import { editableTemplate, newVersionFrom, parseEditedTemplate, promptReadableText, templatePieces } from '../../src/core/promptText';
import { escapeHtml } from '../../src/pages/html';
import { loadPromptPage, promptUris } from '../../src/pages/promptData';
import { renderPromptPage } from '../../src/pages/promptPage';
import { parsePromptPath, promptDraftPath, promptVersionPath } from '../../src/pages/promptUri';
import { announcingWrites } from '../../src/registry/announcingBackend';
import type { RegistryChange } from '../../src/registry/registryEvents';
import { genaiExpected, type ExpectedPromptVersion } from '../helpers/expectedPrompts';
import { tempCopy, type TempCopy } from '../helpers/fixtures';
import { FIXTURE_GENAI } from '../helpers/genaiFixture';
import { rawQuery } from '../helpers/raw';
import { openRegistry } from '../helpers/registry';

const expected = genaiExpected();
const expectedVersion = (name: string, version: string): ExpectedPromptVersion =>
  expected.prompts.find((p) => p.name === name)!.versions.find((v) => v.version === version)!;
const EVIL = `"><img src=x onerror=alert(1)><script>alert(2)</script>`;
const WRITABLE = { writable: true };

/** The text of every element matching `pattern`'s first group, tags stripped, entities as written. */
const texts = (page: string, pattern: RegExp) => [...page.matchAll(pattern)].map((m) => m[1].replace(/<[^>]*>/g, ''));

describe('prompt version pages, diff text and edited templates on the genai fixture', () => {
  let copy: TempCopy;
  let registry: SqliteRegistry;
  let prompts: PromptOperations;

  beforeEach(() => {
    copy = tempCopy(FIXTURE_GENAI.db);
    registry = openRegistry(copy.db);
    prompts = registry.prompts!;
  });
  afterEach(async () => {
    await registry.close();
    copy.cleanup();
  });

  it('shows summarizer version 3 with its variables marked and its literal <text> tags escaped', async () => {
    const want = expectedVersion('summarizer', '3');
    const page = String(renderPromptPage(await loadPromptPage(prompts, 'summarizer', '3', WRITABLE)));
    const template = /<pre class="prompt-template">(.*?)<\/pre>/s.exec(page)![1];
    assert.equal(template.replace(/<span class="prompt-var"[^>]*>(.*?)<\/span>/g, '$1'), escapeHtml(want.template as string));
    assert.deepEqual(texts(template, /<span class="prompt-var"[^>]*>(.*?)<\/span>/g), ['{{num_sentences}}', '{{tone}}', '{{text}}']);
    assert.doesNotMatch(page, /<text>/);
    assert.match(page, /<h1>summarizer <span class="version-number">version 3<\/span><\/h1>/);
    assert.match(page, new RegExp(`<p class="commit-message">${escapeHtml(want.commit_message!).replace(/[()]/g, '\\$&')}</p>`));
  });

  it('lists the history newest first with commit messages and aliases, each other version a link to its page', async () => {
    const page = String(renderPromptPage(await loadPromptPage(prompts, 'summarizer', '2', WRITABLE)));
    const history = /<table class="data" id="prompt-history">.*?<\/table>/s.exec(page)![0];
    const body = /<tbody>(.*)<\/tbody>/s.exec(history)![1];
    const rows = texts(body, /<tr(?: aria-current="page")?>(.*?)<\/tr>/gs);
    const versions = expected.prompts.find((p) => p.name === 'summarizer')!.versions;
    // Live versions only (MLflow lists none that were deleted), newest first.
    const live = [...versions].reverse();
    assert.equal(rows.length, live.length);
    live.forEach((v, i) => assert.ok(rows[i].includes(escapeHtml(v.commit_message!)), `row ${i}: ${rows[i]}`));
    assert.deepEqual(
      [...history.matchAll(/data-open-prompt-version="(\d+)"/g)].map((m) => m[1]),
      live.filter((v) => v.version !== '2').map((v) => v.version),
    );
    assert.match(history, /<tr aria-current="page"><th scope="row"><strong>Version 2<\/strong>/);
  });

  it('offers prompts:/ URIs by number and by alias, each with a Copy button', async () => {
    const data = await loadPromptPage(prompts, 'summarizer', '2', WRITABLE);
    assert.deepEqual(promptUris(data.version), ['prompts:/summarizer/2', 'prompts:/summarizer@production']);
    const page = String(renderPromptPage(data));
    for (const uri of promptUris(data.version)) assert.ok(page.includes(`data-copy="${uri}"`), uri);
  });

  it('shows a chat prompt as role-labelled messages and its response format as indented JSON', async () => {
    const want = expectedVersion('support-agent', '2');
    const page = String(renderPromptPage(await loadPromptPage(prompts, 'support-agent', '2', WRITABLE)));
    const messages = want.template as { role: string; content: string }[];
    assert.deepEqual(
      texts(page, /<p class="chat-role">(.*?)<\/p>/g),
      messages.map((m) => m.role),
    );
    assert.deepEqual(
      texts(page, /<li class="chat-message">.*?<pre class="prompt-template">(.*?)<\/pre>/gs),
      messages.map((m) => escapeHtml(m.content)),
    );
    const json = /<section class="card" aria-labelledby="response-format">.*?<pre class="json">(.*?)<\/pre>/s.exec(page)![1];
    assert.equal(json, escapeHtml(JSON.stringify(want.response_format, null, 2)));
    assert.doesNotMatch(page, /aria-labelledby="model-config"/, 'no model config on this version');
  });

  it('shows a model config as indented JSON', async () => {
    const want = expectedVersion('qa-with-config', '3');
    const page = String(renderPromptPage(await loadPromptPage(prompts, 'qa-with-config', '3', WRITABLE)));
    const json = /aria-labelledby="model-config">.*?<pre class="json">(.*?)<\/pre>/s.exec(page)![1];
    assert.equal(json, escapeHtml(JSON.stringify(want.model_config, null, 2)));
  });

  it('escapes hostile roles, contents, commit messages and tags: no markup of the registry reaches the page', async () => {
    await prompts.registerPrompt({ name: 'hostile', template: [{ role: EVIL, content: `${EVIL} {{ q }}` }], commitMessage: EVIL, tags: { note: EVIL } });
    const page = String(renderPromptPage(await loadPromptPage(prompts, 'hostile', '1', { writable: false, reason: EVIL })));
    assert.doesNotMatch(page, /<img|<script/);
    assert.ok(page.includes(escapeHtml(EVIL)));
    assert.match(page, /<button type="button" class="primary" data-action="editTemplate" title="Read-only registry: [^"]*" disabled>/);
  });

  it('the diff text: a text template as it is; a chat prompt one block per message, role first', async () => {
    const text = await prompts.getPromptVersion('summarizer', '1');
    assert.equal(promptReadableText(text), expectedVersion('summarizer', '1').template);
    const chat = await prompts.getPromptVersion('support-agent', '1');
    const messages = expectedVersion('support-agent', '1').template as { role: string; content: string }[];
    assert.equal(promptReadableText(chat), messages.map((m, i) => `### ${i + 1}. ${m.role}\n\n${m.content}\n`).join('\n'));
  });

  it('an edited chat prompt reads back as its messages; a wrong one is refused naming what is wrong', async () => {
    const chat = await prompts.getPromptVersion('support-agent', '2');
    assert.deepEqual(parseEditedTemplate('chat', editableTemplate(chat.template)), chat.template);
    assert.equal(parseEditedTemplate('text', ' {{ x }}\r\n'), ' {{ x }}\r\n');
    const refusals: [string, RegExp][] = [
      ['[{"role": "user", "content": "hi"}', /not valid JSON/],
      ['{"role": "user"}', /must be a JSON list/],
      ['[]', /at least one message/],
      ['[{"role": "user", "content": "a"}, "b"]', /Message 2 must be an object/],
      ['[{"role": "user"}]', /Message 1 needs a "content" string/],
      ['[{"content": "a"}]', /Message 1 needs a "role" string/],
      ['[{"role": "user", "content": "a", "name": "x"}]', /Message 1 has keys MLflow does not keep: "name"/],
    ];
    for (const [text, why] of refusals) assert.throws(() => parseEditedTemplate('chat', text), why, text);
  });

  it('a version made from a base keeps its type and stored response format byte for byte; the base is unchanged', async () => {
    const tagsOf = (version: number): Record<string, string> =>
      Object.fromEntries(
        rawQuery(copy.db, "SELECT key, value FROM model_version_tags WHERE name = 'support-agent' AND version = ?", version).map((r) => [
          String(r.key),
          String(r.value),
        ]),
      );
    const before = tagsOf(2);
    const base = await prompts.getPromptVersion('support-agent', '2');
    const messages = [...(base.template as { role: string; content: string }[]), { role: 'user', content: 'Thanks! {{ name }}' }];
    const created = await prompts.registerPrompt(newVersionFrom(base, messages, 'Say thanks'));
    assert.equal(created.version, '3');
    const after = tagsOf(3);
    assert.equal(after._mlflow_prompt_type, 'chat');
    assert.equal(after._mlflow_prompt_response_format, before._mlflow_prompt_response_format);
    assert.deepEqual((await prompts.getPromptVersion('support-agent', '3')).template, messages);
    assert.equal((await prompts.getPromptVersion('support-agent', '3')).commitMessage, 'Say thanks');
    assert.deepEqual(tagsOf(2), before);
  });

  it('prompt writes through the session’s backend announce the new version, as other writes do', async () => {
    const changes: RegistryChange[] = [];
    const announcing = announcingWrites(registry, async (c) => {
      changes.push(c);
    });
    const base = await announcing.prompts!.getPromptVersion('summarizer', '3');
    await announcing.prompts!.registerPrompt(newVersionFrom(base, 'Short: {{text}}', ''));
    assert.deepEqual(
      changes.filter((c) => c.version !== undefined),
      [{ model: 'summarizer', version: '4' }],
    );
  });
});

describe('prompt document paths', () => {
  it('read back as the name and version they were made from, names that paths misread included', () => {
    for (const name of ['summarizer', '.', '..', '...', 'a.b-c_d']) {
      assert.deepEqual(parsePromptPath(promptVersionPath(name, '12')), { kind: 'version', name, version: '12' });
      assert.deepEqual(parsePromptPath(promptDraftPath(name, 'chat')), { kind: 'draft', name, type: 'chat' });
      assert.deepEqual(parsePromptPath(promptDraftPath(name, 'text')), { kind: 'draft', name, type: 'text' });
    }
    assert.equal(promptVersionPath('..', '1'), '/%2E%2E/1/prompt.txt');
  });

  it('only the forms written: other paths name nothing', () => {
    for (const path of [
      '/',
      '/a',
      '/a/0/prompt.txt',
      '/a/01/prompt.txt',
      '/a/1/other.txt',
      '/../1/prompt.txt',
      '/a/b/1/prompt.txt',
      '/%61/template.txt',
      '/a/notes.txt',
      '//template.txt',
    ]) {
      assert.equal(parsePromptPath(path), undefined, path);
    }
  });

  it('cut a template at MLflow’s variable pattern and join back to the same text', () => {
    const text = 'Hi {{ user.name }}, {{x}} {{ 1bad }} {{y';
    const pieces = templatePieces(text);
    assert.equal(pieces.map((p) => p.text).join(''), text);
    assert.deepEqual(
      pieces.filter((p) => p.variable).map((p) => p.variable),
      ['user.name', 'x'],
    );
  });
});
