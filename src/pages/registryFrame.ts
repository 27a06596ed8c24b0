import type { RegistryIdentity } from '../registry/registryIdentity';
import { html, type SafeHtml } from './html';
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
    target.kind === 'model' ? target.name : target.kind === 'compare' ? `Compare ${compareWhat(target.versions)}` : `${target.name} v${target.version}`;
  if (!registry) return what;
  return `${what} · ${registry.short}${open ? '' : ' (not open)'}`;
}

/** The page's body under a bar naming its registry; if that registry is not open, the last body, inert, under a notice. */
export function framePage(main: SafeHtml, registry: RegistryIdentity | undefined, notOpen?: { open: RegistryIdentity | undefined }): SafeHtml {
  if (!registry) return main;
  if (!notOpen) {
    return html`<p class="registry-bar" title="${registry.label}"><span class="muted">Registry</span> <span class="registry-name">${registry.label}</span></p>${main}`;
  }
  const now = notOpen.open ? html` ${notOpen.open.label} is open now.` : ' No registry is open now.';
  return html`<div class="registry-bar not-open" role="status"><p><strong>From ${registry.label} (not open).</strong>${now} This is what the page last showed; its buttons work again once you switch back.</p><button type="button" class="primary" data-switch-registry="">Switch back to ${registry.short}</button></div>
<fieldset class="not-open" disabled>${main}</fieldset>`;
}
