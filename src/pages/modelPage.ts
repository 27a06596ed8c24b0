import { isMlflowError } from '../core/errors';
import { formatCount } from '../core/l10n';
import type { ModelVersion, RegisteredModel } from '../core/types';
import type { RegistrySession } from '../registry/registrySession';
import { aliasesByVersion } from '../core/displayText';
import { actionButton, aliasChip, description, readOnlyNote, section, stageBadge, tagsSection, when, type Access } from './components';
import { html, type SafeHtml } from './html';
import { l10n } from './pageL10n';
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

// Labels are read at render time, once activation has set the translator.
const COLUMNS: { key: string; label: () => string; numeric?: boolean }[] = [
  { key: 'version', label: () => l10n.t('Version'), numeric: true },
  { key: 'stage', label: () => l10n.t('Stage') },
  { key: 'aliases', label: () => l10n.t('Aliases') },
  { key: 'created', label: () => l10n.t('Created'), numeric: true },
  { key: 'run', label: () => l10n.t('Run') },
  { key: 'status', label: () => l10n.t('Status') },
  { key: 'description', label: () => l10n.t('Description') },
];

/** The comparison's sentences on this page, in one place for a later translation. */
const T = {
  compareBox: (version: string) => l10n.t('Select version {0} to compare', version),
  get compareSelected() {
    return l10n.t('Compare selected');
  },
  get compareHint() {
    return l10n.t('Check two or more versions, then compare them side by side');
  },
};

/** Enabled by the page script once two or more rows are checked. */
function compareSelected(d: ModelPageData): SafeHtml | '' {
  if (d.versions.length < 2) return '';
  return html`<button type="button" class="secondary" data-compare-selected="true" title="${T.compareHint}" disabled>${T.compareSelected}</button>`;
}

function rowActions(d: ModelPageData, version: string): SafeHtml {
  // The check box for "Compare selected" sits with the row's actions: the columns stay those that sort.
  return html`<td class="actions"><input type="checkbox" data-compare-version="${version}" aria-label="${T.compareBox(version)}" title="${T.compareBox(version)}">${actionButton(l10n.t('Stage…'), { action: 'transitionStage', version }, d.access, { kind: 'icon', ariaLabel: l10n.t('Transition version {0}', version), title: l10n.t('Transition stage') })}${actionButton(l10n.t('Alias…'), { action: 'setAlias', version }, d.access, { kind: 'icon', ariaLabel: l10n.t('Set an alias on version {0}', version), title: l10n.t('Set alias') })}</td>`;
}

const STAGE_RANK: Record<string, number> = { Production: 0, Staging: 1, None: 2, Archived: 3 };

