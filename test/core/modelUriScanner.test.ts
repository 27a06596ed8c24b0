import assert from 'node:assert/strict';
import { descriptionExcerpt } from '../../src/core/excerpt';
import { completionSpot, matchAt, scanModelUris, type ModelUriMatch } from '../../src/language/modelUriScanner';

/** Line and column (0-based) of an offset, as an editor shows it. */
function position(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset).split('\n');
  return [before.length - 1, before.at(-1)!.length];
}

const texts = (ms: ModelUriMatch[]) => ms.map((m) => m.text);
const staticUris = (text: string) => texts(scanModelUris(text).matches.filter((m) => !m.dynamic));

describe('models:/ scanner for code', () => {
  it('finds every form of docs/uris.md#models-uris inside Python strings, with exact positions', () => {
    const src = [
      'import mlflow',
      '',
      'prod = mlflow.pyfunc.load_model("models:/iris-classifier/Production")',
      "champ = mlflow.pyfunc.load_model('models:/iris-classifier@champion')",
      'v3 = load("models:/iris-classifier/3")  # pinned',
      "latest = load(model_uri='models:/iris-classifier/latest')",
      'logged = load("models:/m-610dae704b7f458ab2229ac7a2efb4f7")',
    ].join('\n');
    const { matches, truncated } = scanModelUris(src);
    assert.equal(truncated, false);
    assert.deepEqual(texts(matches), [
      'models:/iris-classifier/Production',
      'models:/iris-classifier@champion',
      'models:/iris-classifier/3',
      'models:/iris-classifier/latest',
      'models:/m-610dae704b7f458ab2229ac7a2efb4f7',
    ]);
    assert.deepEqual(position(src, matches[0].start), [2, 33]);
    assert.deepEqual(position(src, matches[0].end), [2, 33 + 'models:/iris-classifier/Production'.length]);
    assert.deepEqual(position(src, matches[1].start), [3, 34]);
    assert.deepEqual(position(src, matches[4].start), [6, 15]);
    assert.deepEqual(
      matches.map((m) => m.quote),
      ['"', "'", '"', "'", '"'],
    );
    assert.ok(matches.every((m) => !m.dynamic));
    for (const m of matches) assert.equal(src.slice(m.start, m.end), m.text);
  });

  it('keeps spaces inside quoted names, and ends unquoted URIs in prose before punctuation', () => {
    assert.deepEqual(staticUris('load("models:/my model/1")'), ['models:/my model/1']);
    assert.deepEqual(staticUris('# serves models:/iris-classifier@champion, then models:/churn-model/2.'), [
      'models:/iris-classifier@champion',
      'models:/churn-model/2',
    ]);
    assert.deepEqual(staticUris('"""Loads models:/iris-classifier/Staging (see docs)."""'), ['models:/iris-classifier/Staging']);
    assert.deepEqual(staticUris('"""models:/iris-classifier/1"""'), ['models:/iris-classifier/1'], 'a triple-quoted string');
    assert.deepEqual(staticUris("x = r'models:/a/1'"), ['models:/a/1']);
    assert.deepEqual(staticUris('MODELS:/Iris/2'), ['MODELS:/Iris/2'], 'the scheme is case-insensitive, as in MLflow');
  });

  it('does not take other schemes or words ending in "models"', () => {
    assert.deepEqual(staticUris('"runs:/abc/model" "mymodels:/x/1" "registered_models:/x/1" "models:/ok/1"'), ['models:/ok/1']);
  });

  it('marks URIs built at run time as dynamic: f-strings, format, %, concatenation, a bare prefix', () => {
    const src = [
      'a = f"models:/{name}/{version}"',
      'b = f"models:/iris-classifier@{alias}"',
      'c = "models:/{}/{}".format(name, version)',
      'd = "models:/%s/1" % name',
      'e = "models:/iris-classifier/" + str(version)',
      'f = "models:/" + name',
      'g = "models:/iris-classifier" "@champion"',
      'h = "models:/iris-classifier/2"',
    ].join('\n');
    const ms = scanModelUris(src).matches;
    assert.deepEqual(
      ms.map((m) => [m.text, m.dynamic]),
      [
        ['models:/{name}/{version}', true],
        ['models:/iris-classifier@{alias}', true],
        ['models:/{}/{}', true],
        ['models:/%s/1', true],
        ['models:/iris-classifier/', true],
        ['models:/', true],
        ['models:/iris-classifier', true],
        ['models:/iris-classifier/2', false],
      ],
    );
  });

  it('stops a quoted URI at the end of its line or an escape, and says when the string is not closed', () => {
    assert.deepEqual(staticUris('x = "models:/a/1\nmore'), ['models:/a/1']);
    assert.deepEqual(
      scanModelUris('x = "models:/a@\ny = "models:/a/1"').matches.map((m) => [m.text, m.unterminated]),
      [
        ['models:/a@', true],
        ['models:/a/1', false],
      ],
    );
    assert.equal(scanModelUris('# see models:/a/1').matches[0].unterminated, false, 'unquoted prose');
    assert.deepEqual(staticUris('x = "models:/a/1\\n"'), ['models:/a/1']);
  });

  it('reports many URIs in order, one per occurrence', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `m${i} = load("models:/model-${i % 7}/${i}")`);
    const ms = scanModelUris(lines.join('\n')).matches;
    assert.equal(ms.length, 500);
    assert.equal(ms[499].text, 'models:/model-2/499');
    assert.ok(ms.every((m, i) => i === 0 || m.start > ms[i - 1].start));
  });

  it('caps its work on a huge file', () => {
    const filler = '# ' + 'x'.repeat(78) + '\n';
    // ~8 MB: beyond the default 5 MB scan limit.
    const big = filler.repeat(50_000) + 'a = "models:/early/1"\n' + filler.repeat(50_000) + 'b = "models:/late/1"\n';
    // The cap, not a stopwatch, is what keeps it cheap: the text past the limit is never read.
    const r = scanModelUris(big);
    assert.deepEqual(texts(r.matches), ['models:/early/1']);
    assert.equal(r.truncated, true);

    const dense = 'x = "models:/m/1"\n'.repeat(10_000);
    const capped = scanModelUris(dense, { maxMatches: 100 });
    assert.equal(capped.matches.length, 100);
    assert.equal(capped.truncated, true);
    assert.equal(scanModelUris(dense).matches.length, 2000, 'the default cap');
  });

  it('finds the URI under the cursor', () => {
    const line = 'm = load("models:/iris-classifier@champion")';
    const ms = scanModelUris(line).matches;
    assert.equal(matchAt(ms, 9), undefined, 'on the quote before');
    assert.equal(matchAt(ms, 10)?.text, 'models:/iris-classifier@champion');
    assert.equal(matchAt(ms, 30)?.text, 'models:/iris-classifier@champion');
    assert.equal(matchAt(ms, 42)?.text, 'models:/iris-classifier@champion', 'right after its last character');
    assert.equal(matchAt(ms, 43), undefined);
  });

  describe('completion spot', () => {
    it('completes names right after models:/', () => {
      assert.deepEqual(completionSpot('load("models:/'), { scheme: 'models', kind: 'name', partial: '', start: 14 });
      assert.deepEqual(completionSpot("load('models:/iri"), { scheme: 'models', kind: 'name', partial: 'iri', start: 14 });
    });
    it('completes versions, stages and latest after <name>/', () => {
      assert.deepEqual(completionSpot('load("models:/iris-classifier/'), { scheme: 'models', kind: 'suffix', name: 'iris-classifier', partial: '', start: 30 });
      assert.deepEqual(completionSpot('load("models:/iris-classifier/Pro'), {
        scheme: 'models',
        kind: 'suffix',
        name: 'iris-classifier',
        partial: 'Pro',
        start: 30,
      });
    });
    it('completes aliases after <name>@', () => {
      assert.deepEqual(completionSpot('load("models:/iris-classifier@'), { scheme: 'models', kind: 'alias', name: 'iris-classifier', partial: '', start: 30 });
      assert.deepEqual(completionSpot('load("models:/team@corp@ch'), { scheme: 'models', kind: 'alias', name: 'team@corp', partial: 'ch', start: 24 });
    });
    it('offers nothing outside a URI', () => {
      assert.equal(completionSpot('load("runs:/'), undefined);
      assert.equal(completionSpot('load("models:/iris-classifier/1") + x'), undefined, 'the string closed');
      assert.equal(completionSpot('load("models:/a/b/'), undefined, 'a third segment');
      assert.equal(completionSpot('load(f"models:/{name}/'), undefined, 'an f-string placeholder');
      assert.equal(completionSpot('load("mymodels:/'), undefined);
    });
  });
});

describe('description excerpts in hovers and completions', () => {
  it('keeps the words of a Markdown description, never its markup, tables, code or HTML', () => {
    const d =
      '## Version 3 - current champion\n\n* Regularisation `C = 10.0`\n* Trained on **80%** of the data\n\n| metric | value |\n|---|---|\n| accuracy | 1.0 |\n\n```python\nx = 1\n```\n<script>alert(1)</script> See [the run](http://x/#/r).';
    assert.equal(descriptionExcerpt(d), 'Version 3 - current champion Regularisation C = 10.0 Trained on 80% of the data alert(1) See the run.');
    assert.equal(descriptionExcerpt(null), '');
    assert.equal(descriptionExcerpt('word '.repeat(100), 20), 'word word word word…');
  });
});
