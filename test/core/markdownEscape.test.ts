import assert from 'node:assert/strict';
import { Marked } from 'marked';
import { escapeMarkdown, markdownCode } from '../../src/core/markdownEscape';

/** VS Code renders MarkdownString with marked (GFM); so does this check. */
const marked = new Marked({ gfm: true, breaks: false, async: false });
const render = (md: string) => marked.parse(md, { async: false });

const decode = (html: string) =>
  html
    .replace(/<\/?(p|code)>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();

const HOSTILE = [
  '[Open version](command:mlflowRegistry.serveModel?%5B%7B%22uri%22%3A%22models%3A%2Fx%3Btouch%20PWN%22%7D%5D)',
  '[x](command:workbench.action.terminal.sendSequence?{"text":"rm -rf ~\\n"})',
  '![pixel](https://tracker.example/p.gif?who=me)',
  '<img src="https://tracker.example/p.gif">',
  '<a href="command:x">click</a>',
  '<command:mlflowRegistry.serveModel>',
  'https://evil.example/path and www.evil.example',
  '$(alert) $(loading~spin) fake icons',
  '# heading\n- list\n> quote\n    indented code',
  '**bold** _it_ ~~gone~~ `code` | table | cell |',
  '[ref]: https://evil.example\n[ref]',
  '&lt;b&gt; &#x3C;script&#x3E; &amp;',
  'trailing backslash \\',
  'line\u2028sep\r\nand\ttab',
];

describe('escapeMarkdown: registry text in a MarkdownString', () => {
  for (const s of HOSTILE) {
    it(`renders ${JSON.stringify(s.slice(0, 40))} as its own text, no markup`, () => {
      const out = render(escapeMarkdown(s));
      assert.doesNotMatch(out, /<(a|img|h\d|ul|ol|li|blockquote|pre|code|em|strong|del|table|script)\b/i, out);
      assert.equal(escapeMarkdown(s).includes('\n'), false, 'stays on one line');
      // eslint-disable-next-line no-control-regex -- the control characters are the subject
      assert.equal(decode(out), s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim());
    });
  }

  it('escapes $( so VS Code draws no theme icon', () => {
    assert.equal(escapeMarkdown('$(alert)'), '\\$\\(alert\\)');
  });

  it('leaves letters, digits and spaces alone', () => {
    assert.equal(escapeMarkdown('Version 10000000000000000000000 ok'), 'Version 10000000000000000000000 ok');
  });
});

describe('markdownCode: registry text in a code span', () => {
  for (const s of ['plain', 'with `one` tick', '``double`` and ```triple```', '`edge`', '[x](command:y)', '']) {
    it(`keeps ${JSON.stringify(s)} inside one code span`, () => {
      const out = render(markdownCode(s)).trim();
      assert.match(out, /^<p><code>[^<]*<\/code><\/p>$/, out);
      assert.equal(decode(out).trim(), s.trim());
    });
  }
});
