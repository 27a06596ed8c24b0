import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { markdownRenderer } from '../../src/pages/markdownRenderer';
import { loadPageContent, noRegistryContent, notReadContent, type PageContent } from '../../src/pages/pageContent';
import { english, useTranslator } from '../../src/pages/pageL10n';
import type { ModelPageData } from '../../src/pages/modelPage';
import type { PageTarget } from '../../src/pages/messages';
import { framePage, pageTitle } from '../../src/pages/registryFrame';
import { presentRemoteImages } from '../../src/pages/remoteImages';
import { html, renderDocument } from '../../src/pages/html';
import { pageWords } from '../../src/pages/pageWords';
import { RegistrySession } from '../../src/registry/registrySession';
import { registryIdentity } from '../../src/registry/registryIdentity';
import { genaiExpected } from '../helpers/expectedPrompts';
import { expected2 } from '../helpers/expected';
import { FIXTURE_2, readJson, tempDir } from '../helpers/fixtures';
import { FIXTURE_GENAI } from '../helpers/genaiFixture';
import { openRegistry } from '../helpers/registry';

/**
 * Every sentence, label and button a page shows must reach the translator:
 * with one that brackets what it returns, whatever text of a rendered page is
 * left outside brackets must be registry data (names, ids, values), numbers
 * or punctuation, never a word of ours.
 */
