import assert from 'node:assert/strict';
import { html, renderDocument } from '../../src/pages/html';
import { framePage, pageTitle } from '../../src/pages/registryFrame';
import { parseRegistryIdentity, registryIdentity } from '../../src/registry/registryIdentity';
import { pageWords } from '../../src/pages/pageWords';

const local = registryIdentity({ kind: 'sqlite', path: '/home/ana/proj/mlflow.db', origin: 'mlflow.db in the workspace' });
const server = registryIdentity({ kind: 'remote', url: 'http://user:secret@127.0.0.1:5000/', origin: 'selected in this workspace' }, 'team-a');
const EVIL = '"><img src=x onerror=alert(1)>';

describe('pages belong to one registry', () => {
  it('names registries by path or URL, never with credentials, and keeps workspaces apart', () => {
    assert.deepEqual(local, {
      key: 'sqlite:/home/ana/proj/mlflow.db',
      label: '/home/ana/proj/mlflow.db',
      short: 'proj/mlflow.db',
      reopen: '/home/ana/proj/mlflow.db',
    });
    assert.equal(server.key, 'remote:http://127.0.0.1:5000#team-a');
    assert.equal(server.short, '127.0.0.1:5000 · team-a');
    assert.equal(server.reopen, 'http://127.0.0.1:5000');
    assert.doesNotMatch(JSON.stringify(server), /secret|user/);
    assert.notEqual(registryIdentity({ kind: 'remote', url: 'http://127.0.0.1:5000', origin: 'MLFLOW_TRACKING_URI' }).key, server.key);
  });

  it('gives every tab one scheme, with the registry in it (a webview tab shows its title as its tooltip)', () => {
    assert.equal(pageTitle({ kind: 'model', name: 'iris-classifier' }, local), 'iris-classifier · proj/mlflow.db');
    assert.equal(pageTitle({ kind: 'version', name: 'iris-classifier', version: '3' }, local), 'iris-classifier v3 · proj/mlflow.db');
    assert.equal(pageTitle({ kind: 'version', name: 'iris-classifier', version: '2' }, local, false), 'iris-classifier v2 · proj/mlflow.db (not open)');
  });

  it('names the registry above the page, and marks the last content of a registry that is not open as inert, with a way back', () => {
    const main = html`<header class="page-header"><h1>${EVIL}</h1></header><button data-action="deleteModel">Delete</button>`;
    const open = framePage(main, local).value;
    assert.match(open, /<p class="registry-bar" title="\/home\/ana\/proj\/mlflow.db">.*\/home\/ana\/proj\/mlflow.db<\/span><\/p><header/);
    const stale = framePage(main, local, { open: server }).value;
    assert.match(stale, /From \/home\/ana\/proj\/mlflow.db \(not open\)\.<\/strong> http:\/\/127.0.0.1:5000 \(workspace team-a\) is open now\./);
    assert.match(stale, /<button type="button" class="primary" data-switch-registry="">Switch back to proj\/mlflow.db<\/button><\/div>/);
    assert.match(
      stale,
      /<fieldset class="not-open" disabled><header class="page-header">.*data-action="deleteModel".*<\/fieldset>$/s,
      'every button of the old content sits in a disabled fieldset',
    );
    assert.doesNotMatch(stale + open, /<img/, 'names stay escaped');
  });

  it('keeps the registry in the document for the serializer, and reads back only a well-formed one', () => {
    const doc = renderDocument({
      words: pageWords(),
      title: 't',
      cspSource: 'c',
      nonce: 'n',
      scriptUri: 's',
      styleUri: 'y',
      target: { kind: 'model', name: EVIL },
      registry: local,
      body: html``,
    });
    const attr = /data-registry="([^"]*)"/
      .exec(doc)![1]
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    assert.deepEqual(parseRegistryIdentity(JSON.parse(attr)), local);
    assert.equal(parseRegistryIdentity({ ...local, key: 'file:/x' }), undefined);
    assert.equal(parseRegistryIdentity({ key: 'sqlite:/x' }), undefined);
    assert.equal(parseRegistryIdentity(null), undefined);
  });
});
