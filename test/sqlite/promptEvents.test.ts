import assert from 'node:assert/strict';
import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import type { RegistryChange } from '../../src/registry/registryEvents';
import type { RegistrySession } from '../../src/registry/registrySession';
import { FIXTURE_GENAI } from '../helpers/genaiFixture';
import { rejectsWith, testDriver } from '../helpers/registry';
import { watchedSession, type WatchedSession } from '../helpers/watchedSession';

describe(`prompt writes through the session announce like model writes, on a copy of the genai fixture (${testDriver().name})`, () => {
  let watched: WatchedSession;
  let store: SqliteRegistry;
  let session: RegistrySession;
  let seen: RegistryChange[];

  beforeEach(() => {
    watched = watchedSession(FIXTURE_GENAI.db);
    ({ store, session, seen } = watched);
  });
  afterEach(() => watched.close());

  const prompts = () => session.backend.prompts!;

  const writes: { write: string; run: () => Promise<unknown>; changes: RegistryChange[] }[] = [
    { write: 'setPromptAlias', run: () => prompts().setPromptAlias('summarizer', 'canary', '1'), changes: [{ model: 'summarizer' }] },
    { write: 'deletePromptAlias', run: () => prompts().deletePromptAlias('summarizer', 'staging'), changes: [{ model: 'summarizer' }] },
    { write: 'setPromptTag', run: () => prompts().setPromptTag('summarizer', 'owner', 'bob'), changes: [{ model: 'summarizer' }] },
    { write: 'deletePromptTag', run: () => prompts().deletePromptTag('summarizer', 'team'), changes: [{ model: 'summarizer' }] },
    { write: 'deletePromptVersion', run: () => prompts().deletePromptVersion('summarizer', '1'), changes: [{ model: 'summarizer', version: '1' }] },
    {
      write: 'registerPrompt, a new version of a prompt',
      run: () => prompts().registerPrompt({ name: 'translator-fr', template: 'Traduis {{ text }}' }),
      // The experiment outside any (0) is added to the prompt's list: a tag write of its own.
      changes: [{ model: 'translator-fr', version: '2' }, { model: 'translator-fr' }],
    },
    {
      write: 'registerPrompt, a new prompt',
      run: () => prompts().registerPrompt({ name: 'greeter', template: 'Hello {{ name }}' }),
      changes: [{ model: 'greeter' }, { model: 'greeter', version: '1' }, { model: 'greeter' }],
    },
  ];

  for (const { write, run, changes } of writes) {
    it(`${write} announces ${JSON.stringify(changes)}`, async () => {
      await run();
      assert.deepEqual(seen, changes);
    });
  }

  it('announces a prompt write once it is stored, before the write resolves', async () => {
    let during: string[] | undefined;
    session.onDidChange(async () => {
      during = (await prompts().listPromptVersions('summarizer')).map((v) => v.version);
    });
    await prompts().deletePromptVersion('summarizer', '3');
    assert.deepEqual(during, ['2', '1']);
  });

  it('a refused prompt write announces nothing and the raw store has no events to give', async () => {
    await rejectsWith(() => prompts().setPromptAlias('summarizer', 'latest', '1'), 'INVALID_PARAMETER_VALUE');
    await rejectsWith(() => prompts().deletePromptVersion('ticket-router', '1'), 'INVALID_PARAMETER_VALUE');
    await store.prompts.setPromptTag('summarizer', 'quiet', 'yes');
    assert.deepEqual(seen, []);
  });

  it('hands out the same prompt operations each time', () => {
    assert.equal(session.backend.prompts, session.backend.prompts);
    assert.notEqual(session.backend.prompts, store.prompts);
  });
});