const OPEN = '⟦';
const CLOSE = '⟧';
const marking = (message: string, ...args: (string | number | boolean)[]) => `${OPEN}${english(message, ...args)}${CLOSE}`;

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#96;': '`', '&amp;': '&' };
const decode = (text: string) => text.replace(/&(?:lt|gt|quot|#39|#96|amp);/g, (e) => ENTITIES[e]);

/** What a reader sees or hears: the text between tags, and the attributes read aloud or shown on hover. */
function shownText(page: string): string[] {
  const attributes = [...page.matchAll(/\s(?:title|aria-label|alt|placeholder)="([^"]*)"/g)].map((m) => decode(m[1]));
  const text = decode(page.replace(/<(script|style)\b.*?<\/\1>/gs, ' ').replace(/<[^>]*>/g, ' '));
  return [text, ...attributes];
}

function unmarked(text: string): string {
  let rest = text;
  // Innermost first: a message's values may be messages of their own.
  for (let prev = ''; prev !== rest;) {
    prev = rest;
    rest = rest.replace(/⟦[^⟦⟧]*⟧/g, ' ');
  }
  return rest;
}

/** Every string, number and key in `data` (tag keys, param names): what the registry supplied. */
function values(data: unknown): string[] {
  if (typeof data === 'string' || typeof data === 'number') return [String(data)];
  if (data && typeof data === 'object') return Object.entries(data).flatMap(([k, v]) => [k, ...values(v)]);
  return [];
}

/** Words outside the translator's brackets that the registry did not supply. */
function strayWords(page: string, data: unknown): string[] {
  // Times read the same in every language (ISO date and time, then UTC), and so do URI schemes and MLflow's file names.
  const known = new Set([
    ...values(data).flatMap((v) => v.match(/\p{L}+/gu) ?? []),
    'UTC',
    'models',
    'prompts',
    'requirements',
    'txt',
    'python',
    'env',
    'yaml',
  ]);
  const words = shownText(page).flatMap((t) => unmarked(t).match(/\p{L}{2,}/gu) ?? []);
  return [...new Set(words.filter((w) => !known.has(w)))];
}

describe('page text goes through the pages’ l10n seam', () => {
  let dir: { dir: string; cleanup(): void };

  before(() => {
    useTranslator(marking);
    dir = tempDir();
  });
  after(() => {
    useTranslator(undefined);
    markdownRenderer.dispose();
    dir.cleanup();
  });

  it('the check finds a word of ours that skipped the translator', () => {
    assert.deepEqual(strayWords(`<p>${OPEN}Tags${CLOSE} <b>ticket-router</b> No tags.</p><button title="Copy it">x</button>`, { name: 'ticket-router' }), [
      'No',
      'tags',
      'Copy',
      'it',
    ]);
  });

  async function checkPages(project: string, targets: (session: RegistrySession) => Promise<PageTarget[]>): Promise<number> {
    const copy = join(dir.dir, `${targets.length}-${Math.random().toString(36).slice(2)}`);
    cpSync(project, copy, { recursive: true });
    const reg = openRegistry(join(copy, 'mlflow.db'));
    let checked = 0;
    try {
      const session = new RegistrySession({ kind: 'none' }, reg);
      for (const target of await targets(session)) {
        const firsts: PageContent[] = [];
        const content = await loadPageContent(session, target, { onPartial: (first) => firsts.push(first) });
        assert.doesNotMatch(content.main.value, /class="notice" role="status"/, `${JSON.stringify(target)} rendered its data, not a message`);
        // The first paint of a version page, and its metric charts that come later, are checked too.
        const later = content.later ? await content.later() : undefined;
        for (const shown of [content, ...firsts, ...(later ? [later] : [])]) {
          assert.deepEqual(strayWords(shown.main.value, shown.data), [], JSON.stringify(target));
        }
        checked++;
      }
    } finally {
      await reg.close();
    }
    return checked;
  }

  const modelPages = (names: string[]) => async (session: RegistrySession) => {
    const targets: PageTarget[] = [];
    for (const name of names) {
      targets.push({ kind: 'model', name });
      const page = await loadPageContent(session, { kind: 'model', name });
      const versions = (page.data as ModelPageData).versions.map((v) => v.version.version);
      targets.push(...versions.map((version): PageTarget => ({ kind: 'version', name, version })));
    }
    return targets;
  };

  it('renders every model and version page of the MLflow 2.17.2 fixture with no word of ours untranslated', async () => {
    const names = expected2().registered_models.map((m) => m.name);
    const checked = await checkPages(FIXTURE_2.project, modelPages(names));
    assert.ok(checked > names.length, 'model pages and their versions were checked');
  });

  it('renders comparisons of iris-classifier versions and across models with no word of ours untranslated', async () => {
    const compare = (...versions: [string, string][]): PageTarget => ({ kind: 'compare', versions: versions.map(([name, version]) => ({ name, version })) });
    const checked = await checkPages(FIXTURE_2.project, () =>
      Promise.resolve([
        compare(['iris-classifier', '1'], ['iris-classifier', '2'], ['iris-classifier', '3']),
        compare(['iris-classifier', '1'], ['diabetes-regressor', '2']),
      ]),
    );
    assert.equal(checked, 2);
  });

  it('renders the genai fixture’s model, version and prompt pages with no word of ours untranslated', async () => {
    const expected = genaiExpected();
    const names = readJson<{ registered_models: { name: string }[] }>(FIXTURE_GENAI.expected).registered_models.map((m) => m.name);
    const checked = await checkPages(FIXTURE_GENAI.project, async (session) => [
      ...(await modelPages(names)(session)),
      ...expected.prompts.flatMap((p) => p.versions.map((v): PageTarget => ({ kind: 'prompt', name: p.name, version: v.version }))),
    ]);
    assert.ok(checked > names.length + expected.prompts.length);
  });

  it('marks the messages shown in place of a page, the registry frame, the tab title and the remote-images bar', () => {
    const target: PageTarget = { kind: 'version', name: 'ticket-router', version: '2' };
    const registry = registryIdentity({ kind: 'sqlite', path: '/work/project/mlflow.db', origin: 'selected in this workspace' });
    const other = registryIdentity({ kind: 'remote', url: 'http://127.0.0.1:5000', origin: 'selected in this workspace' });
    const data = { target, registry, other };
    const pieces = [
      noRegistryContent({ kind: 'none' }, target, true).main.value,
      noRegistryContent({ kind: 'none' }, target, false).main.value,
      noRegistryContent({ kind: 'error', message: 'disk I/O error' } as never, target, true).main.value,
      notReadContent(target, registry.label).main.value,
      framePage(notReadContent(target, registry.label).main, registry).value,
      framePage(notReadContent(target, registry.label).main, registry, { open: other }).value,
      framePage(notReadContent(target, registry.label).main, registry, { open: undefined }).value,
      `<title>${pageTitle(target, registry, false)}</title>`,
      ...(['ask', 'never'] as const).flatMap((setting) =>
        [1, 2].map((n) => presentRemoteImages('<img data-remote-src="https://x/a.png">'.repeat(n), setting, false).body),
      ),
    ];
    assert.deepEqual(strayWords(pieces.join('\n'), { ...data, error: 'disk I/O error' }), []);
  });

  it('passes the page script the words it shows itself', () => {
    const page = renderDocument({ title: 't', cspSource: 'x', nonce: 'n', scriptUri: 's', styleUri: 'c', target: {}, words: pageWords(), body: html`` });
    const words = /data-words="([^"]*)"/.exec(page)?.[1];
    assert.ok(words, 'the body carries the page script’s words');
    const parsed = JSON.parse(decode(words)) as Record<string, string>;
    assert.ok(Object.keys(parsed).length > 0);
    for (const [key, text] of Object.entries(parsed)) assert.ok(text.startsWith(OPEN) && text.endsWith(CLOSE), `${key}: ${text}`);
    assert.equal(parsed.sortedAscending, `${OPEN}Sorted by {0}, ascending${CLOSE}`, 'the placeholder is left for the script');
  });
});
