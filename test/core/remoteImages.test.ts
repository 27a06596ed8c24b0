import assert from 'node:assert/strict';
import { html, renderDocument, trusted } from '../../src/pages/html';
import { renderMarkdown } from '../../src/pages/markdown';
import { countRemoteImages, presentRemoteImages, remoteImagesSetting } from '../../src/pages/remoteImages';
import { pageWords } from '../../src/pages/pageWords';

const PIXEL = 'https://tracker.example/p.gif?who=me&page=1';
const DESCRIPTION = `Intro ![pixel](${PIXEL}) and <img src="https://cdn.example/huge.png" width="99999" height="99999"> and ![ok](data:image/png;base64,iVBORw0KGgo=)`;

function csp(doc: string): string {
  return /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(doc)![1];
}

function documentFor(body: string, remoteImages: boolean): string {
  return renderDocument({
    words: pageWords(),
    title: 't',
    cspSource: 'https://webview.test',
    nonce: 'abc123',
    scriptUri: 'https://webview.test/page.js',
    styleUri: 'https://webview.test/page.css',
    target: { kind: 'model', name: 'm' },
    body: trusted(body),
    remoteImages,
  });
}

describe('remote images in descriptions', () => {
  const body = html`<section class="markdown">${trusted(renderMarkdown(DESCRIPTION))}</section>`.value;

  it('leaves an https image without src until it is allowed; data: images stay', () => {
    assert.equal(countRemoteImages(body), 2);
    assert.doesNotMatch(body, /<img src="https:/);
    assert.match(body, /<img src="data:image\/png;base64,iVBORw0KGgo=" alt="ok" \/>/);
  });

  it('drops width and height attributes that are not small plain numbers', () => {
    assert.doesNotMatch(body, /99999/);
  });

  it('does not take a data-remote-src written in the description', () => {
    const out = renderMarkdown('<img data-remote-src="javascript:alert(1)" src="data:image/png;base64,AA==">');
    assert.doesNotMatch(out, /javascript|data-remote-src/);
    assert.equal(countRemoteImages(renderMarkdown('text: <img data-remote-src="x"> `<img data-remote-src="y">`')), 0);
  });

  it('asks by default: no https image loads, no https in the CSP, a button offers them', () => {
    const shown = presentRemoteImages(body, remoteImagesSetting(undefined), false);
    assert.equal(shown.loadRemote, false);
    assert.doesNotMatch(shown.body, /<img src="https:/);
    assert.match(shown.body, /2 remote images are not shown/);
    assert.match(shown.body, /<button type="button" class="secondary" data-load-remote-images="">Load remote images<\/button>/);
    const policy = csp(documentFor(shown.body, shown.loadRemote));
    assert.match(policy, /img-src https:\/\/webview\.test data:;/);
    assert.doesNotMatch(policy, /img-src[^;]* https:(;|$)/);
    assert.match(policy, /default-src 'none'/);
    assert.match(policy, /script-src 'nonce-abc123'/);
  });

  it('loads them once the page allows it, and only then lets https images through the CSP', () => {
    const shown = presentRemoteImages(body, 'ask', true);
    assert.equal(shown.loadRemote, true);
    assert.match(shown.body, new RegExp(`<img src="${PIXEL.replace(/[?&.]/g, (c) => (c === '&' ? '&amp;' : `\\${c}`))}" alt="pixel" />`));
    assert.doesNotMatch(shown.body, /Load remote images/);
    assert.match(csp(documentFor(shown.body, shown.loadRemote)), /img-src https:\/\/webview\.test data: https:;/);
  });

  it('follows the setting: always loads, never holds back without a button', () => {
    assert.equal(presentRemoteImages(body, 'always', false).loadRemote, true);
    const never = presentRemoteImages(body, 'never', true);
    assert.equal(never.loadRemote, false);
    assert.doesNotMatch(never.body, /<img src="https:|<button/);
    assert.match(never.body, /not shown \(setting mlflowRegistry\.pages\.remoteImages is “never”\)/);
    assert.equal(remoteImagesSetting('bogus'), 'ask');
  });

  it('adds nothing to a page without remote images', () => {
    const plain = html`<p>no images</p>`.value;
    assert.deepEqual(presentRemoteImages(plain, 'ask', false), { body: plain, loadRemote: false });
  });
});
