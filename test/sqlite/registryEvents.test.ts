import assert from 'node:assert/strict';
import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import type { RegistryBackend } from '../../src/core/backend';
import type { RegistryChange } from '../../src/registry/registryEvents';
import type { RegistrySession } from '../../src/registry/registrySession';
import { FIXTURE_2, type TempCopy } from '../helpers/fixtures';
import { watchedSession, type WatchedSession } from '../helpers/watchedSession';
import { openRegistry, rejectsWith, testDriver } from '../helpers/registry';

describe(`registry change events on a copy of the MLflow 2.17.2 fixture (${testDriver().name})`, () => {
  let watched: WatchedSession;
  let copy: TempCopy;
  let store: SqliteRegistry;
  let session: RegistrySession;
  let seen: RegistryChange[];

  beforeEach(() => {
    watched = watchedSession(FIXTURE_2.db);
    ({ copy, store, session, seen } = watched);
  });
  afterEach(() => watched.close());

  const writes: { write: string; run: (b: RegistryBackend) => Promise<unknown>; change: RegistryChange }[] = [
    { write: 'createRegisteredModel', run: (b) => b.createRegisteredModel({ name: 'fraud' }), change: { model: 'fraud' } },
    { write: 'renameRegisteredModel', run: (b) => b.renameRegisteredModel('empty-model', 'still-empty'), change: {} },
    { write: 'updateRegisteredModel', run: (b) => b.updateRegisteredModel('churn-model', 'new text'), change: { model: 'churn-model' } },
    { write: 'deleteRegisteredModel', run: (b) => b.deleteRegisteredModel('empty-model'), change: { model: 'empty-model' } },
    { write: 'setRegisteredModelTag', run: (b) => b.setRegisteredModelTag('churn-model', 'team', 'ml'), change: { model: 'churn-model' } },
    {
      write: 'deleteRegisteredModelTag',
      run: async (b) => {
        await store.setRegisteredModelTag('churn-model', 'team', 'ml');
        await b.deleteRegisteredModelTag('churn-model', 'team');
      },
      change: { model: 'churn-model' },
    },
    { write: 'setRegisteredModelAlias', run: (b) => b.setRegisteredModelAlias('iris-classifier', 'champion', '5'), change: { model: 'iris-classifier' } },
    { write: 'deleteRegisteredModelAlias', run: (b) => b.deleteRegisteredModelAlias('iris-classifier', 'baseline'), change: { model: 'iris-classifier' } },
    {
      write: 'createModelVersion',
      run: (b) => b.createModelVersion({ name: 'diabetes-regressor', source: '/tmp/model' }),
      change: { model: 'diabetes-regressor', version: '3' },
    },
    { write: 'updateModelVersion', run: (b) => b.updateModelVersion('iris-classifier', '2', 'text'), change: { model: 'iris-classifier', version: '2' } },
    { write: 'deleteModelVersion', run: (b) => b.deleteModelVersion('iris-classifier', '5'), change: { model: 'iris-classifier', version: '5' } },
    {
      write: 'transitionModelVersionStage, keeping the others',
      run: (b) => b.transitionModelVersionStage('iris-classifier', '5', 'Staging', false),
      change: { model: 'iris-classifier', version: '5' },
    },
    {
      write: 'transitionModelVersionStage, archiving the others',
      run: (b) => b.transitionModelVersionStage('iris-classifier', '5', 'Production', true),
      change: { model: 'iris-classifier' },
    },
    { write: 'setModelVersionTag', run: (b) => b.setModelVersionTag('churn-model', '1', 'k', 'v'), change: { model: 'churn-model', version: '1' } },
    {
      write: 'deleteModelVersionTag',
      // The tag is set on the store itself, which announces nothing.
      run: async (b) => {
        await store.setModelVersionTag('churn-model', '1', 'k', 'v');
        await b.deleteModelVersionTag('churn-model', '1', 'k');
      },
      change: { model: 'churn-model', version: '1' },
    },
  ];

  for (const { write, run, change } of writes) {
    it(`${write} announces ${JSON.stringify(change)} once`, async () => {
      await run(session.backend);
      assert.deepEqual(seen, [change]);
    });
  }

  it('announces a write once it is stored, with the model forgotten by the session', async () => {
    assert.equal((await session.versionsOf('diabetes-regressor')).length, 2);
    let during: { stored: number; cached: number } | undefined;
    session.onDidChange(async () => {
      during = { stored: (await store.listModelVersions('diabetes-regressor')).length, cached: (await session.versionsOf('diabetes-regressor')).length };
    });
    await session.backend.createModelVersion({ name: 'diabetes-regressor', source: '/tmp/model' });
    assert.deepEqual(during, { stored: 3, cached: 3 });
  });

  it('resolves a write only after every listener has followed it', async () => {
    let followed = false;
    session.onDidChange(async () => {
      await new Promise((r) => setImmediate(r));
      followed = true;
    });
    await session.backend.setRegisteredModelTag('churn-model', 'team', 'ml');
    assert.equal(followed, true);
  });

  it('a listener that fails neither stops the others nor fails the write', async () => {
    session.onDidChange(() => Promise.reject(new Error('a view could not read')));
    let later = false;
    session.onDidChange(() => {
      later = true;
    });
    await session.backend.setRegisteredModelTag('churn-model', 'team', 'ml');
    assert.equal(later, true);
  });

  it('a refused write announces nothing', async () => {
    await rejectsWith(() => session.backend.createRegisteredModel({ name: 'churn-model' }), 'RESOURCE_ALREADY_EXISTS');
    await rejectsWith(() => session.backend.deleteModelVersion('iris-classifier', '99'), 'RESOURCE_DOES_NOT_EXIST');
    assert.deepEqual(seen, []);
  });

  it('reads announce nothing', async () => {
    await session.backend.searchRegisteredModels();
    await session.backend.getModelVersion('iris-classifier', '3');
    await session.versionCount('iris-classifier');
    assert.deepEqual(seen, []);
  });

  it('refresh() announces that anything may have changed and forgets every cached read', async () => {
    assert.equal(await session.versionCount('iris-classifier'), 4);
    // Behind the session's back, as another process would.
    await store.deleteModelVersion('iris-classifier', '5');
    assert.equal(await session.versionCount('iris-classifier'), 4, 'still the cached count');
    await session.refresh();
    assert.deepEqual(seen, [{}]);
    assert.equal(await session.versionCount('iris-classifier'), 3);
  });

  it('a write made here is not seen again by the live-refresh check; one by another connection is', async () => {
    await session.backend.hasExternalChanges!();
    await session.backend.setRegisteredModelTag('churn-model', 'team', 'ml');
    assert.equal(await session.backend.hasExternalChanges!(), false, 'the write was announced once, by the session');
    const other = openRegistry(copy.db);
    try {
      await other.setRegisteredModelTag('churn-model', 'team', 'other');
    } finally {
      await other.close();
    }
    assert.equal(await session.backend.hasExternalChanges!(), true);
    assert.deepEqual(seen, [{ model: 'churn-model' }], 'the other connection is announced only by a refresh');
  });

  it('a disposed subscription hears nothing more', async () => {
    let heard = 0;
    const sub = session.onDidChange(() => {
      heard++;
    });
    await session.backend.setRegisteredModelTag('churn-model', 'a', '1');
    sub.dispose();
    await session.backend.setRegisteredModelTag('churn-model', 'b', '2');
    assert.equal(heard, 1);
    assert.equal(seen.length, 2);
  });
});
