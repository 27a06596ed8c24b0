import assert from 'node:assert/strict';
import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import type { PromptOperations } from '../../src/core/promptApi';
import { RESERVED_PROMPT_VERSION_TAGS } from '../../src/core/prompts';
import { expectedAllPrompts, genaiExpected, readAllPrompts } from '../helpers/expectedPrompts';
import { FIXTURE_2, FIXTURE_3 } from '../helpers/fixtures';
import { FIXTURE_GENAI } from '../helpers/genaiFixture';
import { openRegistry, rejectsWith } from '../helpers/registry';

const expected = genaiExpected();

function promptsOf(registry: SqliteRegistry): PromptOperations {
  assert.ok(registry.prompts);
  return registry.prompts;
}

describe('embedded store: prompts of the MLflow 3 genai fixture, read as mlflow.genai reports them', () => {
  let registry: SqliteRegistry;
  let prompts: PromptOperations;
  before(() => {
    registry = openRegistry(FIXTURE_GENAI.db, { readonly: true });
    prompts = promptsOf(registry);
  });
  after(() => registry.close());

  it('lists every prompt and its versions exactly as expected.json says', async () => {
    assert.deepEqual(await readAllPrompts(prompts), expectedAllPrompts(expected));
  });

  it('filters as search_prompts does: by name, and by experiment through _mlflow_experiment_ids', async () => {
    const names = async (filter?: string) => (await prompts.searchPrompts({ filter })).items.map((p) => p.name);
    assert.deepEqual(await names(), expected.search_prompts['search_prompts()']);
    assert.deepEqual(await names("name LIKE 'su%'"), expected.search_prompts[`search_prompts(filter_string="name LIKE 'su%'")`]);
    assert.deepEqual(await names("experiment_id = '2'"), expected.search_prompts[`search_prompts(filter_string="experiment_id = '2'")`]);
    assert.deepEqual(await names("experiment_id = '1'"), expected.search_prompts[`search_prompts(filter_string="experiment_id = '1'")`]);
  });

  it('gets a prompt, a version and a version by alias; latest is the highest live version', async () => {
    const summarizer = expected.prompts.find((p) => p.name === 'summarizer')!;
    assert.deepEqual((await prompts.getPrompt('summarizer')).tags, summarizer['tags (get_prompt)']);
    assert.equal((await prompts.getPromptVersionByAlias('summarizer', 'production')).version, '2');
    assert.equal((await prompts.getPromptVersionByAlias('summarizer', 'staging')).version, '3');
    assert.equal((await prompts.getPromptVersionByAlias('summarizer', 'latest')).version, '3');
    assert.equal((await prompts.getPromptVersionByAlias('qa-with-config', 'latest')).version, '3');
    const chat = await prompts.getPromptVersion('support-agent', '2');
    assert.equal(chat.type, 'chat');
    assert.equal(chat.modelConfigJson, null);
    assert.equal(
      chat.responseFormatJson,
      '{"type": "object", "properties": {"answer": {"type": "string"}, "escalate": {"type": "boolean"}}, "required": ["answer", "escalate"]}',
    );
  });

  it('fails lookups with MLflow’s errors', async () => {
    const fail = expected.lookups_that_fail;
    for (const [call, run] of [
      ['load_prompt("prompts:/qa-with-config/2")', () => prompts.getPromptVersion('qa-with-config', '2')],
      ['load_prompt("prompts:/summarizer@canary")', () => prompts.getPromptVersionByAlias('summarizer', 'canary')],
      ['load_prompt("prompts:/summarizer/9")', () => prompts.getPromptVersion('summarizer', '9')],
      ['load_prompt("prompts:/no-such-prompt/1")', () => prompts.getPromptVersion('no-such-prompt', '1')],
      ['load_prompt("prompts:/ticket-router/1") (a model)', () => prompts.getPromptVersion('ticket-router', '1')],
    ] as const) {
      const e = await rejectsWith(run, fail[call].error_code as never);
      assert.equal(e.message, fail[call].message, call);
    }
  });

  it('never shows the five reserved prompt tags as user tags', async () => {
    for (const p of (await prompts.searchPrompts()).items) {
      assert.ok(!('mlflow.prompt.is_prompt' in p.tags));
      for (const v of await prompts.listPromptVersions(p.name)) {
        for (const key of RESERVED_PROMPT_VERSION_TAGS) assert.ok(!(key in v.tags), `${p.name}/${v.version} shows ${key}`);
      }
    }
  });

  it('keeps prompts out of the model lists, as before', async () => {
    const models = (await registry.searchRegisteredModels()).items.map((m) => m.name);
    assert.deepEqual(models, ['answer-ranker', 'quality-scorer', 'ticket-router']);
  });
});

describe('embedded store: registries without prompts', () => {
  for (const [label, db] of [
    ['2.17.2', FIXTURE_2.db],
    ['3.11.2 (models only)', FIXTURE_3.db],
  ] as const) {
    it(`finds no prompts in the ${label} fixture`, async () => {
      const registry = openRegistry(db, { readonly: true });
      try {
        assert.deepEqual((await promptsOf(registry).searchPrompts()).items, []);
      } finally {
        await registry.close();
      }
    });
  }
});
