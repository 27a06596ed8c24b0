import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { errorText, log } from '../vscode/log';
import { onRegistryChange } from '../vscode/registryChanges';
import type { RegistryManager } from '../vscode/registryManager';
import { parseRegistryIdentity, type RegistryIdentity } from '../registry/registryIdentity';
import { affectsRemoteImages, readRemoteImagesValue } from '../vscode/config';
import { makeNonce, renderDocument, trusted, type SafeHtml } from './html';
import { checkCompareVersions } from './compareTarget';
import { versionDocUri } from './versionDocuments';
import {
  COMPARE_VIEW_TYPE,
  MODEL_VIEW_TYPE,
  parseFromPage,
  PROMPT_VIEW_TYPE,
  VERSION_VIEW_TYPE,
  type PageState,
  type PageTarget,
  type VersionRef,
} from './messages';
import { markdownRenderer } from './markdownRenderer';
import { VERSIONS_PAGE_SIZE } from './modelPage';
import { runPageAction } from './pageActions';
import { Page, targetKey } from './page';
import { loadPageContent, noRegistryContent, notReadContent, type PageContent } from './pageContent';
import { framePage, pageTitle } from './registryFrame';
import { pageWords } from './pageWords';
import { presentRemoteImages, remoteImagesSetting, type PresentedBody } from './remoteImages';

const REFRESH_DEBOUNCE_MS = 120;
const VIEW_TYPES: Record<PageTarget['kind'], string> = {
  model: MODEL_VIEW_TYPE,
  version: VERSION_VIEW_TYPE,
  prompt: PROMPT_VIEW_TYPE,
  compare: COMPARE_VIEW_TYPE,
};

/**
 * Model and version pages as webview panels: one per model or version, brought
 * back after a reload by the serializers, refreshed when the registry changes
 * (the session's change events, as the tree), and driven by typed messages from the page.
 */
