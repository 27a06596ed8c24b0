import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { decideSave } from '../../src/descriptions/conflict';
import { html, makeNonce, renderDocument } from '../../src/pages/html';
import { lineageSvg } from '../../src/pages/lineageSvg';
import { descriptionExcerpt } from '../../src/core/excerpt';
import { renderMarkdownBounded } from '../../src/pages/markdown';
import { parseFromPage } from '../../src/pages/messages';
import { renderModelPage, type ModelPageData } from '../../src/pages/modelPage';
import type { ModelVersion } from '../../src/core/types';
import { modelVersion } from '../helpers/modelVersion';
import { pageWords } from '../../src/pages/pageWords';

const EVIL = `"><img src=x onerror=alert(1)><script>alert(2)</script>`;

function version(v: Partial<ModelVersion>): ModelVersion {
  return modelVersion({ name: EVIL, version: '1', description: EVIL, ...v });
}

describe('pages: HTML built from untrusted names, tags and aliases', () => {
  it('escapes every interpolated value', () => {
    assert.equal(html`<td title="${EVIL}">${EVIL}</td>`.value.includes('<img'), false);
    assert.equal(html`<td>${'`'}${"'"}</td>`.value, '<td>&#96;&#39;</td>');
  });

  it('renders a model page whose name, tags, aliases and version texts are hostile, with no markup from them', () => {
    const data: ModelPageData = {
      model: {
        name: EVIL,
        creationTimestamp: 0,
        lastUpdatedTimestamp: 0,
        description: EVIL,
        latestVersions: [],
        tags: { [EVIL]: EVIL },
        aliases: [{ alias: EVIL, version: '1' }],
      },
      versions: [{ version: version({}), aliases: [EVIL], runName: EVIL }],
      total: 1,
      deletedAliasTargets: [],
      access: { writable: true },
    };
    const out = renderModelPage(data, { description: renderMarkdownBounded(EVIL), excerpts: [descriptionExcerpt(EVIL, 200)] }).value;
    assert.doesNotMatch(out, /<img|<script/i);
    assert.match(out, /&lt;img src=x onerror=alert\(1\)&gt;/, 'the name shows as text');
  });

  it('draws the lineage graph with escaped text', () => {
    const svg = lineageSvg({
      experiment: { id: '1', name: EVIL },
      run: { id: 'abc', name: EVIL, status: 'FINISHED' },
      versions: [{ name: EVIL, version: '2', stage: 'None', current: false }],
    }).value;
    assert.doesNotMatch(svg, /<img|<script/i);
    assert.match(svg, /data-open-version="2"/);
  });

  it('writes a CSP of default-src none with a fresh nonce, and one script that carries it', () => {
    const a = makeNonce(randomBytes);
    const b = makeNonce(randomBytes);
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9]{16,}$/);
    const doc = renderDocument({
      words: pageWords(),
      title: EVIL,
      cspSource: 'https://webview.test',
      nonce: a,
      scriptUri: 'https://webview.test/page.js',
      styleUri: 'https://webview.test/page.css',
      target: { kind: 'model', name: EVIL },
      body: html`<p>x</p>`,
    });
    assert.match(doc, new RegExp(`content="default-src 'none'; [^"]*script-src 'nonce-${a}'`));
    assert.doesNotMatch(doc, /unsafe-inline|unsafe-eval/);
    assert.equal((doc.match(/<script/g) ?? []).length, 1);
    assert.match(doc, new RegExp(`<script nonce="${a}" src=`));
    assert.doesNotMatch(doc, /<img/);
  });

  it('accepts only messages of the contract', () => {
    assert.deepEqual(parseFromPage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromPage({ type: 'openVersion', name: 'm', version: '3' }), { type: 'openVersion', name: 'm', version: '3' });
    assert.equal(parseFromPage({ type: 'openVersion', name: 'm', version: '3; rm -rf' }), undefined);
    assert.deepEqual(parseFromPage({ type: 'run', action: 'serve', ref: { alias: 'champion' } }), { type: 'run', action: 'serve', ref: { alias: 'champion' } });
    assert.deepEqual(parseFromPage({ type: 'run', action: 'copyVersion' }), { type: 'run', action: 'copyVersion' });
    assert.equal(parseFromPage({ type: 'run', action: 'executeAnything' }), undefined);
    assert.equal(parseFromPage({ type: 'run', action: 'deleteTag' }), undefined);
    assert.equal(parseFromPage('ready'), undefined);
    assert.equal(parseFromPage({ type: 'eval', code: '1' }), undefined);
  });
});

describe('descriptions as documents: the save decision', () => {
  it('writes when the registry still holds what the editor started from, and refuses when it changed elsewhere', () => {
    assert.deepEqual(decideSave('old', 'old', 'mine'), { kind: 'write' });
    assert.deepEqual(decideSave('old', 'theirs', 'mine'), { kind: 'conflict', current: 'theirs' });
    // Same length as the original: a changed text is caught even when the size is not.
    assert.deepEqual(decideSave('abc', 'xyz', 'mine'), { kind: 'conflict', current: 'xyz' });
    assert.deepEqual(decideSave('old', 'mine', 'mine'), { kind: 'unchanged' });
    assert.deepEqual(decideSave(undefined, 'theirs', 'mine'), { kind: 'conflict', current: 'theirs' });
  });
});
