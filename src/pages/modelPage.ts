import { isMlflowError } from '../core/errors';
import type { ModelVersion, RegisteredModel } from '../core/types';
import type { RegistrySession } from '../registry/registrySession';
import { aliasesByVersion } from '../core/displayText';
import { actionButton, aliasChip, description, readOnlyNote, section, stageBadge, tagsSection, when, type Access } from './components';
import { html, type SafeHtml } from './html';
import type { RenderedMarkdown } from './markdown';
import type { MarkdownJob } from './markdownJobs';
import type { MarkdownRenderer } from './markdownRenderer';

/** Versions a model page lists at first, and how many more each "Show more" adds. */
export const VERSIONS_PAGE_SIZE = 100;

export interface ModelPageData {
  model: RegisteredModel;
  /** The newest versions, as many as the page lists now. */
  versions: { version: ModelVersion; aliases: string[]; runName: string | null }[];
  /** How many live versions the model has in all. */
  total: number;
  /** Versions some alias names that no longer exist. */
  deletedAliasTargets: string[];
  access: Access;
}

export async function loadModelPage(session: RegistrySession, name: string, limit = VERSIONS_PAGE_SIZE): Promise<ModelPageData> {
  const model = await session.backend.getRegisteredModel(name);
  const [versions, total] = await Promise.all([session.newestVersions(name, limit), session.versionCount(name)]);
  const aliases = aliasesByVersion(model);
  const runNames = await Promise.all(versions.map((v) => session.runName(v.runId)));
  return {
    model,
    versions: versions.map((v, i) => ({ version: v, aliases: aliases.get(v.version) ?? [], runName: runNames[i] ?? null })),
    total,
    deletedAliasTargets: await deletedTargets(session, model, new Set(versions.map((v) => v.version))),
    access: session.backend.writeAccess(),
  };
}

