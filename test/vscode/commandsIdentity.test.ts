import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { TreeNode } from '../../src/tree/nodes';
import { childByLabel, labels, openedExtension, run, waitFor, withCore } from './helpers';

/** Built to widen a hand-made `name = "…"` filter to iris (issue 9, finding 3). */
const HOSTILE = `iris" AND name != "'`;

/** The name a tree node acts on (a version node answers with its version's model). */
const nameOf = (node: TreeNode): string | undefined => (node as unknown as { name?: string }).name;

/**
 * Runs after commands.test.ts in the same window (the 'commands' suite). The
 * models are written by another connection, as a training script would.
 */
describe('a model name is an identity, never filter text: tree and Transition Stage', function () {
  this.timeout(60_000);
  let api: ExtensionApi;

  before(async () => {
    api = await openedExtension();
    await withCore(async (r) => {
      await r.createRegisteredModel({ name: 'iris' });
      for (let i = 1; i <= 4; i++) await r.createModelVersion({ name: 'iris', source: `/tmp/iris/${i}` });
      await r.transitionModelVersionStage('iris', '2', 'Staging', false);
      await r.createRegisteredModel({ name: HOSTILE });
      for (let i = 1; i <= 3; i++) await r.createModelVersion({ name: HOSTILE, source: `/tmp/hostile/${i}` });
    });
    await run('setGroupBy', { groupBy: 'flat' });
    await run('refresh');
  });

  after(() => run('setGroupBy', { groupBy: 'stage' }));

  const hostileNode = () => waitFor('the tree to list the hostile model', () => childByLabel(api, HOSTILE).catch(() => undefined), 10_000, 100);

  it("the tree lists only the hostile model's own versions", async () => {
    const node = await hostileNode();
    assert.deepEqual(await labels(api, node), ['Version 3', 'Version 2', 'Version 1']);
    for (const child of await api.tree.getChildren(node)) assert.equal(nameOf(child), HOSTILE);
  });

  it('Transition Stage on its version 3, from the tree, changes that model and leaves iris alone', async () => {
    const v3 = await childByLabel(api, 'Version 3', await hostileNode());
    const pending = run('transitionStage', v3);
    let settled = false;
    pending.then(
      () => (settled = true),
      () => (settled = true),
    );
    // Two Quick Picks: the stage (first offered: Staging), then "Archive the other Staging versions".
    await waitFor(
      'Transition Stage to finish',
      async () => {
        if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        return settled || undefined;
      },
      20_000,
      300,
    );
    const [mine, iris2, iris3] = await withCore((r) =>
      Promise.all([r.getModelVersion(HOSTILE, '3'), r.getModelVersion('iris', '2'), r.getModelVersion('iris', '3')]),
    );
    assert.equal(mine.currentStage, 'Staging');
    assert.equal(iris3.currentStage, 'None', 'iris v3 untouched');
    assert.equal(iris2.currentStage, 'Staging', 'iris v2 not archived');
  });

  it("search refuses name IN ('iris') with MLflow's error instead of searching for those words", async () => {
    assert.equal(await run('search', { filter: "name IN ('iris')" }), undefined, 'refused');
    assert.equal(api.tree.filter ?? '', '', 'no filter was applied');
    assert.equal(await run('search', { filter: "it's" }), `name ILIKE "%it's%"`, 'plain words keep their quote');
    await run('search', { filter: '' });
  });
});
