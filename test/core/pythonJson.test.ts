import assert from 'node:assert/strict';
import { parsePythonJson, plainJson, PyFloat, pythonFloatText, pythonJsonDumps } from '../../src/core/pythonJson';
import { promptVersionTags } from '../../src/core/prompts';
import { readJson } from '../helpers/fixtures';
import { FIXTURE_GENAI } from '../helpers/genaiFixture';

interface TagRow {
  key: string;
  value: string;
  name: string;
  version: number;
}

/** The JSON-valued version tags exactly as MLflow stored them in the genai fixture. */
function storedJsonTags(): TagRow[] {
  const expected = readJson<{ sqlite_tables: { model_version_tags: { rows: TagRow[] } } }>(FIXTURE_GENAI.expected);
  return expected.sqlite_tables.model_version_tags.rows.filter(
    (r) => r.key === '_mlflow_prompt_response_format' || r.key === '_mlflow_prompt_model_config' || (r.key === 'mlflow.prompt.text' && r.value.startsWith('[')),
  );
}

describe('json.dumps-compatible text for prompt tags', () => {
  it('writes back every JSON tag of the genai fixture byte for byte, 0.0 included', () => {
    const rows = storedJsonTags();
    assert.ok(rows.length >= 5);
    for (const r of rows) assert.equal(pythonJsonDumps(parsePythonJson(r.value)), r.value, `${r.name}/${r.version} ${r.key}`);
  });

  it('escapes everything outside printable ASCII as Python does (ensure_ascii)', () => {
    // Expected texts are Python 3's json.dumps output for the same values.
    assert.equal(
      pythonJsonDumps({ content: 'Traduisez « x » ✓ — 日本語 🚀', c: '\u0000\u001f\u007f\t"\\/' }),
      String.raw`{"content": "Traduisez \u00ab x \u00bb \u2713 \u2014 \u65e5\u672c\u8a9e \ud83d\ude80", "c": "\u0000\u001f\u007f\t\"\\/"}`,
    );
  });

  it('writes floats as repr(float) does and whole numbers as ints unless marked PyFloat', () => {
    const cases: [number, string][] = [
      [0, '0.0'],
      [-0, '-0.0'],
      [1e-5, '1e-05'],
      [1e16, '1e+16'],
      [123456789012345680, '1.2345678901234568e+17'],
      [0.1 + 0.2, '0.30000000000000004'],
      [1e-4, '0.0001'],
      [1.5e300, '1.5e+300'],
      [100, '100.0'],
      [1234567890123456, '1234567890123456.0'],
      [2.5e-7, '2.5e-07'],
      [0.3, '0.3'],
      [Infinity, 'Infinity'],
      [NaN, 'NaN'],
    ];
    for (const [x, text] of cases) assert.equal(pythonFloatText(x), text, String(x));
    assert.equal(pythonJsonDumps([{}, [], null, true, false, 3, new PyFloat(3), 0.25]), '[{}, [], null, true, false, 3, 3.0, 0.25]');
  });

  it('parses floats as PyFloat and gives plain numbers for display', () => {
    const parsed = parsePythonJson('{"temperature": 0.0, "seed": 42, "s": "1.0"}');
    assert.deepEqual(parsed, { temperature: new PyFloat(0), seed: 42, s: '1.0' });
    assert.deepEqual(plainJson(parsed), { temperature: 0, seed: 42, s: '1.0' });
  });

  it('builds register_prompt’s version tags in its order, chat messages as json.dumps text', () => {
    const tags = promptVersionTags({
      name: 'support-agent',
      template: [
        { role: 'system', content: 'You are a friendly support agent for {{product}}. Answer in {{language}}.' },
        { role: 'user', content: '{{question}}' },
      ],
      tags: { author: 'carol' },
      modelConfig: { model_name: 'gpt-4o', temperature: new PyFloat(0), top_p: 0.9, seed: 42 },
    });
    assert.deepEqual(Object.keys(tags), ['author', 'mlflow.prompt.is_prompt', '_mlflow_prompt_type', '_mlflow_prompt_model_config', 'mlflow.prompt.text']);
    const stored = storedJsonTags().find((r) => r.name === 'support-agent' && r.version === 1 && r.key === 'mlflow.prompt.text')!;
    assert.equal(tags['mlflow.prompt.text'], stored.value);
    assert.equal(tags['_mlflow_prompt_model_config'], '{"model_name": "gpt-4o", "temperature": 0.0, "top_p": 0.9, "seed": 42}');
  });
});
