import { isKnownStage, type Tags } from '../core/types';
import { age, time } from '../core/displayText';
import { html, trusted, type HtmlValue, type SafeHtml } from './html';
import { l10n } from './pageL10n';
import { REMOVED_LINK_TITLE } from './linkRules';
import type { RenderedMarkdown } from './markdown';
import type { ModelRef, PageAction } from './messages';

/** Pieces both pages share. Everything untrusted goes through `html` (escaped) or the sanitizer. */

export interface Access {
  writable: boolean;
  reason?: string;
}

export function section(id: string, title: HtmlValue, body: HtmlValue, headingExtra: HtmlValue = ''): SafeHtml {
  return html`<section class="card" aria-labelledby="${id}"><div class="section-head"><h2 id="${id}">${title}</h2>${headingExtra}</div>${body}</section>`;
}

type ActionData = { action: PageAction['action'] } & Record<string, unknown>;

/** A button that posts `{ type: 'run', action, … }`; writes are disabled on a read-only registry. */
export function actionButton(
  label: string,
  data: ActionData,
  access: Access | null,
  opts: { kind?: 'primary' | 'secondary' | 'danger' | 'icon'; title?: string; ariaLabel?: string } = {},
): SafeHtml {
  const disabled = access !== null && !access.writable;
  const attrs: SafeHtml[] = [];
  for (const [k, v] of Object.entries(data)) {
    if (v === undefined) continue;
    const name = k === 'action' ? 'action' : `arg-${k.toLowerCase()}`;
    attrs.push(html` data-${trusted(name)}="${typeof v === 'string' ? v : JSON.stringify(v)}"`);
  }
  const title = disabled ? l10n.t('Read-only registry: {0}', access?.reason ?? '') : opts.title;
  return html`<button type="button" class="${opts.kind ?? 'secondary'}"${attrs}${title ? html` title="${title}"` : ''}${opts.ariaLabel ? html` aria-label="${opts.ariaLabel}"` : ''}${disabled ? html` disabled` : ''}>${label}</button>`;
}

export function copyButton(text: string, what: string): SafeHtml {
  const label = l10n.t('Copy {0}', what);
  return html`<button type="button" class="icon" data-copy="${text}" aria-label="${label}" title="${label}">${l10n.t('Copy')}</button>`;
}

export function stageBadge(stage: string): SafeHtml {
  // The class comes from the four stages only: other stage text is shown, never made a class name.
  return html`<span class="badge stage-${isKnownStage(stage) ? stage.toLowerCase() : 'other'}">${stage}</span>`;
}

export function aliasChip(alias: string, removable: Access | null): SafeHtml {
  const remove = removable
    ? actionButton('×', { action: 'deleteAlias', alias }, removable, {
        kind: 'icon',
        ariaLabel: l10n.t('Delete alias @{0}', alias),
        title: l10n.t('Delete alias @{0}', alias),
      })
    : '';
  return html`<span class="chip">@${alias}${remove}</span>`;
}

export function when(ms: number | null | undefined): SafeHtml {
  if (ms === null || ms === undefined) return html`<span class="muted">–</span>`;
  const iso = new Date(ms).toISOString();
  return html`<time datetime="${iso}" title="${age(ms)}">${time(ms)}</time>`;
}

/** `rendered` is the description through renderMarkdownBounded (done off-thread by the caller). */
export function description(text: string | null, rendered: RenderedMarkdown, access: Access, what: string): SafeHtml {
  const { html: markup, omittedChars } = rendered;
  const edit = actionButton(markup ? l10n.t('Edit') : l10n.t('Add a description'), { action: 'editDescription' }, access, {
    title: l10n.t('Edit the description of {0} in an editor', what),
  });
  // Open in an editor works on a read-only registry too: the editor then shows the text read-only.
  const rest =
    omittedChars > 0
      ? html`<p class="notice truncated" role="note">${l10n.t('This description is {0}; the page shows its first {1}.', sizeText(text!.length), sizeText(text!.length - omittedChars))} ${actionButton(l10n.t('Open the full description'), { action: 'editDescription' }, null, { title: l10n.t('Open the whole description of {0} in an editor', what) })}</p>`
      : '';
  return section(
    'description',
    l10n.t('Description'),
    markup ? html`<div class="markdown">${trusted(translateRemovedLinks(markup))}</div>${rest}` : html`<p class="empty">${l10n.t('No description yet.')}</p>`,
    edit,
  );
}

function translateRemovedLinks(markup: string): string {
  return markup.replaceAll(html`title="${REMOVED_LINK_TITLE}"`.value, html`title="${l10n.t('Link target removed: only http and https links open')}"`.value);
}

function sizeText(chars: number): string {
  return chars >= 1024 * 1024 ? l10n.t('{0} M characters', (chars / (1024 * 1024)).toFixed(1)) : l10n.t('{0} K characters', Math.round(chars / 1024));
}

/** Tags as a two-column table; each row can be deleted, and a tag can be added. */
export function tagsSection(tags: Tags, access: Access, id = 'tags', title = l10n.t('Tags')): SafeHtml {
  const entries = Object.entries(tags).sort(([a], [b]) => a.localeCompare(b));
  const add = actionButton(l10n.t('Set tag…'), { action: 'setTag' }, access);
  const body =
    entries.length === 0
      ? html`<p class="empty">${l10n.t('No tags.')}</p>`
      : html`<table class="data kv"><thead><tr><th scope="col">${l10n.t('Key')}</th><th scope="col">${l10n.t('Value')}</th><th scope="col"><span class="visually-hidden">${l10n.t('Actions')}</span></th></tr></thead><tbody>${entries.map(
          ([k, v]) =>
            html`<tr><th scope="row"><code>${k}</code></th><td>${v}</td><td class="actions">${actionButton(l10n.t('Delete'), { action: 'deleteTag', key: k }, access, { kind: 'icon', ariaLabel: l10n.t('Delete tag {0}', k) })}</td></tr>`,
        )}</tbody></table>`;
  return section(id, title, body, add);
}

/** Read-only key/value rows: `<th scope="row">` for the key. */
export function kvTable(rows: [string, HtmlValue][], className = 'kv'): SafeHtml {
  return html`<table class="data ${className}"><tbody>${rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</tbody></table>`;
}

export function serveButton(ref: ModelRef, label = l10n.t('Serve…'), access: Access | null = null): SafeHtml {
  return actionButton(label, { action: 'serve', ref }, access, { title: l10n.t('Open a terminal running mlflow models serve with this URI') });
}

export function readOnlyNote(access: Access): SafeHtml | '' {
  return access.writable ? '' : html`<p class="notice" role="note">${l10n.t('This registry is read-only: {0}', access.reason ?? '')}</p>`;
}
