import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { descriptionUri } from '../../src/descriptions/descriptionFs';
import { parseDescriptionPath, registryKeyOfAuthority, type DescriptionTarget } from '../../src/descriptions/descriptionUri';
import type { ExtensionApi } from '../../src/extension';
import type { Page } from '../../src/pages/page';
import { AWKWARD_NAMES } from '../helpers/awkwardNames';
import { rawExec } from '../helpers/raw';
import { openDoc, replaceAll } from './documents';
import { openedExtension, run, waitFor, withRegistry, workspaceDb } from './helpers';

const descriptionIn = (path: string, t: DescriptionTarget) =>
  withRegistry(path, async (r) =>
    t.version !== undefined ? (await r.getModelVersion(t.name, t.version)).description : (await r.getRegisteredModel(t.name)).description,
  );

/** Names older MLflow let through, which paths and URIs read as something else. */
const ODD: { target: DescriptionTarget; text: string }[] = [
  { target: { name: '..' }, text: 'model dot-dot' },
  { target: { name: '..', version: '3' }, text: 'dot-dot version 3' },
  { target: { name: '3' }, text: 'model three' },
  { target: { name: '3', version: '1' }, text: 'three version 1' },
  { target: { name: '.' }, text: 'model dot' },
  { target: { name: 'a/b?c#d\\e%2F' }, text: 'model with separators' },
  { target: { name: 'モデル 🙂' }, text: 'unicode model' },
];

/**
 * Pages and description documents inside the extension host, with two
 * registries: the workspace's mlflow.db (A) and a copy of it elsewhere (B)
 * whose shared-model says something else. Switching is Select Registry.
 */
