import assert from 'node:assert/strict';
import { isPromptUri, parsePromptUri, type PromptUri } from '../../src/core/promptUri';
import { completionSpot, scanModelUris } from '../../src/language/modelUriScanner';

describe('prompts:/ URIs (docs/uris.md#prompts-uris)', () => {
  describe('parsing, with MLflow prompts-mode rules', () => {
    const good: [string, PromptUri][] = [
      ['prompts:/summarizer/2', { kind: 'version', name: 'summarizer', version: '2' }],
      ['prompts:/summarizer/007', { kind: 'version', name: 'summarizer', version: '7' }],
      ['prompts:/summarizer@production', { kind: 'alias', name: 'summarizer', alias: 'production' }],
      ['prompts:/summarizer@latest', { kind: 'alias', name: 'summarizer', alias: 'latest' }],
      ['prompts:/Prompt1@PRODUCTION', { kind: 'alias', name: 'Prompt1', alias: 'PRODUCTION' }],
      ['prompts:/complex.prompt_name@alias-42', { kind: 'alias', name: 'complex.prompt_name', alias: 'alias-42' }],
      ['PROMPTS:///qa-with-config/3', { kind: 'version', name: 'qa-with-config', version: '3' }],
    ];
    for (const [uri, expected] of good) it(`parses ${uri}`, () => assert.deepEqual(parsePromptUri(uri), expected));

    const bad: [string, RegExp][] = [
      ['prompts:/', /Not a proper prompts:\/ URI: prompts:\/\./],
      [
        'prompts:/summarizer',
        /names no version or alias, and MLflow reads a lone segment as a logged model id, not a prompt; prompts:\/summarizer@latest is the newest version \(as load_prompt\("summarizer"\) without the scheme\)/,
      ],
      ['prompts:/summarizer/latest', /'latest' is not a version number: prompts have no stages/],
      ['prompts:/summarizer/Production', /'Production' is not a version number/],
      ['prompts:/summarizer/', /The version after the prompt name is empty/],
      ['prompts:/summarizer@', /The alias after '@' is empty/],
      ['prompts:/@production', /The prompt name before the alias is empty/],
      ['prompts:/ /1', /The prompt name is empty/],
      ['prompts:/a/1/2', /more than two path segments/],
      ['prompts:summarizer/1', /Not a proper prompts:\/ URI/],
      ['prompts://profile@databricks/x/1', /registry named inside the URI/],
      ['models:/summarizer/1', /Not a proper prompts:\/ URI/],
    ];
    for (const [uri, why] of bad) {
      it(`rejects ${JSON.stringify(uri)}`, () =>
        assert.throws(
          () => parsePromptUri(uri),
          (e: Error) => why.test(e.message) && /INVALID_PARAMETER_VALUE|Prompt URIs must be/.test(e.message + (e as { code?: string }).code),
        ));
    }

    it('tells a prompts URI from a models URI by its scheme, in any case', () => {
      assert.equal(isPromptUri('prompts:/x@y'), true);
      assert.equal(isPromptUri('Prompts:/x'), true);
      assert.equal(isPromptUri('models:/x/1'), false);
      assert.equal(isPromptUri('summarizer'), false);
    });
  });

  describe('scanning code', () => {
    it('finds prompts URIs beside models URIs, with exact offsets, and marks assembled ones dynamic', () => {
      const src = [
        'import mlflow',
        'p = mlflow.genai.load_prompt("prompts:/summarizer@production")',
        "m = mlflow.pyfunc.load_model('models:/ticket-router/1')",
        'q = load_prompt(f"prompts:/{name}@latest")',
        'r = load_prompt("prompts:/summarizer/" + v)',
        '# see prompts:/support-agent/2.',
        'x = "myprompts:/nope/1"',
      ].join('\n');
      const { matches } = scanModelUris(src);
      assert.deepEqual(
        matches.map((m) => [m.text, m.dynamic]),
        [
          ['prompts:/summarizer@production', false],
          ['models:/ticket-router/1', false],
          ['prompts:/{name}@latest', true],
          ['prompts:/summarizer/', true],
          ['prompts:/support-agent/2', false],
        ],
      );
      const first = matches[0];
      assert.equal(src.slice(first.start, first.end), 'prompts:/summarizer@production');
      assert.equal(src[first.start - 1], '"');
      assert.equal(first.quote, '"');
    });

    it('says where completion is inside a prompts URI, and which scheme', () => {
      const spots: [string, ReturnType<typeof completionSpot>][] = [
        ['load_prompt("prompts:/su', { scheme: 'prompts', kind: 'name', partial: 'su', start: 22 }],
        ['load_prompt("prompts:/summarizer/', { scheme: 'prompts', kind: 'suffix', name: 'summarizer', partial: '', start: 33 }],
        ['load_prompt("prompts:/summarizer@pro', { scheme: 'prompts', kind: 'alias', name: 'summarizer', partial: 'pro', start: 33 }],
        ['x = "models:/a/1"; load_prompt("prompts:/', { scheme: 'prompts', kind: 'name', partial: '', start: 41 }],
        ['x = "prompts:/a/1"; load("models:/', { scheme: 'models', kind: 'name', partial: '', start: 34 }],
      ];
      for (const [line, spot] of spots) assert.deepEqual(completionSpot(line), spot, line);
      assert.equal(completionSpot('load_prompt("myprompts:/'), undefined);
    });
  });
});
