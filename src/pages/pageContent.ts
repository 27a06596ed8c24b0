import { isDeepStrictEqual } from 'node:util';
import type { RegistryState } from '../app/registryManager';
import { isMlflowError } from '../core/errors';
import { html, type SafeHtml } from './html';
import type { PageTarget } from './messages';
import type { RenderedMarkdown } from './markdown';
import { markdownRenderer } from './markdownRenderer';
import { loadModelPage, modelPageTitle, renderModelPage, renderModelTexts } from './modelPage';
import { loadVersionPage, type VersionPageData } from './versionData';
import { renderVersionPage, versionPageTitle } from './versionPage';

/** What a page shows now: its title, its body, and the data behind it (for Reveal and Serve). */
export interface PageContent {
  title: string;
  body: SafeHtml;
  version?: VersionPageData;
  /** The data the body was rendered from: equal data is not rendered again. */
  data: unknown;
}

export interface LoadOptions {
  /** How many versions a model page lists. */
  versionLimit?: number;
  /** What the page shows now; returned as it is when the data behind it did not change. */
  previous?: PageContent;
}

function message(title: string, heading: string, text: string): PageContent {
  return { title, body: html`<header class="page-header"><h1>${heading}</h1></header><p class="notice" role="status">${text}</p>`, data: { message: text } };
}

/**
 * Compared field by field rather than serialized and hashed: equal strings
 * (a 1 MB description read again) compare in one pass and make no garbage.
 */
function unchanged(previous: PageContent | undefined, title: string, data: unknown): previous is PageContent {
  return previous !== undefined && previous.title === title && isDeepStrictEqual(previous.data, data);
}

export function titleOf(target: PageTarget): string {
  return target.kind === 'model' ? modelPageTitle(target.name) : versionPageTitle(target.name, target.version);
}

/** Reads the registry and renders the page for `target`; never throws. */
export async function loadPageContent(state: RegistryState, target: PageTarget, settled = true, options: LoadOptions = {}): Promise<PageContent> {
  const title = titleOf(target);
  const heading = target.kind === 'model' ? target.name : `${target.name} version ${target.version}`;
  if (state.kind === 'none' && !settled) return message(title, heading, 'Opening the MLflow registry…');
  if (state.kind === 'none') return message(title, heading, 'No MLflow registry is open. Open one from the MLflow Registry view.');
  if (state.kind === 'error') return message(title, heading, `The MLflow registry could not be opened: ${state.message}`);
  try {
    // Live refresh reloads open pages whenever the file changes (a training run logging
    // metrics, say): reading is cheap, rendering is not, so only changed data is rendered.
    const previous = options.previous;
    if (target.kind === 'model') {
      const data = await loadModelPage(state.session, target.name, options.versionLimit);
      if (unchanged(previous, title, data)) return previous;
      return { title, body: renderModelPage(data, await renderModelTexts(data, markdownRenderer)), data };
    }
    const data = await loadVersionPage(state.session, target.name, target.version);
    if (unchanged(previous, title, data)) return previous;
    const [rendered] = await markdownRenderer.render([{ kind: 'html', source: data.version.description ?? '' }]);
    return { title, body: renderVersionPage(data, rendered as RenderedMarkdown), version: data, data };
  } catch (e) {
    if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) {
      return message(title, heading, `${heading} is not in this registry (any more): ${e instanceof Error ? e.message : String(e)}`);
    }
    return message(title, heading, `Could not read ${heading}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
