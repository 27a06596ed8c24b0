import { isDeepStrictEqual } from 'node:util';
import type { RegistryState } from '../vscode/registryManager';
import { isMlflowError } from '../core/errors';
import type { RegistrySession } from '../registry/registrySession';
import { html, type SafeHtml } from './html';
import type { PageTarget } from './messages';
import type { RenderedMarkdown } from './markdown';
import { markdownRenderer } from './markdownRenderer';
import { loadComparison, type CompareData } from './compareData';
import { renderComparePage } from './comparePage';
import { compareWhat } from './compareTarget';
import { loadModelPage, renderModelPage, renderModelTexts } from './modelPage';
import { loadPromptPage } from './promptData';
import { renderPromptPage } from './promptPage';
import { loadVersionPage, type VersionPageData } from './versionData';
import { renderVersionPage } from './versionPage';

/** What a page shows now: its body (without the registry frame), and the data behind it (for Reveal and Serve). */
export interface PageContent {
  main: SafeHtml;
  version?: VersionPageData;
  /** The data the body was rendered from: equal data is not rendered again. */
  data: unknown;
}

export interface LoadOptions {
  /** How many versions a model page lists. */
  versionLimit?: number;
  /** What the page shows now; returned as it is when the data behind it did not change. */
  previous?: PageContent;
  /** A page that reads in steps (the comparison) hands out what it has so far. */
  onPartial?: (content: PageContent) => void;
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
  if (target.kind === 'compare') return `Compare ${compareWhat(target.versions)}`;
  return target.kind === 'model' ? target.name : `${target.name} version ${target.version}`;
}

/** A page while no registry is open, or the one chosen could not be opened; never throws. */
export function noRegistryContent(state: RegistryState, target: PageTarget, settled: boolean): PageContent {
  const heading = headingOf(target);
  if (state.kind === 'error') return message(heading, `The MLflow registry could not be opened: ${state.message}`);
  return message(heading, settled ? 'No MLflow registry is open. Open one from the MLflow Registry view.' : 'Opening the MLflow registry…');
}

/** A restored page whose registry is not open: nothing of it was read in this window yet. */
export function notReadContent(target: PageTarget, registryLabel: string): PageContent {
  const heading = headingOf(target);
  return message(heading, `${heading} is read from ${registryLabel} once that registry is open again.`);
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
      if (!prompts) return message(heading, `${session.identity.label} cannot hold MLflow prompts.`);
      const data = await loadPromptPage(prompts, target.name, target.version, session.backend.writeAccess());
      if (unchanged(previous, data)) return previous;
      return { main: renderPromptPage(data), data };
    }
    if (target.kind === 'compare') {
      const render = (data: CompareData): PageContent => ({ main: renderComparePage(data), data });
      const data = await loadComparison(session, target.versions, (partial) => options.onPartial?.(render(partial)));
      return unchanged(previous, data) ? previous : render(data);
    }
    const data = await loadVersionPage(session, target.name, target.version);
    if (unchanged(previous, data)) return previous;
    const [rendered] = await markdownRenderer.render([{ kind: 'html', source: data.version.description ?? '' }]);
    return { main: renderVersionPage(data, rendered as RenderedMarkdown), version: data, data };
  } catch (e) {
    if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) {
      return message(heading, `${heading} is not in ${session.identity.label} (any more): ${e instanceof Error ? e.message : String(e)}`);
    }
    return message(heading, `Could not read ${heading}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
