import type { ChatMessage, PromptVersion } from '../core/prompts';
import { templatePieces } from '../core/promptText';
import { actionButton, copyButton, kvTable, readOnlyNote, section, when } from './components';
import { html, type SafeHtml } from './html';
import { l10n } from './pageL10n';
import { promptUris, type PromptPageData } from './promptData';

/**
 * A prompt version's page. The template, messages, roles and JSON come from
 * the registry: every piece goes through `html` (escaped); variables are
 * marked by cutting the text at MLflow's own pattern, never by letting any
 * of it through as markup.
 */

function templateText(text: string): SafeHtml {
  return html`${templatePieces(text).map((p) => (p.variable === undefined ? p.text : html`<span class="prompt-var" title="${l10n.t('Variable {0}', p.variable)}">${p.text}</span>`))}`;
}

function chatMessages(messages: ChatMessage[]): SafeHtml {
  return html`<ol class="chat-messages">${messages.map(
    (m) => html`<li class="chat-message"><p class="chat-role">${m.role}</p><pre class="prompt-template">${templateText(m.content)}</pre></li>`,
  )}</ol>`;
}

function templateSection(v: PromptVersion): SafeHtml {
  const body = typeof v.template === 'string' ? html`<pre class="prompt-template">${templateText(v.template)}</pre>` : chatMessages(v.template);
  const variables =
    v.variables.length === 0
      ? html`<p class="muted small">${l10n.t('No variables.')}</p>`
      : html`<p class="small">${l10n.t(
          'Variables: {0}',
          v.variables.map((x, i) => html`${i > 0 ? ', ' : ''}<code>${x}</code>`),
        )}</p>`;
  return section('template', v.type === 'chat' ? l10n.t('Messages') : l10n.t('Template'), html`${body}${variables}`);
}

function jsonSection(id: string, title: string, value: unknown): SafeHtml | '' {
  if (value === null || value === undefined) return '';
  return section(id, title, html`<pre class="json">${JSON.stringify(value, null, 2)}</pre>`);
}

function urisSection(v: PromptVersion): SafeHtml {
  const rows = promptUris(v).map((uri) => html`<tr><th scope="row"><code>${uri}</code></th><td class="actions">${copyButton(uri, uri)}</td></tr>`);
  return section(
    'prompt-uris',
    l10n.t('{0} URIs', html`<code>prompts:/</code>`),
    html`<table class="data" id="prompt-uris-table"><tbody>${rows}</tbody></table>`,
  );
}

function tagRows(tags: Record<string, string>): SafeHtml {
  const entries = Object.entries(tags).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? html`<p class="empty">${l10n.t('No tags.')}</p>` : kvTable(entries.map(([k, v]) => [k, v]));
}

function historySection(d: PromptPageData): SafeHtml {
  const rows = d.history.map((h) => {
    const current = h.version === d.version.version;
    const label = current
      ? html`<strong>${l10n.t('Version {0}', h.version)}</strong> <span class="muted">${l10n.t('(this version)')}</span>`
      : html`<button type="button" class="link" data-open-prompt-version="${h.version}">${l10n.t('Version {0}', h.version)}</button>`;
    return html`<tr${current ? html` aria-current="page"` : ''}><th scope="row">${label}</th><td>${h.commitMessage ?? html`<span class="muted">–</span>`}</td><td>${h.aliases.map((a) => html`<span class="chip">@${a}</span> `)}</td><td>${when(h.creationTimestamp)}</td></tr>`;
  });
  const table = html`<table class="data" id="prompt-history"><thead><tr><th scope="col">${l10n.t('Version')}</th><th scope="col">${l10n.t('Commit message')}</th><th scope="col">${l10n.t('Aliases')}</th><th scope="col">${l10n.t('Created')}</th></tr></thead><tbody>${rows}</tbody></table>`;
  return section('history', l10n.t('History'), table);
}

export function renderPromptPage(d: PromptPageData): SafeHtml {
  const v = d.version;
  const a = d.access;
  return html`<header class="page-header">
<p class="eyebrow">${l10n.t('{0} › prompt version', v.name)}</p>
<h1>${v.name} <span class="version-number">${l10n.t('version {0}', v.version)}</span></h1>
<p class="meta"><span class="badge">${v.type === 'chat' ? l10n.t('Chat prompt') : l10n.t('Text prompt')}</span> ${v.aliases.map((x) => html`<span class="chip">@${x}</span> `)}<span>${l10n.t('created {0}', when(v.creationTimestamp))}</span>${v.userId ? html` · <span>${l10n.t('by {0}', v.userId)}</span>` : ''}</p>
<div class="toolbar" role="toolbar" aria-label="${l10n.t('Prompt version actions')}">
${actionButton(l10n.t('Edit Template'), { action: 'editTemplate' }, a, { kind: 'primary', title: l10n.t('Edit this template in an editor; saving registers a new version') })}
${actionButton(l10n.t('Compare with…'), { action: 'comparePrompt' }, null, { title: l10n.t('Open a diff of this version and another') })}
</div>
${readOnlyNote(a)}
</header>
${section('commit-message', l10n.t('Commit message'), v.commitMessage ? html`<p class="commit-message">${v.commitMessage}</p>` : html`<p class="empty">${l10n.t('No commit message.')}</p>`)}
${templateSection(v)}
${jsonSection('response-format', l10n.t('Response format'), v.responseFormat)}
${jsonSection('model-config', l10n.t('Model config'), v.modelConfig)}
${urisSection(v)}
${section('version-tags', l10n.t('Version tags'), tagRows(v.tags))}
${section('prompt-tags', l10n.t('Prompt tags'), tagRows(d.prompt.tags))}
${historySection(d)}`;
}
