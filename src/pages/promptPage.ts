import type { ChatMessage, PromptVersion } from '../core/prompts';
import { templatePieces } from '../core/promptText';
import { actionButton, copyButton, kvTable, readOnlyNote, section, when } from './components';
import { html, type SafeHtml } from './html';
import { promptUris, type PromptPageData } from './promptData';

/**
 * A prompt version's page. The template, messages, roles and JSON come from
 * the registry: every piece goes through `html` (escaped); variables are
 * marked by cutting the text at MLflow's own pattern, never by letting any
 * of it through as markup.
 */

function templateText(text: string): SafeHtml {
  return html`${templatePieces(text).map((p) => (p.variable === undefined ? p.text : html`<span class="prompt-var" title="${`Variable ${p.variable}`}">${p.text}</span>`))}`;
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
      ? html`<p class="muted small">No variables.</p>`
      : html`<p class="small">Variables: ${v.variables.map((x, i) => html`${i > 0 ? ', ' : ''}<code>${x}</code>`)}</p>`;
  return section('template', v.type === 'chat' ? 'Messages' : 'Template', html`${body}${variables}`);
}

function jsonSection(id: string, title: string, value: unknown): SafeHtml | '' {
  if (value === null || value === undefined) return '';
  return section(id, title, html`<pre class="json">${JSON.stringify(value, null, 2)}</pre>`);
}

function urisSection(v: PromptVersion): SafeHtml {
  const rows = promptUris(v).map((uri) => html`<tr><th scope="row"><code>${uri}</code></th><td class="actions">${copyButton(uri, uri)}</td></tr>`);
  return section('prompt-uris', html`<code>prompts:/</code> URIs`, html`<table class="data" id="prompt-uris-table"><tbody>${rows}</tbody></table>`);
}

function tagRows(tags: Record<string, string>): SafeHtml {
  const entries = Object.entries(tags).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? html`<p class="empty">No tags.</p>` : kvTable(entries.map(([k, v]) => [k, v]));
}

function historySection(d: PromptPageData): SafeHtml {
  const rows = d.history.map((h) => {
    const current = h.version === d.version.version;
    const label = current
      ? html`<strong>Version ${h.version}</strong> <span class="muted">(this version)</span>`
      : html`<button type="button" class="link" data-open-prompt-version="${h.version}">Version ${h.version}</button>`;
    return html`<tr${current ? html` aria-current="page"` : ''}><th scope="row">${label}</th><td>${h.commitMessage ?? html`<span class="muted">–</span>`}</td><td>${h.aliases.map((a) => html`<span class="chip">@${a}</span> `)}</td><td>${when(h.creationTimestamp)}</td></tr>`;
  });
  const table = html`<table class="data" id="prompt-history"><thead><tr><th scope="col">Version</th><th scope="col">Commit message</th><th scope="col">Aliases</th><th scope="col">Created</th></tr></thead><tbody>${rows}</tbody></table>`;
  return section('history', 'History', table);
}

export function renderPromptPage(d: PromptPageData): SafeHtml {
  const v = d.version;
  const a = d.access;
  return html`<header class="page-header">
<p class="eyebrow">${v.name} › prompt version</p>
<h1>${v.name} <span class="version-number">version ${v.version}</span></h1>
<p class="meta"><span class="badge">${v.type === 'chat' ? 'Chat prompt' : 'Text prompt'}</span> ${v.aliases.map((x) => html`<span class="chip">@${x}</span> `)}<span>created ${when(v.creationTimestamp)}</span>${v.userId ? html` · <span>by ${v.userId}</span>` : ''}</p>
<div class="toolbar" role="toolbar" aria-label="Prompt version actions">
${actionButton('Edit Template', { action: 'editTemplate' }, a, { kind: 'primary', title: 'Edit this template in an editor; saving registers a new version' })}
${actionButton('Compare with…', { action: 'comparePrompt' }, null, { title: 'Open a diff of this version and another' })}
</div>
${readOnlyNote(a)}
</header>
${section('commit-message', 'Commit message', v.commitMessage ? html`<p class="commit-message">${v.commitMessage}</p>` : html`<p class="empty">No commit message.</p>`)}
${templateSection(v)}
${jsonSection('response-format', 'Response format', v.responseFormat)}
${jsonSection('model-config', 'Model config', v.modelConfig)}
${urisSection(v)}
${section('version-tags', 'Version tags', tagRows(v.tags))}
${section('prompt-tags', 'Prompt tags', tagRows(d.prompt.tags))}
${historySection(d)}`;
}
