import assert from 'node:assert/strict';
import type { SqliteRegistry } from '../../src/backends/sqlite/sqliteRegistry';
import { ModelUriResolver, type UriResolution } from '../../src/language/uriResolver';
import { genaiExpected } from '../helpers/expectedPrompts';
import { FIXTURE_2 } from '../helpers/fixtures';
import { FIXTURE_GENAI } from '../helpers/genaiFixture';
import { openRegistry } from '../helpers/registry';

const expected = genaiExpected();
const failing = (call: string) => expected.lookups_that_fail[call].message;

function versionOf(a: UriResolution): string {
  assert.equal(a.kind, 'prompt', JSON.stringify(a));
  return a.kind === 'prompt' ? `${a.version.name}/${a.version.version}` : '';
}

function problemOf(a: UriResolution): [string, string] {
  assert.equal(a.kind, 'problem', JSON.stringify(a));
  return a.kind === 'problem' ? [a.problem, a.message] : ['', ''];
}

describe('prompts:/ URIs in code, resolved on the genai fixture as load_prompt resolves them', () => {
  let registry: SqliteRegistry;
  let resolver: ModelUriResolver;
  before(() => {
    registry = openRegistry(FIXTURE_GENAI.db, { readonly: true });
    resolver = new ModelUriResolver({ backend: registry });
  });
  after(() => registry.close());

  it('resolves each load_prompt call of expected.json to the version MLflow loaded; @latest is the highest live version', async () => {
    const calls = Object.entries(expected.load_prompt).filter(([call]) => call.includes('prompts:/'));
    assert.ok(calls.length >= 6);
    for (const [call, want] of calls) {
      const uri = /"(prompts:\/[^"]+)"/.exec(call)![1];
      assert.equal(versionOf(await resolver.resolve(uri)), `${want.name}/${want.version}`, call);
    }
  });

  it("carries the version's commit message, template, variables and aliases", async () => {
    const a = await resolver.resolve('prompts:/summarizer@production');
    assert.ok(a.kind === 'prompt');
    assert.equal(a.version.commitMessage, 'Add tone control');
    assert.ok(typeof a.version.template === 'string');
    assert.match(a.version.template, /^You are a concise editor\./);
    assert.deepEqual(a.version.variables, ['num_sentences', 'text', 'tone']);
    assert.deepEqual(a.version.aliases, ['production']);
    assert.deepEqual(a.ref, { kind: 'alias', name: 'summarizer', alias: 'production' });
  });

  it("says what is unknown in MLflow's words: prompt, alias, version, a deleted version, a model's name", async () => {
    assert.deepEqual(problemOf(await resolver.resolve('prompts:/no-such-prompt/1')), ['prompt', failing('load_prompt("prompts:/no-such-prompt/1")')]);
    const [kind, message] = problemOf(await resolver.resolve('prompts:/summarizer@canary'));
    assert.equal(kind, 'alias');
    assert.ok(message.startsWith(failing('load_prompt("prompts:/summarizer@canary")')), message);
    assert.match(message, /has @production, @staging, and @latest/);
    assert.deepEqual(problemOf(await resolver.resolve('prompts:/summarizer/9')), ['version', failing('load_prompt("prompts:/summarizer/9")')]);
    assert.deepEqual(problemOf(await resolver.resolve('prompts:/qa-with-config/2')), ['version', failing('load_prompt("prompts:/qa-with-config/2")')]);
    assert.deepEqual(problemOf(await resolver.resolve('prompts:/ticket-router/1')), [
      'notPrompt',
      failing('load_prompt("prompts:/ticket-router/1") (a model)'),
    ]);
    assert.equal(problemOf(await resolver.resolve('prompts:/summarizer'))[0], 'malformed');
  });

  it('flags a bare prompts:/summarizer (MLflow reads it as a logged model id) and points at @latest, which is what load_prompt("summarizer") loads', async () => {
    const [kind, message] = problemOf(await resolver.resolve('prompts:/summarizer'));
    assert.equal(kind, 'malformed');
    assert.match(message, /logged model id, not a prompt; prompts:\/summarizer@latest is the newest version/);
    const loaded = expected.load_prompt['load_prompt("summarizer")'];
    assert.equal(versionOf(await resolver.resolve('prompts:/summarizer@latest')), `${loaded.name}/${loaded.version}`);
  });

  it('completes from the same lookups: prompt names by prefix, versions newest first', async () => {
    const names = await resolver.prompts.startingWith('s');
    assert.deepEqual(
      names.prompts.map((p) => p.name),
      ['summarizer', 'support-agent'],
    );
    assert.equal(names.complete, true);
    assert.deepEqual(
      (await resolver.prompts.versions('summarizer')).map((v) => v.version),
      ['3', '2', '1'],
    );
    assert.deepEqual(await resolver.prompts.versions('ticket-router'), [], 'a model has no prompt versions');
  });

  it('a prompt URI in an MLflow 2.17.2 registry, which has no prompts, is only "not found" (or a model name)', async () => {
    const old = openRegistry(FIXTURE_2.db, { readonly: true });
    try {
      const r = new ModelUriResolver({ backend: old });
      assert.deepEqual(problemOf(await r.resolve('prompts:/summarizer@production')), ['prompt', 'Prompt with name=summarizer not found']);
      const [kind, message] = problemOf(await r.resolve('prompts:/iris-classifier/1'));
      assert.equal(kind, 'notPrompt');
      assert.match(message, /Name `iris-classifier` is registered as a model, not a prompt/);
    } finally {
      await old.close();
    }
  });
});
