import assert from 'node:assert/strict';
import { RestRegistry } from '../../src/backends/rest/restRegistry';
import type { PromptOperations } from '../../src/core/promptApi';
import { RESERVED_PROMPT_VERSION_TAGS } from '../../src/core/prompts';
import { asExpectedPrompt, asExpectedVersion, expectedAllPrompts, genaiExpected, RECORDED_REGISTRATION } from '../helpers/expectedPrompts';
import { FIXTURE_GENAI } from '../helpers/genaiFixture';
import { rejectsWith } from '../helpers/registry';
import { loadExchanges, VERSION_EXCHANGE, ReplayServer, type Exchange } from './replayServer';

const expected = genaiExpected();
const ALL = loadExchanges(FIXTURE_GENAI.rest, () => true);
const file = (n: number): Exchange => ALL.find((x) => x.file.startsWith(`${String(n).padStart(2, '0')}-`))!;
const files = (...numbers: number[]) => numbers.map((n) => file(n).file);
/** Some requests were recorded several times; reads are compared by what was asked, not by which copy answered. */
const requestKey = (x: Exchange): string => `${x.method} ${x.path} ${JSON.stringify(x.query)} ${JSON.stringify(x.body)}`;
const recorded = (...numbers: number[]) => ({ requests: numbers.map((n) => requestKey(file(n))), unrecorded: [] as string[] });
function taken(server: ReplayServer): { requests: string[]; unrecorded: string[] } {
  const t = server.take();
  return { requests: t.served.map((f) => requestKey(ALL.find((x) => x.file === f)!)), unrecorded: t.unrecorded };
}
/** The recordings' server was this MLflow 3 build; its GET /version is not among them. */
const VERSION_3: Exchange = { ...VERSION_EXCHANGE, file: '(synthetic) GET /version 3.11.2.dev0', responseBody: '3.11.2.dev0' };

async function connect(server: ReplayServer): Promise<{ rest: RestRegistry; prompts: PromptOperations }> {
  const rest = await RestRegistry.connect({ url: server.url, maxRetries: 0 });
  assert.ok(rest.prompts);
  server.take();
  return { rest, prompts: rest.prompts };
}

