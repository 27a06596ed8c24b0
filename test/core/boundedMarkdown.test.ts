import assert from 'node:assert/strict';
import { descriptionExcerpt } from '../../src/core/excerpt';
import { headOf, renderMarkdownBounded, RENDER_LIMIT_CHARS } from '../../src/pages/markdown';
import { MarkdownRenderer } from '../../src/pages/markdownRenderer';
import { join } from 'node:path';

const long = (chars: number) => {
  const parts: string[] = [];
  for (let i = 0, n = 0; n < chars; i++) {
    const p = `## Part ${i}\n\nText with **bold** and <img src=x onerror=alert(${i})>.\n\n`;
    parts.push(p);
    n += p.length;
  }
  return parts.join('') + 'LAST-LINE';
};

describe('descriptions rendered with bounded cost', () => {
  it('renders at most the first RENDER_LIMIT_CHARS, cut at a line end, and says how much was left out', () => {
    const src = long(300 * 1024);
    const r = renderMarkdownBounded(src);
    assert.ok(r.omittedChars > 0 && r.omittedChars < src.length);
    assert.equal(src.length - r.omittedChars, headOf(src, RENDER_LIMIT_CHARS).length);
    assert.ok(headOf(src, RENDER_LIMIT_CHARS).endsWith('\n') || src[headOf(src, RENDER_LIMIT_CHARS).length] === '\n');
    assert.doesNotMatch(r.html, /LAST-LINE|onerror/);
    assert.deepEqual(renderMarkdownBounded('short *text*'), { html: '<p>short <em>text</em></p>\n', omittedChars: 0 });
  });

  it('makes an excerpt from the start of a long text only', () => {
    const src = long(1024 * 1024);
    const text = descriptionExcerpt(src, 120);
    assert.ok(text.startsWith('Part 0 Text with bold'));
    assert.ok(text.length <= 120);
  });

  it('renders in a worker thread, and in-thread where the worker file is missing', async () => {
    const worker = new MarkdownRenderer(join(__dirname, '..', '..', 'src', 'pages', 'markdownWorker.js'));
    const inline = new MarkdownRenderer('/nonexistent/markdownWorker.js');
    try {
      const jobs = [
        { kind: 'html' as const, source: '# Title\n\n<script>x</script>' },
        { kind: 'text' as const, source: '**a** b', max: 10 },
      ];
      const expected = [{ html: '<h3>Title</h3>\n', omittedChars: 0 }, 'a b'];
      assert.deepEqual(await worker.render(jobs), expected);
      assert.deepEqual(await inline.render(jobs), expected);
      // A second request with the same sources is answered from the cache.
      assert.deepEqual(await worker.render(jobs.slice().reverse()), expected.slice().reverse());
    } finally {
      worker.dispose();
      inline.dispose();
    }
  });

  it('renders a description once when two paints ask for it at the same time, and again only when it changed', async () => {
    class Counting extends MarkdownRenderer {
      jobsRun: string[] = [];
      protected override run(jobs: Parameters<MarkdownRenderer['render']>[0]) {
        this.jobsRun.push(...jobs.map((j) => j.source));
        return super.run(jobs);
      }
    }
    const r = new Counting('/nonexistent/markdownWorker.js');
    try {
      const first = { kind: 'html' as const, source: 'First *paint*' };
      const [a, b] = await Promise.all([r.render([first]), r.render([first, first])]);
      assert.deepEqual(a, [{ html: '<p>First <em>paint</em></p>\n', omittedChars: 0 }]);
      assert.deepEqual(b, [a[0], a[0]]);
      assert.deepEqual(r.jobsRun, ['First *paint*'], 'one render for three asks');
      await r.render([first, { kind: 'html', source: 'changed' }]);
      assert.deepEqual(r.jobsRun, ['First *paint*', 'changed']);
    } finally {
      r.dispose();
    }
  });
});
