import type { RegistryState } from '../app/registryManager';
import { isMlflowError } from '../core/errors';
import { html, type SafeHtml } from './html';
import type { PageTarget } from './messages';
import { loadModelPage, modelPageTitle, renderModelPage } from './modelPage';
import { loadVersionPage, type VersionPageData } from './versionData';
import { renderVersionPage, versionPageTitle } from './versionPage';

/** What a page shows now: its title, its body, and the data behind it (for Reveal and Serve). */
export interface PageContent {
  title: string;
  body: SafeHtml;
  version?: VersionPageData;
}

function message(title: string, heading: string, text: string): PageContent {
  return { title, body: html`<header class="page-header"><h1>${heading}</h1></header><p class="notice" role="status">${text}</p>` };
}

export function titleOf(target: PageTarget): string {
  return target.kind === 'model' ? modelPageTitle(target.name) : versionPageTitle(target.name, target.version);
}

/** Reads the registry and renders the page for `target`; never throws. */
export async function loadPageContent(state: RegistryState, target: PageTarget, settled = true): Promise<PageContent> {
  const title = titleOf(target);
  const heading = target.kind === 'model' ? target.name : `${target.name} version ${target.version}`;
  if (state.kind === 'none' && !settled) return message(title, heading, 'Opening the MLflow registry…');
  if (state.kind === 'none') return message(title, heading, 'No MLflow registry is open. Open one from the MLflow Registry view.');
  if (state.kind === 'error') return message(title, heading, `The MLflow registry could not be opened: ${state.message}`);
  try {
    if (target.kind === 'model') {
      return { title, body: renderModelPage(await loadModelPage(state.session, target.name)) };
    }
    const data = await loadVersionPage(state.session, target.name, target.version);
    return { title, body: renderVersionPage(data), version: data };
  } catch (e) {
    if (isMlflowError(e, 'RESOURCE_DOES_NOT_EXIST')) {
      return message(title, heading, `${heading} is not in this registry (any more): ${e instanceof Error ? e.message : String(e)}`);
    }
    return message(title, heading, `Could not read ${heading}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
