import type { ModelVersion, RegisteredModel } from '../core/types';
import type { RegistrySession } from '../registry/registrySession';
import { aliasesByVersion } from '../tree/format';
import { actionButton, aliasChip, description, readOnlyNote, section, stageBadge, tagsSection, when, type Access } from './components';
import { html, type SafeHtml } from './html';
import { descriptionExcerpt } from '../core/excerpt';

export interface ModelPageData {
  model: RegisteredModel;
  versions: { version: ModelVersion; aliases: string[]; runName: string | null }[];
  access: Access;
}

export async function loadModelPage(session: RegistrySession, name: string): Promise<ModelPageData> {
  const model = await session.backend.getRegisteredModel(name);
  const versions = await session.versionsOf(name);
  const aliases = aliasesByVersion(model);
  const runNames = await Promise.all(versions.map((v) => session.runName(v.runId)));
  return {
    model,
    versions: versions.map((v, i) => ({ version: v, aliases: aliases.get(v.version) ?? [], runName: runNames[i] ?? null })),
    access: session.backend.writeAccess(),
  };
}

const COLUMNS: { key: string; label: string; numeric?: boolean }[] = [
  { key: 'version', label: 'Version', numeric: true },
  { key: 'stage', label: 'Stage' },
  { key: 'aliases', label: 'Aliases' },
  { key: 'created', label: 'Created', numeric: true },
  { key: 'run', label: 'Run' },
  { key: 'status', label: 'Status' },
  { key: 'description', label: 'Description' },
];

function rowActions(d: ModelPageData, version: string): SafeHtml {
  return html`<td class="actions">${actionButton('Stage…', { action: 'transitionStage', version }, d.access, { kind: 'icon', ariaLabel: `Transition version ${version}`, title: 'Transition stage' })}${actionButton('Alias…', { action: 'setAlias', version }, d.access, { kind: 'icon', ariaLabel: `Set an alias on version ${version}`, title: 'Set alias' })}</td>`;
}

const STAGE_RANK: Record<string, number> = { Production: 0, Staging: 1, None: 2, Archived: 3 };

function versionsTable(d: ModelPageData): SafeHtml {
  if (d.versions.length === 0) return html`<p class="empty">No versions yet. Register one from a run's model folder or with “MLflow: Register Model…”.</p>`;
  const head = [
    ...COLUMNS.map(
    (c) =>
      html`<th scope="col"${c.key === 'version' ? html` aria-sort="descending"` : ''} data-sort-key="${c.key}"${c.numeric ? html` data-numeric="true"` : ''}><button type="button" class="sort" data-sort="${c.key}">${c.label}<span class="sort-indicator" aria-hidden="true"></span></button></th>`,
    ),
    html`<th scope="col"><span class="visually-hidden">Actions</span></th>`,
  ];
  const rows = d.versions.map(({ version: v, aliases, runName }) => {
    const name = d.model.name;
    return html`<tr data-open-version="${v.version}" data-name="${name}">
<td data-sort-value="${v.version}"><button type="button" class="link" data-open-version="${v.version}" data-name="${name}">Version ${v.version}</button></td>
<td data-sort-value="${STAGE_RANK[v.currentStage] ?? 9}">${stageBadge(v.currentStage)}</td>
<td data-sort-value="${aliases.join(' ')}">${aliases.map((a) => html`<span class="chip">@${a}</span>`)}</td>
<td data-sort-value="${v.creationTimestamp}">${when(v.creationTimestamp)}</td>
<td data-sort-value="${runName ?? v.runId ?? ''}">${runName ?? (v.runId ? html`<code>${v.runId.slice(0, 8)}</code>` : html`<span class="muted">–</span>`)}</td>
<td data-sort-value="${v.status}">${v.status === 'READY' ? 'Ready' : v.status}</td>
<td data-sort-value="${descriptionExcerpt(v.description, 200)}" class="excerpt">${descriptionExcerpt(v.description, 120)}</td>
${rowActions(d, v.version)}
</tr>`;
  });
  return html`<div class="table-scroll"><table id="versions" class="data sortable versions">
<caption class="visually-hidden">Versions of ${d.model.name}. Column headers sort; each row opens its version.</caption>
<thead><tr>${head}</tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

function aliasesSection(d: ModelPageData): SafeHtml {
  const aliases = [...d.model.aliases].sort((a, b) => a.alias.localeCompare(b.alias));
  const live = new Set(d.versions.map((v) => v.version.version));
  const body =
    aliases.length === 0
      ? html`<p class="empty">No aliases. Set one from a version's page.</p>`
      : html`<table class="data kv"><thead><tr><th scope="col">Alias</th><th scope="col">Version</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead><tbody>${aliases.map(
          (a) =>
            html`<tr><th scope="row"><span class="chip">@${a.alias}</span></th><td>${
              live.has(a.version)
                ? html`<button type="button" class="link" data-open-version="${a.version}" data-name="${d.model.name}">Version ${a.version}</button>`
                : html`Version ${a.version} <span class="warning">(deleted: the alias points at nothing)</span>`
            }</td><td class="actions">${actionButton('Delete', { action: 'deleteAlias', alias: a.alias }, d.access, { kind: 'icon', ariaLabel: `Delete alias @${a.alias}` })}</td></tr>`,
        )}</tbody></table>`;
  return section('aliases', 'Aliases', body);
}

export function renderModelPage(d: ModelPageData): SafeHtml {
  const m = d.model;
  const a = d.access;
  return html`<header class="page-header">
<p class="eyebrow">Registered model</p>
<h1>${m.name}</h1>
<p class="meta">${m.aliases.map((x) => aliasChip(x.alias, null))} <span>${d.versions.length} version${d.versions.length === 1 ? '' : 's'}</span> · <span>created ${when(m.creationTimestamp)}</span> · <span>updated ${when(m.lastUpdatedTimestamp)}</span></p>
<div class="toolbar" role="toolbar" aria-label="Model actions">
${actionButton('Rename…', { action: 'renameModel' }, a)}
${actionButton('Delete model…', { action: 'deleteModel' }, a, { kind: 'danger' })}
</div>
${readOnlyNote(a)}
</header>
${description(m.description, a, m.name)}
${section('versions-heading', html`Versions <span class="count">${d.versions.length}</span>`, versionsTable(d))}
${aliasesSection(d)}
${tagsSection(m.tags, a)}`;
}
