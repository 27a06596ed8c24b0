import assert from 'node:assert/strict';
import { descriptionExcerpt, markdownPlainText } from '../../src/core/excerpt';

/** The version description of the fixture's iris-classifier v3, as MLflow's Python client wrote it. */
const WITH_TABLE = '## Version 3 - current champion\n\n| metric | value |\n|---|---|\n| accuracy | 1.0 |\n| f1 | 0.98 |\n\nTrained with `C = 10.0`.';

describe('one excerpt of a Markdown description, for tooltips, version lists, pickers and hovers', () => {
  it('leaves tables out instead of flattening them into "metric value accuracy…"', () => {
    assert.equal(descriptionExcerpt(WITH_TABLE), 'Version 3 - current champion Trained with C = 10.0.');
    assert.equal(descriptionExcerpt('Scores:\n\nmetric | value\n--- | ---\naccuracy | 0.97\n\nAfter.'), 'Scores: After.', 'a table without outer pipes');
  });

  it('never cuts inside a link or shows its target: the cut falls between words of the text a reader sees', () => {
    const d =
      'Promoted after review. [Run in MLflow UI](#/experiments/1/runs/0123456789abcdef0123456789abcdef) and [the report](https://example.com/reports/iris/v3?tab=metrics).';
    for (let max = 10; max <= 120; max += 7) {
      const e = descriptionExcerpt(d, max);
      assert.ok(e.length <= max + 1, `${max}: ${e}`);
      assert.doesNotMatch(e, /[[\]()#]|https?:|experim/, `${max}: no syntax or target in ${JSON.stringify(e)}`);
      const words = e.replace(/…$/, '').split(' ');
      const full = markdownPlainText(d).split(' ');
      assert.deepEqual(
        words,
        full.slice(0, words.length).map((w, i) => (i === words.length - 1 && e.endsWith('…') ? w.replace(/[.,;:]+$/, '') : w)),
        `${max}: whole words only`,
      );
    }
    assert.equal(descriptionExcerpt(d), 'Promoted after review. Run in MLflow UI and the report.');
  });

  it('drops code blocks, images, HTML, headings, list and quote marks, and emphasis, keeping snake_case and a*b', () => {
    const d =
      '# Title\n\n> quoted *text*\n\n- [x] done\n- __bold__ and ~~gone~~\n\n```python\nsecret = 1\n```\n\n![chart](https://example.com/c.png) <b>bold</b> &amp; snake_case_name, 2*3*4 \\*literal\\*';
    assert.equal(descriptionExcerpt(d), 'Title quoted text done bold and gone bold & snake_case_name, 2*3*4 *literal*');
  });

  it('is empty for no description and leaves short ones whole', () => {
    assert.equal(descriptionExcerpt(null), '');
    assert.equal(descriptionExcerpt(''), '');
    assert.equal(descriptionExcerpt('Short.'), 'Short.');
    assert.equal(descriptionExcerpt('word '.repeat(100), 20), 'word word word word…');
    assert.equal(descriptionExcerpt('x'.repeat(50), 10), `${'x'.repeat(10)}…`, 'one long word is cut inside it');
  });
});