function versionsTable(d: ModelPageData, texts: ModelPageTexts): SafeHtml {
  if (d.versions.length === 0)
    return html`<p class="empty">${l10n.t("No versions yet. Register one from a run's model folder or with “MLflow: Register Model…”.")}</p>`;
  const head = [
    ...COLUMNS.map(
      (c) =>
        html`<th scope="col"${c.key === 'version' ? html` aria-sort="descending"` : ''} data-sort-key="${c.key}"${c.numeric ? html` data-numeric="true"` : ''}><button type="button" class="sort" data-sort="${c.key}">${c.label()}<span class="sort-indicator" aria-hidden="true"></span></button></th>`,
    ),
    html`<th scope="col"><span class="visually-hidden">${l10n.t('Actions')}</span></th>`,
  ];
  const rows = d.versions.map(({ version: v, aliases, runName }, i) => {
    const name = d.model.name;
    // One excerpt per version: the longer one sorts, the cell shows its beginning.
    const text = texts.excerpts[i] ?? '';
    return html`<tr data-open-version="${v.version}" data-name="${name}">
<td data-sort-value="${v.version}"><button type="button" class="link" data-open-version="${v.version}" data-name="${name}">${l10n.t('Version {0}', v.version)}</button></td>
<td data-sort-value="${STAGE_RANK[v.currentStage] ?? 9}">${stageBadge(v.currentStage)}</td>
<td data-sort-value="${aliases.join(' ')}">${aliases.map((a) => html`<span class="chip">@${a}</span>`)}</td>
<td data-sort-value="${v.creationTimestamp}">${when(v.creationTimestamp)}</td>
<td data-sort-value="${runName ?? v.runId ?? ''}">${runName ?? (v.runId ? html`<code>${v.runId.slice(0, 8)}</code>` : html`<span class="muted">–</span>`)}</td>
<td data-sort-value="${v.status}">${v.status === 'READY' ? l10n.t('Ready') : v.status}</td>
<td data-sort-value="${text}" class="excerpt">${shorten(text, 120)}</td>
${rowActions(d, v.version)}
</tr>`;
  });
  return html`<div class="table-scroll"><table id="versions" class="data sortable versions">
<caption class="visually-hidden">${l10n.t('Versions of {0}. Column headers sort; each row opens its version.', d.model.name)}</caption>
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
  return html`<p class="more"><span class="muted">${l10n.t('Showing the newest {0} of {1} versions.', formatCount(shown), formatCount(d.total))}</span> <button type="button" class="secondary" data-show-more="true">${l10n.t('Show {0} more', formatCount(next))}</button></p>`;
}

function aliasesSection(d: ModelPageData): SafeHtml {
  const aliases = [...d.model.aliases].sort((a, b) => a.alias.localeCompare(b.alias));
  const deleted = new Set(d.deletedAliasTargets);
  const body =
    aliases.length === 0
      ? html`<p class="empty">${l10n.t("No aliases. Set one from a version's page.")}</p>`
      : html`<table class="data kv"><thead><tr><th scope="col">${l10n.t('Alias')}</th><th scope="col">${l10n.t('Version')}</th><th scope="col"><span class="visually-hidden">${l10n.t('Actions')}</span></th></tr></thead><tbody>${aliases.map(
          (a) =>
            html`<tr><th scope="row"><span class="chip">@${a.alias}</span></th><td>${
              !deleted.has(a.version)
                ? html`<button type="button" class="link" data-open-version="${a.version}" data-name="${d.model.name}">${l10n.t('Version {0}', a.version)}</button>`
                : html`${l10n.t('Version {0}', a.version)} <span class="warning">${l10n.t('(deleted: the alias points at nothing)')}</span>`
            }</td><td class="actions">${actionButton(l10n.t('Delete'), { action: 'deleteAlias', alias: a.alias }, d.access, { kind: 'icon', ariaLabel: l10n.t('Delete alias @{0}', a.alias) })}</td></tr>`,
        )}</tbody></table>`;
  return section('aliases', l10n.t('Aliases'), body);
}

export function renderModelPage(d: ModelPageData, texts: ModelPageTexts): SafeHtml {
  const m = d.model;
  const a = d.access;
  return html`<header class="page-header">
<p class="eyebrow">${l10n.t('Registered model')}</p>
<h1>${m.name}</h1>
<p class="meta">${m.aliases.map((x) => aliasChip(x.alias, null))} <span>${d.total === 1 ? l10n.t('1 version') : l10n.t('{0} versions', formatCount(d.total))}</span> · <span>${l10n.t('created {0}', when(m.creationTimestamp))}</span> · <span>${l10n.t('updated {0}', when(m.lastUpdatedTimestamp))}</span></p>
<div class="toolbar" role="toolbar" aria-label="${l10n.t('Model actions')}">
${actionButton(l10n.t('Rename…'), { action: 'renameModel' }, a)}
${actionButton(l10n.t('Delete model…'), { action: 'deleteModel' }, a, { kind: 'danger' })}
</div>
${readOnlyNote(a)}
</header>
${description(m.description, texts.description, a, m.name)}
${section('versions-heading', html`${l10n.t('Versions')} <span class="count">${formatCount(d.total)}</span>`, versionsTable(d, texts), compareSelected(d))}
${aliasesSection(d)}
${tagsSection(m.tags, a)}`;
}