export class PageManager implements vscode.Disposable {
  private readonly pages = new Map<string, Page>();
  private readonly disposables: vscode.Disposable[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly mediaRoot: vscode.Uri;
  /** False until the registry chosen at activation has been opened (or found missing). */
  private settled = false;

  constructor(
    extensionUri: vscode.Uri,
    private readonly manager: RegistryManager,
  ) {
    this.mediaRoot = vscode.Uri.joinPath(extensionUri, 'media');
    const serializer = (kind: PageTarget['kind']): vscode.WebviewPanelSerializer<PageState> => ({
      deserializeWebviewPanel: async (panel, state) => this.revive(panel, state, kind),
    });
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(MODEL_VIEW_TYPE, serializer('model')),
      vscode.window.registerWebviewPanelSerializer(VERSION_VIEW_TYPE, serializer('version')),
      vscode.window.registerWebviewPanelSerializer(PROMPT_VIEW_TYPE, serializer('prompt')),
      vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, serializer('compare')),
      manager.onDidChange(() => {
        this.settled = true;
        this.refreshAll();
      }),
      onRegistryChange(manager, () => this.refreshAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affectsRemoteImages(e)) return;
        for (const page of this.pages.values()) if (page.shown) this.setDocument(page);
      }),
    );
  }

  /** Pages open now, for tests and for the commands. */
  openPages(): { target: PageTarget; title: string; visible: boolean; registry: string | undefined; registryOpen: boolean }[] {
    return [...this.pages.values()].map((p) => ({
      target: p.target,
      title: p.panel.title,
      visible: p.panel.visible,
      registry: p.registry?.key,
      registryOpen: this.isOpen(p),
    }));
  }

  private get openRegistry(): RegistryIdentity | undefined {
    return this.manager.session?.identity;
  }

  /** Whether the page's registry is the open one (a page of no known registry takes whichever opens). */
  isOpen(page: Page): boolean {
    const open = this.openRegistry;
    return open !== undefined && (page.registry === undefined || page.registry.key === open.key);
  }

  /** The page of `target` in `registry` (by default the open one). */
  find(target: PageTarget, registry: RegistryIdentity | undefined = this.openRegistry): Page | undefined {
    return this.pages.get(targetKey(target, registry));
  }

  async open(target: PageTarget, options: { preserveFocus?: boolean } = {}): Promise<Page> {
    const registry = this.openRegistry;
    const existing = this.find(target, registry);
    if (existing) {
      existing.panel.reveal(undefined, options.preserveFocus);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPES[target.kind],
      pageTitle(target, registry),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: options.preserveFocus ?? false },
      this.webviewOptions(),
    );
    return this.attach(panel, target, registry);
  }

  private async revive(panel: vscode.WebviewPanel, state: PageState | undefined, kind: PageTarget['kind']): Promise<void> {
    const t = restoredTarget(state?.target, kind);
    const registry = parseRegistryIdentity(state?.registry);
    if (!t || this.pages.has(targetKey(t, registry))) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.webviewOptions();
    await this.attach(panel, t, registry);
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, enableCommandUris: false, enableForms: false, localResourceRoots: [this.mediaRoot], enableFindWidget: true };
  }

  private async attach(panel: vscode.WebviewPanel, target: PageTarget, registry: RegistryIdentity | undefined): Promise<Page> {
    const page = new Page(panel, target, registry);
    this.pages.set(page.key, page);
    const icon = target.kind === 'model' ? 'model' : 'version';
    panel.iconPath = {
      light: vscode.Uri.joinPath(this.mediaRoot, 'pages', `${icon}-light.svg`),
      dark: vscode.Uri.joinPath(this.mediaRoot, 'pages', `${icon}-dark.svg`),
    };
    panel.onDidDispose(() => {
      page.disposed = true;
      if (this.pages.get(page.key) === page) this.pages.delete(page.key);
    });
    panel.webview.onDidReceiveMessage((raw) => this.onMessage(page, raw));
    await this.refresh(page);
    return page;
  }

  private async onMessage(page: Page, raw: unknown): Promise<void> {
    const msg = parseFromPage(raw);
    if (!msg) {
      log().warn(`Ignored a malformed message from the page ${page.panel.title}.`);
      return;
    }
    try {
      switch (msg.type) {
        case 'ready':
          // Also after a hidden page is shown again: it reloads the first document, so it gets the latest body.
          page.ready = true;
          if (page.shown && this.presented(page).body !== page.documentBody) this.postUpdate(page);
          return;
        case 'switchRegistry':
          await this.switchBack(page);
          return;
        case 'loadRemoteImages':
          // A new document: the CSP that lets https images in is only written for this page.
          page.remoteImagesAllowed = true;
          if (page.shown) this.setDocument(page);
          return;
      }
      if (!this.isOpen(page)) {
        // The page's buttons are off; this holds even if a message gets through.
        void vscode.window.showWarningMessage(
          vscode.l10n.t('This page is from {0}, which is not open. Switch back to it first.', page.registry?.label ?? vscode.l10n.t('another registry')),
        );
        return;
      }
      switch (msg.type) {
        case 'openModel':
          await this.open({ kind: 'model', name: msg.name });
          return;
        case 'openVersion':
          await this.open({ kind: 'version', name: msg.name, version: msg.version });
          return;
        case 'openPromptVersion':
          // Always a version of the page's own prompt: the page never names what to open.
          if (page.target.kind === 'prompt') await this.open({ ...page.target, version: msg.version });
          return;
        case 'compareVersions':
          // Versions of the page's own model only: the page names numbers, never a model.
          if (page.target.kind === 'model') {
            const name = page.target.name;
            await vscode.commands.executeCommand('mlflowRegistry.compareVersions', { versions: msg.versions.map((version) => ({ name, version })) });
          }
          return;
        case 'compareDiff':
          if (page.target.kind !== 'compare') return;
          await this.compareDiff(page.target.versions, msg);
          return;
        case 'showMore':
          if (page.target.kind !== 'model') return;
          page.versionLimit += VERSIONS_PAGE_SIZE;
          await this.refresh(page);
          return;
        default:
          await runPageAction(this, page, msg);
      }
    } catch (e) {
      log().error(`Page ${page.panel.title}: ${errorText(e)}`);
      void vscode.window.showErrorMessage(errorText(e));
    }
  }

  /** The body as this page shows it now: remote images held back or let in. */
  private presented(page: Page): PresentedBody {
    return presentRemoteImages(page.shown!.body.value, remoteImagesSetting(readRemoteImagesValue()), page.remoteImagesAllowed);
  }

  private postUpdate(page: Page): void {
    if (!page.shown) return;
    const shown = this.presented(page);
    // A CSP cannot change by message: a page that now needs https images gets a new document.
    if (shown.loadRemote !== page.documentRemoteImages) {
      this.setDocument(page);
      return;
    }
    page.post({ type: 'update', title: page.shown.title, body: shown.body, target: page.target, registry: page.registry });
  }

  /** The "Switch back" button: Select Registry with the page's own path or URL. */
  private async switchBack(page: Page): Promise<void> {
    const registry = page.registry;
    if (!registry || this.isOpen(page)) return;
    await vscode.commands.executeCommand('mlflowRegistry.selectRegistry', { uri: registry.reopen });
    const open = this.openRegistry;
    if (open?.key !== registry.key) {
      const state = this.manager.state;
      const why =
        state.kind === 'error'
          ? state.message
          : open
            ? vscode.l10n.t('{0} is open (a setting or the environment may choose it)', open.label)
            : vscode.l10n.t('no registry is open');
      void vscode.window.showWarningMessage(vscode.l10n.t('Could not switch back to {0}: {1}.', registry.label, why));
    }
  }

  /**
   * Re-reads one page from its own registry; a new document only the first
   * time, then updates by message. While another registry is open, the page
   * keeps its last content and says whose it is: it never shows another
   * registry's data under its title.
   */
  async refresh(page: Page): Promise<void> {
    const generation = ++page.generation;
    const state = this.manager.state;
    const session = state.kind === 'open' ? state.session : undefined;
    if (page.registry === undefined && session) {
      this.pages.delete(page.key);
      page.registry = session.identity;
      if (this.pages.has(page.key)) {
        page.panel.dispose(); // restored twice: the other panel stays
        return;
      }
      this.pages.set(page.key, page);
    }
    let shown: { title: string; body: SafeHtml };
    if (session && this.isOpen(page)) {
      // Live refresh reloads open pages whenever the file changes (a training run logging
      // metrics, say): reading is cheap, rendering is not, so unchanged data is not rendered.
      // A page read in steps paints each step until its full content is there; a refresh of a shown page waits for all of it.
      const onPartial = (partial: PageContent) => {
        if (generation !== page.generation || page.disposed || page.content) return;
        this.show(page, { title: pageTitle(page.target, page.registry), body: framePage(partial.main, page.registry) });
      };
      const content = await loadPageContent(session, page.target, { versionLimit: page.versionLimit, previous: page.content, onPartial });
      if (generation !== page.generation || page.disposed) return;
      page.content = content;
      shown = { title: pageTitle(page.target, page.registry), body: framePage(content.main, page.registry) };
      if (content.later) this.fillIn(page, generation, content.later);
    } else if (page.registry && (this.settled || session)) {
      page.content ??= notReadContent(page.target, page.registry.label);
      shown = { title: pageTitle(page.target, page.registry, false), body: framePage(page.content.main, page.registry, { open: session?.identity }) };
    } else {
      shown = { title: pageTitle(page.target, page.registry), body: noRegistryContent(state, page.target, this.settled).main };
    }
    this.show(page, shown);
  }

  /**
   * Shows the page's slower part once it is read, unless the page was re-read
   * or closed meanwhile (the newer read brings its own).
   */
  private fillIn(page: Page, generation: number, later: () => Promise<PageContent>): void {
    // A macrotask later: the first content's HTML is handed to the webview before any read starts.
    void new Promise((resolve) => setImmediate(resolve))
      .then(later)
      .then((full) => {
        if (generation !== page.generation || page.disposed) return;
        page.content = full;
        this.show(page, { title: pageTitle(page.target, page.registry), body: framePage(full.main, page.registry) });
      })
      .catch((e) => log().warn(`Reading the rest of ${page.panel.title}: ${errorText(e)}`));
  }

  private show(page: Page, shown: { title: string; body: SafeHtml }): void {
    const changed = !page.shown || page.shown.body.value !== shown.body.value || page.shown.title !== shown.title;
    page.shown = shown;
    if (!changed) return;
    page.panel.title = shown.title;
    if (page.documentBody === undefined) {
      this.setDocument(page);
    } else {
      this.postUpdate(page);
    }
  }

  /** A full HTML document with a fresh nonce. */
  private setDocument(page: Page): void {
    const webview = page.panel.webview;
    const content = page.shown!;
    const shown = this.presented(page);
    page.ready = false;
    page.documentBody = shown.body;
    page.documentRemoteImages = shown.loadRemote;
    webview.html = renderDocument({
      title: content.title,
      cspSource: webview.cspSource,
      nonce: makeNonce(randomBytes),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'pages', 'page.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.mediaRoot, 'pages', 'page.css')).toString(),
      target: page.target,
      registry: page.registry,
      words: pageWords(),
      body: trusted(shown.body),
      remoteImages: shown.loadRemote,
    });
  }

  /** Every open page, soon: several changes in a row make one refresh. */
  refreshAll(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      for (const page of this.pages.values()) {
        this.refresh(page).catch((e) => log().warn(`Refreshing ${page.panel.title}: ${errorText(e)}`));
      }
    }, REFRESH_DEBOUNCE_MS);
  }

  /** After a rename in the open registry, that model's pages follow it. */
  retarget(oldName: string, newName: string): void {
    for (const page of [...this.pages.values()]) {
      if (!this.isOpen(page)) continue;
      if (page.target.kind === 'compare') {
        if (!page.target.versions.some((v) => v.name === oldName)) continue;
        this.pages.delete(page.key);
        page.target = { kind: 'compare', versions: page.target.versions.map((v) => (v.name === oldName ? { ...v, name: newName } : v)) };
        this.pages.set(page.key, page);
        continue;
      }
      if (page.target.name !== oldName) continue;
      this.pages.delete(page.key);
      page.target = { ...page.target, name: newName };
      this.pages.set(page.key, page);
    }
    this.refreshAll();
  }

  /** Closes the pages of a model deleted from the open registry, or of one deleted version. */
  close(name: string, version?: string): void {
    for (const page of [...this.pages.values()]) {
      // A comparison keeps its columns: a deleted version shows as one that could not be read.
      if (page.target.kind === 'compare' || page.target.name !== name || !this.isOpen(page)) continue;
      if (version === undefined || (page.target.kind !== 'model' && page.target.version === version)) page.panel.dispose();
    }
  }

  /** Two columns of a comparison in the diff editor, left to right as the page shows them. */
  private async compareDiff(versions: VersionRef[], msg: { what: 'description' | 'requirements'; left: number; right: number }): Promise<void> {
    const registry = this.openRegistry;
    const left = versions[msg.left];
    const right = versions[msg.right];
    if (!registry || !left || !right) return;
    const file = msg.what === 'description' ? 'description.md' : 'requirements.txt';
    const title = vscode.l10n.t('{0}: {1} version {2} ↔ {3} version {4}', file, left.name, left.version, right.name, right.version);
    await vscode.commands.executeCommand('vscode.diff', versionDocUri(registry.key, left, file), versionDocUri(registry.key, right, file), title, {
      preview: false,
    });
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    markdownRenderer.dispose();
    for (const page of [...this.pages.values()]) page.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** A target kept in a page's state, checked as any other input (the state is the webview's). */
function restoredTarget(raw: PageTarget | undefined, kind: PageTarget['kind']): PageTarget | undefined {
  if (!raw || raw.kind !== kind) return undefined;
  if (raw.kind === 'compare') {
    const checked = checkCompareVersions(raw.versions);
    return 'versions' in checked ? { kind: 'compare', versions: checked.versions } : undefined;
  }
  if (typeof raw.name !== 'string') return undefined;
  if (raw.kind === 'model') return { kind: 'model', name: raw.name };
  return typeof raw.version === 'string' && /^\d+$/.test(raw.version) ? { kind: raw.kind, name: raw.name, version: raw.version } : undefined;
}
