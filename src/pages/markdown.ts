import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import { isSafeLink, REMOTE_SRC, REMOVED_LINK_TITLE } from './linkRules';

/**
 * Descriptions come from a shared registry: untrusted. They are rendered with
 * marked (GFM: tables, fenced code, strikethrough, task lists) and the HTML is
 * then cut down to an allowlist. No vscode import, so it is tested in plain Node.
 *
 * What survives: text formatting, headings, lists, tables, code, quotes, links
 * to http(s) only, images from https or data:image (raster types) only. No
 * scripts, styles, event handlers, forms, frames, objects or SVG.
 *
 * An https image comes out with its address in `data-remote-src` and no `src`:
 * loading it would tell its server who opened the page, so remoteImages.ts
 * decides per render whether it becomes a `src` (see the remoteImages setting).
 */
const marked = new Marked({ gfm: true, breaks: false, async: false });

const ALLOWED_TAGS = [
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'br',
  'hr',
  'blockquote',
  'pre',
  'code',
  'em',
  'strong',
  'b',
  'i',
  'u',
  'del',
  's',
  'sub',
  'sup',
  'kbd',
  'mark',
  'small',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'a',
  'img',
  'input',
  'details',
  'summary',
  'span',
  'div',
];

const REMOTE_IMAGE = /^https:\/\/[^\s]+$/i;
/** A width or height is kept only when it is a small plain number; CSS bounds the rest. */
const SIZE = /^\d{1,4}$/;
const MAX_SIZE = 2000;
const SAFE_IMAGE = /^(https:\/\/[^\s]+|data:image\/(png|gif|jpeg|jpg|webp|avif);base64,[a-z0-9+/=\s]+)$/i;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', REMOTE_SRC, 'alt', 'title', 'width', 'height'],
    th: ['align', 'colspan', 'rowspan'],
    td: ['align', 'colspan', 'rowspan'],
    ol: ['start'],
    code: ['class'],
    input: ['type', 'checked', 'disabled'],
    details: ['open'],
  },
  allowedClasses: { code: [/^language-[\w+#.-]{1,40}$/] },
  allowedSchemes: ['http', 'https'],
  allowedSchemesByTag: { img: ['https', 'data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  allowVulnerableTags: false,
  parseStyleAttributes: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'template', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext'],
  nestingLimit: 50,
  transformTags: {
    // The page's own headings are h1 and h2: a description's outline goes below them.
    h1: 'h3',
    h2: 'h4',
    h3: 'h5',
    h4: 'h6',
    h5: 'h6',
    // Links: absolute http(s) only; anything else (javascript:, data:, relative,
    // MLflow UI fragments) keeps its text but loses its target.
    a: (tagName, attribs) => {
      const out: sanitizeHtml.Attributes = {};
      if (isSafeLink(attribs.href)) out.href = attribs.href.trim();
      if (attribs.title) out.title = attribs.title;
      else if (!out.href && attribs.href) out.title = REMOVED_LINK_TITLE;
      return { tagName, attribs: out };
    },
    img: (tagName, attribs) => {
      // Built afresh: an incoming data-remote-src (or anything else) is not carried over.
      const out: sanitizeHtml.Attributes = {};
      const src = (attribs.src ?? '').trim();
      if (SAFE_IMAGE.test(src)) {
        if (REMOTE_IMAGE.test(src)) out[REMOTE_SRC] = src;
        else out.src = src;
      }
      if (attribs.alt) out.alt = attribs.alt;
      if (attribs.title) out.title = attribs.title;
      for (const k of ['width', 'height']) {
        const v = (attribs[k] ?? '').trim();
        if (SIZE.test(v) && Number(v) <= MAX_SIZE) out[k] = v;
      }
      return { tagName, attribs: out };
    },
    // Task-list checkboxes only, never a live form control.
    input: (tagName, attribs) => ({
      tagName,
      attribs: attribs.type === 'checkbox' ? { type: 'checkbox', disabled: '', ...(attribs.checked !== undefined ? { checked: '' } : {}) } : {},
    }),
  },
  exclusiveFilter: (frame) =>
    (frame.tag === 'img' && !frame.attribs.src && !frame.attribs[REMOTE_SRC]) || (frame.tag === 'input' && frame.attribs.type !== 'checkbox'),
};

/** Cleans HTML down to the allowlist above. */
export function sanitizeDescriptionHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

/**
 * A page renders at most this much of a description (in a worker thread, see
 * markdownRenderer.ts); the editor, one click away, shows all of it.
 */
export const RENDER_LIMIT_CHARS = 100 * 1024;

export interface RenderedMarkdown {
  html: string;
  /** Characters of the source left out (0 when all of it was rendered). */
  omittedChars: number;
}

/** The head of `source`, at most `limit` characters, cut at a line end where there is one. */
export function headOf(source: string, limit: number): string {
  if (source.length <= limit) return source;
  const cut = source.lastIndexOf('\n', limit);
  return source.slice(0, cut > limit / 2 ? cut : limit);
}

/** Markdown to safe HTML, at most RENDER_LIMIT_CHARS of it. Empty or missing text gives ''. */
export function renderMarkdownBounded(source: string | null | undefined, limit = RENDER_LIMIT_CHARS): RenderedMarkdown {
  if (!source || source.trim() === '') return { html: '', omittedChars: 0 };
  const head = headOf(source, limit);
  return { html: sanitizeDescriptionHtml(marked.parse(head, { async: false })), omittedChars: source.length - head.length };
}

/** Markdown to safe HTML (bounded as above). Empty or missing text gives ''. */
export function renderMarkdown(source: string | null | undefined): string {
  return renderMarkdownBounded(source).html;
}
