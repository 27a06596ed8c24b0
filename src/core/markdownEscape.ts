/**
 * The one way registry text enters a Markdown string (hovers, tree tooltips).
 * Registry content is untrusted: a stage, name or description must never
 * become a link, a command link, an image, HTML, a heading or a `$(icon)`.
 * No vscode import, so it is unit-tested in plain Node.
 */

/** CommonMark lets a backslash escape any ASCII punctuation; escaping all of it leaves no syntax to abuse. */
const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;
/** Line breaks would start new blocks (lists, quotes, indented code); other control characters show as nothing useful. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

/** Untrusted text as literal Markdown text on one line. */
export function escapeMarkdown(text: string): string {
  return String(text).replace(CONTROL, ' ').replace(PUNCTUATION, '\\$&');
}

/**
 * Untrusted text as an inline code span. Backticks inside cannot close the
 * span: the fence is longer than any run of them in the text.
 */
export function markdownCode(text: string): string {
  const flat = String(text).replace(CONTROL, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat === '' ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