describe('every page and description document belongs to one registry', function () {
  this.timeout(60_000);
  let api: ExtensionApi;
  let a: string;
  let b: string;
  let keyA: string;

  const sql = (s: string) => s.replace(/'/g, "''");
  const select = async (path: string) => {
    await run('selectRegistry', { path });
    await waitFor(`${path} to open`, () => api.manager.session?.identity.label === path, 15_000);
  };

  /** Saves, or lets auto save (on by default under code-server) do it, and waits for the text in registry A. */
  async function saved(doc: vscode.TextDocument, target: DescriptionTarget, text: string): Promise<void> {
    if (doc.isDirty) await doc.save();
    await waitFor(`${JSON.stringify(target)} saved into A`, async () => !doc.isDirty && (await descriptionIn(a, target)) === text, 15_000, 100);
  }

  before(async () => {
    api = await openedExtension();
    a = workspaceDb();
    keyA = api.manager.session!.identity.key;
    const models = [...new Set(ODD.map((o) => o.target.name))];
    rawExec(
      a,
      [
        ...models.map(
          (n) =>
            `INSERT INTO registered_models (name, creation_time, last_updated_time, description) VALUES ('${sql(n)}', 1, 1, '${sql(ODD.find((o) => o.target.name === n && !o.target.version)?.text ?? '')}');`,
        ),
        ...['1', '2', '3'].flatMap((v) =>
          models.map(
            (n) =>
              `INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, current_stage, source, status) VALUES ('${sql(n)}', ${v}, 1, 1, '${sql(ODD.find((o) => o.target.name === n && o.target.version === v)?.text ?? `${n} v${v}`)}', 'None', '/tmp/m', 'READY');`,
          ),
        ),
      ].join('\n'),
    );
    await withRegistry(a, (r) => r.createRegisteredModel({ name: 'shared-model', description: 'Registry A says this.' }));
    b = join(mkdtempSync(join(tmpdir(), 'mlflow-registry-b-')), 'mlflow.db');
    copyFileSync(a, b);
    await withRegistry(b, (r) => r.updateRegisteredModel('shared-model', 'Registry B says this.'));
    await withRegistry(a, (r) => r.createRegisteredModel({ name: 'only-in-a', description: 'Only registry A has this model.' }));
  });

  after(async () => {
    await run('selectRegistry', { path: '' });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('round-trips every model name and the registry through vscode.Uri, as the editor stores and parses it', () => {
    for (const name of AWKWARD_NAMES) {
      for (const target of [{ name }, { name, version: '12' }] as DescriptionTarget[]) {
        const uri = descriptionUri(keyA, target);
        const again = vscode.Uri.parse(uri.toString(), true);
        assert.equal(again.toString(), uri.toString(), JSON.stringify(name));
        assert.deepEqual(parseDescriptionPath(again.path), { kind: 'file', target }, `${JSON.stringify(name)} from ${uri.toString()}`);
        assert.equal(registryKeyOfAuthority(again.authority), keyA);
      }
    }
  });

  it("opens and saves the descriptions of '..', '.', '3' and other odd names, and only the right one changes", async () => {
    for (const { target, text } of ODD) {
      const uri = await run<string>('openDescription', target);
      const doc = openDoc(uri);
      assert.equal(doc.getText(), text, `the document of ${JSON.stringify(target)} shows its own description`);
      await replaceAll(doc, `${text}, edited`);
      await saved(doc, target, `${text}, edited`);
    }
    for (const { target, text } of ODD) assert.equal(await descriptionIn(a, target), `${text}, edited`, JSON.stringify(target));
    assert.equal(await descriptionIn(a, { name: '..', version: '1' }), '.. v1', 'an untouched version of .. is unchanged');
    assert.equal(await descriptionIn(a, { name: '3', version: '3' }), '3 v3', 'an untouched version of 3 is unchanged');
  });

  it("keeps pages and documents of registry A as they were while B is open, refuses to save A's description into B, and switches back", async () => {
    const original = await descriptionIn(a, { name: 'shared-model' });
    const uri = await run<string>('openDescription', { name: 'shared-model' });
    const doc = openDoc(uri);
    assert.equal(doc.getText(), original);
    await run('openModel', { name: 'shared-model' });
    await run('openModel', { name: 'only-in-a' });
    const pageA = api.pages.find({ kind: 'model', name: 'shared-model' })!;
    const onlyA = api.pages.find({ kind: 'model', name: 'only-in-a' })!;
    await waitFor(
      'the pages of A to load',
      () => pageA.shown?.body.value.includes('<h1>shared-model</h1>') && onlyA.shown?.body.value.includes('Only registry A'),
    );
    assert.ok(pageA.shown!.body.value.includes(`<span class="registry-name">${a}</span>`), 'the page names its registry');
    assert.ok(pageA.panel.title.endsWith(`· ${api.manager.session!.identity.short}`), pageA.panel.title);

    await select(b);
    const notOpen = (p: Page) => p.panel.title.endsWith('(not open)') && p.shown?.body.value.includes(`From ${a} (not open).`);
    await waitFor('the pages of A to be marked as not open', () => notOpen(pageA) && notOpen(onlyA));
    assert.equal(pageA.shown!.body.value.includes('Registry B says this.'), false, "A's page never shows B's data");
    assert.ok(pageA.shown!.body.value.includes('<fieldset class="not-open" disabled><header class="page-header">'), 'its last content, with every button off');
    assert.ok(onlyA.shown!.body.value.includes('Only registry A has this model.'), 'a model only A has keeps its page');
    assert.equal(/not in .* \(any more\)/.test(onlyA.shown!.body.value), false, 'and is not reported deleted');
    assert.equal(doc.getText(), original, "A's document keeps A's text");

    // The same model in B is a page of its own.
    await run('openModel', { name: 'shared-model' });
    const pageB = api.pages.find({ kind: 'model', name: 'shared-model' })!;
    assert.notEqual(pageB, pageA);
    await waitFor("B's page to show B's description", () => pageB.shown?.body.value.includes('Registry B says this.'));

    // Saving A's document while B is open: refused, naming both; neither registry changes.
    await replaceAll(doc, 'Written while B was open.');
    assert.equal(await doc.save(), false, 'the save is refused');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(doc.uri, new TextEncoder().encode('x'))), (e: Error) => {
      assert.ok(e.message.includes(a) && e.message.includes(b), e.message);
      return true;
    });
    assert.equal(await descriptionIn(a, { name: 'shared-model' }), original, 'A unchanged');
    assert.equal(await descriptionIn(b, { name: 'shared-model' }), 'Registry B says this.', 'B unchanged');

    await select(a);
    await waitFor(
      'the pages of A to be live again',
      () =>
        !notOpen(pageA) &&
        pageA.panel.title === `shared-model · ${api.manager.session!.identity.short}` &&
        pageA.shown?.body.value.includes('<span class="registry-name">'),
    );
    await waitFor("B's page to be marked as not open", () => pageB.panel.title.endsWith('(not open)'));
    await saved(doc, { name: 'shared-model' }, 'Written while B was open.');
    assert.equal(await descriptionIn(b, { name: 'shared-model' }), 'Registry B says this.', 'B still unchanged');
  });
});
