import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Descriptions come from a shared registry: untrusted. They are rendered with
 * marked (GFM: tables, fenced code, strikethrough, task lists) and the HTML is
 * then cut down to an allowlist. No vscode import, so it is tested in plain Node.
 *
 * What survives: text formatting, headings, lists, tables, code, quotes, links
 * to http(s) only, images from https or data:image (raster types) only. No
 * scripts, styles, event handlers, forms, frames, objects or SVG.
 */
const marked = new Marked({ gfm: true, breaks: false, async: false });

const ALLOWED_TAGS = [
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code',
  'em', 'strong', 'b', 'i', 'u', 'del', 's', 'sub', 'sup', 'kbd', 'mark', 'small',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'a', 'img', 'input', 'details', 'summary', 'span', 'div',
];

const SAFE_LINK = /^https?:\/\/[^\s]+$/i;
const SAFE_IMAGE = /^(https:\/\/[^\s]+|data:image\/(png|gif|jpeg|jpg|webp|avif);base64,[a-z0-9+/=\s]+)$/i;

export function isSafeLink(href: string | undefined): boolean {
  return typeof href === 'string' && SAFE_LINK.test(href.trim());
}

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height'],
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
      else if (!out.href && attribs.href) out.title = 'Link target removed: only http and https links open';
      return { tagName, attribs: out };
    },
    img: (tagName, attribs) => {
      const out: sanitizeHtml.Attributes = { ...attribs };
      if (!SAFE_IMAGE.test((attribs.src ?? '').trim())) delete out.src;
      return { tagName, attribs: out };
    },
    // Task-list checkboxes only, never a live form control.
    input: (tagName, attribs) => ({
      tagName,
      attribs: attribs.type === 'checkbox' ? { type: 'checkbox', disabled: '', ...(attribs.checked !== undefined ? { checked: '' } : {}) } : {},
    }),
  },
  exclusiveFilter: (frame) =>
    (frame.tag === 'img' && !frame.attribs.src) || (frame.tag === 'input' && frame.attribs.type !== 'checkbox'),
};

/** Cleans HTML down to the allowlist above. */
export function sanitizeDescriptionHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

/** Markdown to safe HTML. Empty or missing text gives ''. */
export function renderMarkdown(source: string | null | undefined): string {
  if (!source || source.trim() === '') return '';
  const html = marked.parse(source, { async: false });
  return sanitizeDescriptionHtml(html);
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&nbsp;': ' ' };

/** The description as one line of plain text (for tables and excerpts): no markup, whitespace collapsed. */
export function markdownText(source: string | null | undefined, max = 160): string {
  const html = renderMarkdown(source);
  if (html === '') return '';
  const text = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&(amp|lt|gt|quot|#39|#x27|nbsp);/g, (e) => ENTITIES[e] ?? e)
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
