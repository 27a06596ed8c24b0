import assert from 'node:assert/strict';
import type { ExtensionApi } from '../../src/extension';
import type { ModelVersion } from '../../src/core/types';
import { labels, openedExtension, run, waitFor, withCore } from './helpers';

/** Copy Version to Model… with argument objects, as a script calls it; checked on a connection of the test's own. */
describe('copyModelVersion with argument objects', function () {
  this.timeout(60_000);
  let api: ExtensionApi;

  before(async () => {
    api = await openedExtension();
  });

  it('copies a version into a new model, which the tree then lists', async () => {
    const src = await withCore((r) => r.getModelVersion('diabetes-regressor', '2'));
    const copied = await run<ModelVersion>('copyModelVersion', { name: 'diabetes-regressor', version: '2', destinationName: 'diabetes-copy' });
    assert.equal(copied?.name, 'diabetes-copy');
    assert.equal(copied?.version, '1');
    const stored = await withCore((r) => r.getModelVersion('diabetes-copy', '1'));
    assert.equal(stored.source, 'models:/diabetes-regressor/2');
    assert.equal(stored.storageLocation, src.storageLocation);
    assert.equal(stored.runId, src.runId);
    assert.equal(stored.description, src.description);
    assert.deepEqual(stored.tags, src.tags);
    await waitFor('the tree to list the new model', async () => ((await labels(api)).includes('diabetes-copy') ? true : undefined));
  });

  it('copies the version an alias points at into an existing model, and sets destinationAlias on the copy', async () => {
    const champion = await withCore((r) => r.getModelVersionByAlias('diabetes-regressor', 'champion'));
    const copied = await run<ModelVersion>('copyModelVersion', {
      name: 'diabetes-regressor',
      alias: 'champion',
      destinationName: 'diabetes-copy',
      destinationAlias: 'from-champion',
    });
    assert.equal(copied?.version, '2');
    const byAlias = await withCore((r) => r.getModelVersionByAlias('diabetes-copy', 'from-champion'));
    assert.equal(byAlias.version, '2');
    assert.equal(byAlias.source, `models:/diabetes-regressor/${champion.version}`);
  });

  it('a missing source shows the error, returns undefined and creates no model', async () => {
    assert.equal(await run('copyModelVersion', { name: 'diabetes-regressor', version: '99', destinationName: 'never-made' }), undefined);
    await assert.rejects(
      withCore((r) => r.getRegisteredModel('never-made')),
      /not found/,
    );
  });

  it('a bad destinationAlias is refused before anything is copied', async () => {
    const before = await withCore((r) => r.countModelVersions('diabetes-copy'));
    assert.equal(
      await run('copyModelVersion', { name: 'diabetes-regressor', version: '2', destinationName: 'diabetes-copy', destinationAlias: 'latest' }),
      undefined,
    );
    assert.equal(await withCore((r) => r.countModelVersions('diabetes-copy')), before);
  });
});