/** An alias may point past the versions listed: those are looked up one by one (a model has few aliases). */
async function deletedTargets(session: RegistrySession, model: RegisteredModel, listed: Set<string>): Promise<string[]> {
  const unlisted = [...new Set(model.aliases.map((a) => a.version))].filter((v) => !listed.has(v));
  const gone = await Promise.all(
    unlisted.map((v) =>
      session.backend.getModelVersion(model.name, v).then(
        () => null,
        (e: unknown) => (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST') ? v : null),
      ),
    ),
  );
  return gone.filter((v): v is string => v !== null);
}

/** The model's description and each listed version's excerpt, rendered off-thread before the page. */
export interface ModelPageTexts {
  description: RenderedMarkdown;
  /** One per listed version, in order. */
  excerpts: string[];
}

/** Table cells show 120 characters; sorting by the column uses a little more. */
const EXCERPT_CHARS = 200;

export async function renderModelTexts(d: ModelPageData, renderer: MarkdownRenderer): Promise<ModelPageTexts> {
  const jobs: MarkdownJob[] = [
    { kind: 'html', source: d.model.description ?? '' },
    ...d.versions.map((v): MarkdownJob => ({ kind: 'text', source: v.version.description ?? '', max: EXCERPT_CHARS })),
  ];
  const [description, ...excerpts] = await renderer.render(jobs);
  return { description: description as RenderedMarkdown, excerpts: excerpts as string[] };
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

/** The comparison's sentences on this page, in one place for a later translation. */
const T = {
  compareBox: (version: string) => `Select version ${version} to compare`,
  compareSelected: 'Compare selected',
  compareHint: 'Check two or more versions, then compare them side by side',
};

/** Enabled by the page script once two or more rows are checked. */
function compareSelected(d: ModelPageData): SafeHtml | '' {
  if (d.versions.length < 2) return '';
  return html`<button type="button" class="secondary" data-compare-selected="true" title="${T.compareHint}" disabled>${T.compareSelected}</button>`;
}

function rowActions(d: ModelPageData, version: string): SafeHtml {
  // The check box for "Compare selected" sits with the row's actions: the columns stay those that sort.
  return html`<td class="actions"><input type="checkbox" data-compare-version="${version}" aria-label="${T.compareBox(version)}" title="${T.compareBox(version)}">${actionButton('Stage…', { action: 'transitionStage', version }, d.access, { kind: 'icon', ariaLabel: `Transition version ${version}`, title: 'Transition stage' })}${actionButton('Alias…', { action: 'setAlias', version }, d.access, { kind: 'icon', ariaLabel: `Set an alias on version ${version}`, title: 'Set alias' })}</td>`;
}

const STAGE_RANK: Record<string, number> = { Production: 0, Staging: 1, None: 2, Archived: 3 };

function versionsTable(d: ModelPageData, texts: ModelPageTexts): SafeHtml {
  if (d.versions.length === 0) return html`<p class="empty">No versions yet. Register one from a run's model folder or with “MLflow: Register Model…”.</p>`;
  const head = [
    ...COLUMNS.map(
      (c) =>
        html`<th scope="col"${c.key === 'version' ? html` aria-sort="descending"` : ''} data-sort-key="${c.key}"${c.numeric ? html` data-numeric="true"` : ''}><button type="button" class="sort" data-sort="${c.key}">${c.label}<span class="sort-indicator" aria-hidden="true"></span></button></th>`,
    ),
    html`<th scope="col"><span class="visually-hidden">Actions</span></th>`,
  ];
  const rows = d.versions.map(({ version: v, aliases, runName }, i) => {
    const name = d.model.name;
    // One excerpt per version: the longer one sorts, the cell shows its beginning.
    const text = texts.excerpts[i] ?? '';
    return html`<tr data-open-version="${v.version}" data-name="${name}">
<td data-sort-value="${v.version}"><button type="button" class="link" data-open-version="${v.version}" data-name="${name}">Version ${v.version}</button></td>
<td data-sort-value="${STAGE_RANK[v.currentStage] ?? 9}">${stageBadge(v.currentStage)}</td>
<td data-sort-value="${aliases.join(' ')}">${aliases.map((a) => html`<span class="chip">@${a}</span>`)}</td>
<td data-sort-value="${v.creationTimestamp}">${when(v.creationTimestamp)}</td>
<td data-sort-value="${runName ?? v.runId ?? ''}">${runName ?? (v.runId ? html`<code>${v.runId.slice(0, 8)}</code>` : html`<span class="muted">–</span>`)}</td>
<td data-sort-value="${v.status}">${v.status === 'READY' ? 'Ready' : v.status}</td>
<td data-sort-value="${text}" class="excerpt">${shorten(text, 120)}</td>
${rowActions(d, v.version)}
</tr>`;
  });
  return html`<div class="table-scroll"><table id="versions" class="data sortable versions">
<caption class="visually-hidden">Versions of ${d.model.name}. Column headers sort; each row opens its version.</caption>
<thead><tr>${head}</tr></thead>
<tbody>${rows}</tbody>
</table></div>${showMore(d)}`;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** Sorting by a column sorts the versions listed; the rest come newest first with "Show more". */
function showMore(d: ModelPageData): SafeHtml {
  const shown = d.versions.length;
  if (shown >= d.total) return html``;
  const next = Math.min(VERSIONS_PAGE_SIZE, d.total - shown);
  return html`<p class="more"><span class="muted">Showing the newest ${shown.toLocaleString('en-US')} of ${d.total.toLocaleString('en-US')} versions.</span> <button type="button" class="secondary" data-show-more="true">Show ${next.toLocaleString('en-US')} more</button></p>`;
}

function aliasesSection(d: ModelPageData): SafeHtml {
  const aliases = [...d.model.aliases].sort((a, b) => a.alias.localeCompare(b.alias));
  const deleted = new Set(d.deletedAliasTargets);
  const body =
    aliases.length === 0
      ? html`<p class="empty">No aliases. Set one from a version's page.</p>`
      : html`<table class="data kv"><thead><tr><th scope="col">Alias</th><th scope="col">Version</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead><tbody>${aliases.map(
          (a) =>
            html`<tr><th scope="row"><span class="chip">@${a.alias}</span></th><td>${
              !deleted.has(a.version)
                ? html`<button type="button" class="link" data-open-version="${a.version}" data-name="${d.model.name}">Version ${a.version}</button>`
                : html`Version ${a.version} <span class="warning">(deleted: the alias points at nothing)</span>`
            }</td><td class="actions">${actionButton('Delete', { action: 'deleteAlias', alias: a.alias }, d.access, { kind: 'icon', ariaLabel: `Delete alias @${a.alias}` })}</td></tr>`,
        )}</tbody></table>`;
  return section('aliases', 'Aliases', body);
}

export function renderModelPage(d: ModelPageData, texts: ModelPageTexts): SafeHtml {
  const m = d.model;
  const a = d.access;
  return html`<header class="page-header">
<p class="eyebrow">Registered model</p>
<h1>${m.name}</h1>
<p class="meta">${m.aliases.map((x) => aliasChip(x.alias, null))} <span>${d.total.toLocaleString('en-US')} version${d.total === 1 ? '' : 's'}</span> · <span>created ${when(m.creationTimestamp)}</span> · <span>updated ${when(m.lastUpdatedTimestamp)}</span></p>
<div class="toolbar" role="toolbar" aria-label="Model actions">
${actionButton('Rename…', { action: 'renameModel' }, a)}
${actionButton('Delete model…', { action: 'deleteModel' }, a, { kind: 'danger' })}
</div>
${readOnlyNote(a)}
</header>
${description(m.description, texts.description, a, m.name)}
${section('versions-heading', html`Versions <span class="count">${d.total.toLocaleString('en-US')}</span>`, versionsTable(d, texts), compareSelected(d))}
${aliasesSection(d)}
${tagsSection(m.tags, a)}`;
}
