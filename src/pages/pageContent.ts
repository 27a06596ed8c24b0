import { isDeepStrictEqual } from 'node:util';
import type { RegistryState } from '../vscode/registryManager';
import { isMlflowError } from '../core/errors';
import type { ModelVersion } from '../core/types';
import type { RegistrySession } from '../registry/registrySession';
import { html, type SafeHtml } from './html';
import type { PageTarget } from './messages';
import type { RenderedMarkdown } from './markdown';
import { markdownRenderer } from './markdownRenderer';
import { l10n } from './pageL10n';
import { loadComparison, type CompareData } from './compareData';
import { renderComparePage } from './comparePage';
import { compareWhat } from './compareTarget';
import { loadModelPage, renderModelPage, renderModelTexts } from './modelPage';
import { loadPromptPage } from './promptData';
import { renderPromptPage } from './promptPage';
import { chartKeys, loadVersionCharts, type VersionCharts } from './versionCharts';
import { firstVersionPageData, loadVersionPage, type VersionPageData } from './versionData';
import { renderVersionPage } from './versionPage';

/** What a page shows now: its body (without the registry frame), and the data behind it (for Reveal and Serve). */
export interface PageContent {
  main: SafeHtml;
  version?: VersionPageData;
  /** The data the body was rendered from: equal data is not rendered again. */
  data: unknown;
  /** The version page's metric history section as this content shows it. */
  charts?: VersionCharts;
  /**
   * A slower part read after this content is shown (the page's first paint waits
   * for none of it): the same page with that part filled in.
   */
  later?: () => Promise<PageContent>;
}

export interface LoadOptions {
  /** How many versions a model page lists. */
  versionLimit?: number;
  /** What the page shows now; returned as it is when the data behind it did not change. */
  previous?: PageContent;
  /**
   * Hears of what a page read in steps has so far, on its first paint only: a
   * version page made from the version alone while its lineage and files are
   * read (on a server, several round trips), a comparison as its runs and
   * files arrive.
   */
  onPartial?: (partial: PageContent) => void;
}

function message(heading: string, text: string): PageContent {
  return { main: html`<header class="page-header"><h1>${heading}</h1></header><p class="notice" role="status">${text}</p>`, data: { message: text } };
}

/**
 * Compared field by field rather than serialized and hashed: equal strings
 * (a 1 MB description read again) compare in one pass and make no garbage.
 */
function unchanged(previous: PageContent | undefined, data: unknown): previous is PageContent {
  return previous !== undefined && isDeepStrictEqual(previous.data, data);
}

export function headingOf(target: PageTarget): string {
  if (target.kind === 'compare') return l10n.t('Compare {0}', compareWhat(target.versions));
  return target.kind === 'model' ? target.name : l10n.t('{0} version {1}', target.name, target.version);
}

/** A page while no registry is open, or the one chosen could not be opened; never throws. */
export function noRegistryContent(state: RegistryState, target: PageTarget, settled: boolean): PageContent {
  const heading = headingOf(target);
  if (state.kind === 'error') return message(heading, l10n.t('The MLflow registry could not be opened: {0}', state.message));
  return message(heading, settled ? l10n.t('No MLflow registry is open. Open one from the MLflow Registry view.') : l10n.t('Opening the MLflow registry…'));
}

/** A restored page whose registry is not open: nothing of it was read in this window yet. */
export function notReadContent(target: PageTarget, registryLabel: string): PageContent {
  const heading = headingOf(target);
  return message(heading, l10n.t('{0} is read from {1} once that registry is open again.', heading, registryLabel));
}

/** The version page now, and its metric charts `later`. */
function versionContent(session: RegistrySession, data: VersionPageData, rendered: RenderedMarkdown, previous: PageContent | undefined): PageContent {
  const runId = data.run?.runId;
  const { keys, more } = chartKeys(data.run);
  if (!runId || keys.length === 0) return { main: renderVersionPage(data, rendered), version: data, data };
  // A re-read of the same run (live refresh while a run logs) keeps the charts shown until the new ones arrive.
  const charts: VersionCharts = previous?.charts?.runId === runId ? previous.charts : { state: 'reading', runId, keys };
  return {
    main: renderVersionPage(data, rendered, charts),
    version: data,
    data,
    charts,
    later: async () => {
      const ready = await loadVersionCharts(session.backend, data.version.version, runId, keys, more);
      return { main: renderVersionPage(data, rendered, ready), version: data, data, charts: ready };
    },
  };
}

/** The version page; once its run is read, its metric charts come `later`. */
async function renderVersionContent(session: RegistrySession, data: VersionPageData, previous?: PageContent): Promise<PageContent> {
  const [rendered] = await markdownRenderer.render([{ kind: 'html', source: data.version.description ?? '' }]);
  return versionContent(session, data, rendered as RenderedMarkdown, previous);
}

/** Reads `session` (the page's own registry) and renders the page for `target`; never throws. */
export async function loadPageContent(session: RegistrySession, target: PageTarget, options: LoadOptions = {}): Promise<PageContent> {
  const heading = headingOf(target);
  const previous = options.previous;
  try {
    if (target.kind === 'model') {
      const data = await loadModelPage(session, target.name, options.versionLimit);
      if (unchanged(previous, data)) return previous;
      return { main: renderModelPage(data, await renderModelTexts(data, markdownRenderer)), data };
    }
    if (target.kind === 'prompt') {
      const prompts = session.backend.prompts;
      if (!prompts) return message(heading, l10n.t('{0} cannot hold MLflow prompts.', session.identity.label));
      const data = await loadPromptPage(prompts, target.name, target.version, session.backend.writeAccess());
      if (unchanged(previous, data)) return previous;
      return { main: renderPromptPage(data), data };
    }
    // A page already showing content keeps it until the new content is read: no flash of a half page.
    const partial = previous ? undefined : options.onPartial;
    if (target.kind === 'compare') {
      const render = (data: CompareData): PageContent => ({ main: renderComparePage(data), data });
      const data = await loadComparison(session, target.versions, (step) => partial?.(render(step)));
      return unchanged(previous, data) ? previous : render(data);
    }
    const onVersion = partial && ((v: ModelVersion) => void renderVersionContent(session, firstVersionPageData(session, v)).then(partial, () => undefined));
    const data = await loadVersionPage(session, target.name, target.version, onVersion);
    if (unchanged(previous, data)) return previous;
    return await renderVersionContent(session, data, previous);
  } catch (e) {
    if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) {
      return message(heading, l10n.t('{0} is not in {1} (any more): {2}', heading, session.identity.label, e instanceof Error ? e.message : String(e)));
    }
    return message(heading, l10n.t('Could not read {0}: {1}', heading, e instanceof Error ? e.message : String(e)));
  }
}