describe('REST backend: prompts against the recorded MLflow 3 exchanges', () => {
  describe('reads (01-48, served as often as asked)', () => {
    let server: ReplayServer;
    let rest: RestRegistry;
    let prompts: PromptOperations;
    const reads = ALL.filter((x) => Number(x.file.slice(0, 2)) <= 48 && x.method === 'GET');

    before(async () => {
      server = await ReplayServer.start([VERSION_3, ...reads]);
      ({ rest, prompts } = await connect(server));
    });
    after(async () => {
      await rest.close();
      await server.close();
    });

    it('01 searches prompts with search_prompts’ filter and page size', async () => {
      const page = await prompts.searchPrompts();
      assert.deepEqual(
        page.items.map((p) => p.name),
        expected.search_prompts['search_prompts()'],
      );
      assert.deepEqual(taken(server), recorded(1));
    });

    it('02 turns experiment_id into the _mlflow_experiment_ids match MLflow sends', async () => {
      const page = await prompts.searchPrompts({ filter: "experiment_id = '2'" });
      assert.deepEqual(
        page.items.map((p) => p.name),
        expected.search_prompts[`search_prompts(filter_string="experiment_id = '2'")`],
      );
      assert.deepEqual(taken(server), recorded(2));
    });

    it('24-25 lists a prompt’s versions as search_prompt_versions does', async () => {
      const versions = await prompts.listPromptVersions('summarizer');
      assert.deepEqual(
        versions.map((v) => v.version),
        ['3', '2', '1'],
      );
      assert.deepEqual(taken(server), recorded(24, 25));
    });

    it('lists the prompts, and summarizer’s versions, exactly as expected.json says', async () => {
      // The recordings hold the versions of summarizer only; the embedded store's test covers every prompt's.
      const want = expectedAllPrompts(expected);
      assert.deepEqual(
        (await prompts.searchPrompts()).items.map(asExpectedPrompt),
        want.map((p) => p.prompt),
      );
      const versions = (await prompts.listPromptVersions('summarizer')).map(asExpectedVersion).reverse();
      assert.deepEqual(versions, want.find((p) => p.prompt.name === 'summarizer')!.versions);
      assert.deepEqual(taken(server), recorded(1, 24, 25));
    });

    it('03-04, 09-10, 12-13, 18-19 load by alias, by version and latest with the first calls load_prompt makes', async () => {
      assert.equal((await prompts.getPromptVersionByAlias('summarizer', 'production')).version, '2');
      assert.deepEqual(taken(server), recorded(3, 4));
      const v1 = await prompts.getPromptVersion('summarizer', '1');
      assert.equal(v1.template, expected.prompts.find((p) => p.name === 'summarizer')!.versions[0].template);
      assert.deepEqual(taken(server), recorded(9, 10));
      const chat = await prompts.getPromptVersionByAlias('support-agent', 'production');
      assert.deepEqual(chat.template, expected.prompts.find((p) => p.name === 'support-agent')!.versions[1].template);
      assert.deepEqual(taken(server), recorded(12, 13));
      const latest = await prompts.getPromptVersionByAlias('qa-with-config', 'latest');
      assert.deepEqual(latest.modelConfig, { model_name: 'gpt-4o', temperature: 0, top_p: 0.9, seed: 42 });
      assert.equal(latest.modelConfigJson, '{"model_name": "gpt-4o", "temperature": 0.0, "top_p": 0.9, "seed": 42}');
      assert.deepEqual(taken(server), recorded(18, 19));
    });

    it('39-45 fail with MLflow’s prompt errors', async () => {
      const fail = expected.lookups_that_fail;
      const cases = [
        ['load_prompt("prompts:/no-such-prompt/1")', () => prompts.getPromptVersion('no-such-prompt', '1'), [39]],
        ['load_prompt("prompts:/summarizer@canary")', () => prompts.getPromptVersionByAlias('summarizer', 'canary'), [40, 41]],
        ['load_prompt("prompts:/summarizer/9")', () => prompts.getPromptVersion('summarizer', '9'), [42, 43]],
        ['load_prompt("prompts:/qa-with-config/2")', () => prompts.getPromptVersion('qa-with-config', '2'), [44, 45]],
        ['load_prompt("prompts:/ticket-router/1") (a model)', () => prompts.getPromptVersion('ticket-router', '1'), [29]],
      ] as const;
      for (const [call, run, served] of cases) {
        const e = await rejectsWith(run, fail[call].error_code as never);
        assert.equal(e.message, fail[call].message, call);
        assert.deepEqual(taken(server), recorded(...served), call);
      }
    });

    it('never shows the five reserved prompt tags as user tags', async () => {
      const versions = [...(await prompts.listPromptVersions('summarizer')), await prompts.getPromptVersionByAlias('support-agent', 'production')];
      for (const v of versions) for (const key of RESERVED_PROMPT_VERSION_TAGS) assert.ok(!(key in v.tags), `${v.name}/${v.version} shows ${key}`);
      for (const p of (await prompts.searchPrompts()).items) assert.ok(!('mlflow.prompt.is_prompt' in p.tags));
      assert.deepEqual(taken(server).unrecorded, []);
    });
  });

  describe('writes (49-65, one sequence in the recorded order)', () => {
    // MLflow's client reads the prompt again after some calls (53, 59-61): those re-reads change nothing and are not sent.
    const SEQUENCE = [49, 50, 51, 52, 54, 55, 56, 57, 58, 62, 63, 64, 65];
    let server: ReplayServer;
    let rest: RestRegistry;
    let prompts: PromptOperations;

    before(async () => {
      server = await ReplayServer.start([VERSION_3], SEQUENCE.map(file));
      ({ rest, prompts } = await connect(server));
    });
    after(async () => {
      await rest.close();
      await server.close();
    });

    it('49-52 registers a new version of summarizer with the same calls as register_prompt', async () => {
      const v = await prompts.registerPrompt(RECORDED_REGISTRATION);
      assert.equal(v.version, '4');
      assert.deepEqual(v.tags, { author: 'dave' });
      assert.deepEqual(v.variables, ['num_sentences', 'text', 'tone']);
      assert.deepEqual(server.take(), { served: files(49, 50, 51, 52), unrecorded: [] });
    });

    it('54-58 sets an alias, which then resolves; a reserved alias is refused before anything is sent', async () => {
      await rejectsWith(
        () => prompts.setPromptAlias('summarizer', 'Latest', '1'),
        'INVALID_PARAMETER_VALUE',
        /'latest' alias name \(case insensitive\) is reserved\./,
      );
      await prompts.setPromptAlias('summarizer', 'canary', '4');
      assert.deepEqual(server.take(), { served: files(54, 55, 56), unrecorded: [] });
      assert.equal((await prompts.getPromptVersionByAlias('summarizer', 'canary')).version, '4');
      assert.deepEqual(server.take(), { served: files(57, 58), unrecorded: [] });
    });

    it('62 deletes the alias', async () => {
      await prompts.deletePromptAlias('summarizer', 'canary');
      assert.deepEqual(server.take(), { served: files(62), unrecorded: [] });
    });

    it('63-65 refuse an alias on a missing version and a prompt named like a model, with MLflow’s errors', async () => {
      await rejectsWith(
        () => prompts.setPromptAlias('summarizer', 'production', '99'),
        'RESOURCE_DOES_NOT_EXIST',
        /^Prompt 'summarizer' version 99 does not exist\.$/,
      );
      const refused = expected.writes_that_mlflow_refuses['register_prompt("ticket-router", ...) (name of a model)'];
      const e = await rejectsWith(() => prompts.registerPrompt({ name: 'ticket-router', template: '{{x}}' }), 'INVALID_PARAMETER_VALUE');
      assert.equal(e.message, refused.message);
      const unicode = expected.writes_that_mlflow_refuses['register_prompt("résumé-摘要", ...) (unicode prompt name)'];
      const u = await rejectsWith(() => prompts.registerPrompt({ name: 'résumé-摘要', template: 'x' }), 'INVALID_PARAMETER_VALUE');
      assert.equal(u.message, unicode.message);
      assert.deepEqual(server.take(), { served: files(63, 64, 65), unrecorded: [] });
      assert.ok(server.sequenceDone);
    });
  });
});
