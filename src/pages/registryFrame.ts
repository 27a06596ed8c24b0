import type { RegistryIdentity } from '../registry/registryIdentity';
import { html, type SafeHtml } from './html';
import { l10n } from './pageL10n';
import { compareWhat } from './compareTarget';
import type { PageTarget } from './messages';

/**
 * Every page belongs to one registry, named at its top and in its tab (a
 * webview tab's tooltip is its title). When another registry is open, the
 * page keeps what it showed, says so, and its controls are off: acting on a
 * model of the wrong registry is the mistake to prevent. No vscode import.
 */

/** One scheme for every tab: `<model> · <registry>` and `<model> v<version> · <registry>`. */
export function pageTitle(target: PageTarget, registry: RegistryIdentity | undefined, open = true): string {
  const what =
    target.kind === 'model'
      ? target.name
      : target.kind === 'compare'
        ? l10n.t('Compare {0}', compareWhat(target.versions))
        : l10n.t('{0} v{1}', target.name, target.version);
  if (!registry) return what;
  return open ? `${what} · ${registry.short}` : l10n.t('{0} · {1} (not open)', what, registry.short);
}

/** The page's body under a bar naming its registry; if that registry is not open, the last body, inert, under a notice. */
export function framePage(main: SafeHtml, registry: RegistryIdentity | undefined, notOpen?: { open: RegistryIdentity | undefined }): SafeHtml {
  if (!registry) return main;
  if (!notOpen) {
    return html`<p class="registry-bar" title="${registry.label}"><span class="muted">${l10n.t('Registry')}</span> <span class="registry-name">${registry.label}</span></p>${main}`;
  }
  const now = notOpen.open ? l10n.t('{0} is open now.', notOpen.open.label) : l10n.t('No registry is open now.');
  return html`<div class="registry-bar not-open" role="status"><p><strong>${l10n.t('From {0} (not open).', registry.label)}</strong> ${now} ${l10n.t('This is what the page last showed; its buttons work again once you switch back.')}</p><button type="button" class="primary" data-switch-registry="">${l10n.t('Switch back to {0}', registry.short)}</button></div>
<fieldset class="not-open" disabled>${main}</fieldset>`;
}
