import { html } from './html';
import { l10n } from './pageL10n';
import { REMOTE_SRC } from './linkRules';

/**
 * Remote images in descriptions, the way mail clients treat them: an image
 * from another server tells that server who opened the page and when, so by
 * default none loads until the user asks, page by page. No vscode import.
 */
export type RemoteImagesSetting = 'ask' | 'always' | 'never';

export function remoteImagesSetting(value: unknown): RemoteImagesSetting {
  return value === 'always' || value === 'never' ? value : 'ask';
}

/**
 * The sanitizer writes exactly `<img data-remote-src="…"` for an https image,
 * attribute values escaped, so description text (where `<` is always `&lt;`)
 * never matches.
 */
const REMOTE_IMG = new RegExp(`<img ${REMOTE_SRC}="([^"]*)"`, 'g');

export function countRemoteImages(body: string): number {
  return (body.match(REMOTE_IMG) ?? []).length;
}

export interface PresentedBody {
  body: string;
  /** Whether this render lets the CSP load https images. */
  loadRemote: boolean;
}

/** The page body for one render: remote images loaded, or held back with a bar that offers them. */
export function presentRemoteImages(body: string, setting: RemoteImagesSetting, allowedForPage: boolean): PresentedBody {
  const count = countRemoteImages(body);
  if (count === 0) return { body, loadRemote: false };
  if (setting === 'always' || (setting === 'ask' && allowedForPage)) {
    return { body: body.replace(REMOTE_IMG, '<img src="$1"'), loadRemote: true };
  }
  const bar =
    setting === 'never'
      ? html`<p class="remote-images notice" role="note">${
          count === 1
            ? l10n.t('1 remote image is not shown (setting mlflowRegistry.pages.remoteImages is “never”).')
            : l10n.t('{0} remote images are not shown (setting mlflowRegistry.pages.remoteImages is “never”).', count)
        }</p>`
      : html`<div class="remote-images notice" role="region" aria-label="${l10n.t('Remote images')}"><p>${
          count === 1
            ? l10n.t('1 remote image is not shown: loading them tells the servers they come from that this page was opened.')
            : l10n.t('{0} remote images are not shown: loading them tells the servers they come from that this page was opened.', count)
        }</p><button type="button" class="secondary" data-load-remote-images="">${l10n.t('Load remote images')}</button></div>`;
  return { body: bar.value + body, loadRemote: false };
}
