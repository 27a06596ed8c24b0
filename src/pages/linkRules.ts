/**
 * The link and image rules pages share with the Markdown renderer, apart from it:
 * the renderer pulls in marked and sanitize-html, which the extension loads only
 * when a page renders a description, not at activation.
 */
const SAFE_LINK = /^https?:\/\/[^\s]+$/i;

/** The attribute a remote image's address waits in until the user loads remote images. */
export const REMOTE_SRC = 'data-remote-src';

export function isSafeLink(href: string | undefined): boolean {
  return typeof href === 'string' && SAFE_LINK.test(href.trim());
}

/**
 * The title of a link whose target was dropped. The sanitizer runs in a worker,
 * where the pages' translator is not set: components.ts translates it in the
 * rendered HTML, where only the sanitizer can have written it as an attribute.
 */
export const REMOVED_LINK_TITLE = 'Link target removed: only http and https links open';
