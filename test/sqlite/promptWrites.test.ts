import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import type { PromptOperations } from '../../src/core/promptApi';
import { registeredModelFromWire, type WireRegisteredModel } from '../../src/backends/rest/wire';
import { genaiExpected, RECORDED_REGISTRATION } from '../helpers/expectedPrompts';
import { tempCopy, type TempCopy } from '../helpers/fixtures';
import { FIXTURE_GENAI } from '../helpers/genaiFixture';
import { fileHash, rawQuery } from '../helpers/raw';
import { openRegistry, rejectsWith } from '../helpers/registry';

const expected = genaiExpected();

/** summarizer as the recorded server listed it after the write sequence (68-search-prompts-after-writes). */
function summarizerAfterRecordedWrites() {
  const text = readFileSync(join(FIXTURE_GENAI.rest, '68-search-prompts-after-writes.txt'), 'utf8');
  const body = JSON.parse(text.slice(text.indexOf('\n', text.indexOf('\n') + 1) + 1)) as { registered_models: WireRegisteredModel[] };
  return registeredModelFromWire(body.registered_models.find((m) => m.name === 'summarizer')!);
}

const rowsOf = (db: string, sql: string, ...params: (string | number)[]) => rawQuery(db, sql, ...params);

describe('embedded store: prompt writes leave the rows MLflow’s own calls leave', () => {
  let copy: TempCopy;
  let registry: SqliteRegistry;
  let prompts: PromptOperations;

  before(() => {
    copy = tempCopy(FIXTURE_GENAI.db);
    registry = openRegistry(copy.db);
    prompts = registry.prompts!;
  });
  after(async () => {
    await registry.close();
    copy.cleanup();
  });

  it('register_prompt’s new summarizer version: the prompt ends as the recorded sequence left it', async () => {
    // The recorded client ran outside any experiment, so the prompt gained ",0," as here.
    const v = await prompts.registerPrompt(RECORDED_REGISTRATION);
    assert.equal(v.version, '4');
    const want = summarizerAfterRecordedWrites();
    const got = await registry.getRegisteredModel('summarizer');
    assert.deepEqual(got.tags, want.tags);
    assert.deepEqual(got.aliases, want.aliases);
    assert.equal(got.description, want.description);
    const [latestGot] = got.latestVersions;
    const [latestWant] = want.latestVersions;
    assert.deepEqual(latestGot.tags, latestWant.tags);
    assert.equal(latestGot.description, latestWant.description);
    assert.equal(latestGot.source, latestWant.source);
    assert.equal(latestGot.status, latestWant.status);
  });

  it('the new version row looks like the rows MLflow wrote for earlier prompt versions', () => {
    const columns = 'user_id, current_stage, source, run_id, status, status_message, run_link, storage_location, workspace';
    const [mine] = rowsOf(copy.db, `SELECT ${columns} FROM model_versions WHERE name = 'summarizer' AND version = 4`);
    const [mlflows] = rowsOf(copy.db, `SELECT ${columns} FROM model_versions WHERE name = 'summarizer' AND version = 3`);
    assert.deepEqual(mine, mlflows);
  });

  it('sets and deletes an alias; latest, a missing version and bad names are refused and change nothing', async () => {
    await prompts.setPromptAlias('summarizer', 'canary', '4');
    assert.equal((await prompts.getPromptVersionByAlias('summarizer', 'canary')).version, '4');
    await prompts.deletePromptAlias('summarizer', 'canary');
    assert.deepEqual(rowsOf(copy.db, "SELECT alias FROM registered_model_aliases WHERE name = 'summarizer' ORDER BY alias"), [
      { alias: 'production' },
      { alias: 'staging' },
    ]);

    const before = fileHash(copy.db);
    const refused = expected.writes_that_mlflow_refuses;
    for (const [call, run] of [
      ['set_prompt_alias("summarizer", "latest", 1) (reserved alias)', () => prompts.setPromptAlias('summarizer', 'latest', '1')],
      ['set_prompt_alias("summarizer", "production", 7) (no such version)', () => prompts.setPromptAlias('summarizer', 'production', '7')],
      ['register_prompt("ticket-router", ...) (name of a model)', () => prompts.registerPrompt({ name: 'ticket-router', template: '{{x}}' })],
      ['register_prompt("résumé-摘要", ...) (unicode prompt name)', () => prompts.registerPrompt({ name: 'résumé-摘要', template: 'x' })],
    ] as const) {
      const e = await rejectsWith(run, refused[call].error_code as never);
      assert.equal(e.message, refused[call].message, call);
    }
    assert.equal(fileHash(copy.db), before, 'a refused write changes nothing');
  });

  it('creates a new prompt: marker and tags on the prompt, commit message as its description, experiment ids', async () => {
    await prompts.registerPrompt(
      { name: 'greeter', template: [{ role: 'user', content: 'Grüß {{name}}' }], commitMessage: 'Erste', tags: { lang: 'de' } },
      '2',
    );
    const p = await prompts.getPrompt('greeter');
    assert.deepEqual(p.tags, { lang: 'de', _mlflow_experiment_ids: ',2,' });
    assert.equal(p.description, 'Erste');
    assert.deepEqual(rowsOf(copy.db, "SELECT key, value FROM model_version_tags WHERE name = 'greeter' AND version = 1 AND key = 'mlflow.prompt.text'"), [
      { key: 'mlflow.prompt.text', value: '[{"role": "user", "content": "Gr\\u00fc\\u00df {{name}}"}]' },
    ]);
    const v = await prompts.getPromptVersion('greeter', '1');
    assert.deepEqual(v.template, [{ role: 'user', content: 'Grüß {{name}}' }]);
    assert.deepEqual(v.tags, { lang: 'de' });
  });

  it('sets and deletes a prompt tag, and deletes a version as MLflow does (soft delete)', async () => {
    await prompts.setPromptTag('greeter', 'owner', 'ops');
    assert.equal((await prompts.getPrompt('greeter')).tags.owner, 'ops');
    await prompts.deletePromptTag('greeter', 'owner');
    assert.ok(!('owner' in (await prompts.getPrompt('greeter')).tags));
    await prompts.deletePromptVersion('summarizer', '4');
    await rejectsWith(() => prompts.getPromptVersion('summarizer', '4'), 'RESOURCE_DOES_NOT_EXIST', /^Prompt \(name=summarizer, version=4\) not found$/);
    assert.deepEqual(rowsOf(copy.db, "SELECT current_stage FROM model_versions WHERE name = 'summarizer' AND version = 4"), [
      { current_stage: 'Deleted_Internal' },
    ]);
  });
});
