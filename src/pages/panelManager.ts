import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { errorText, log } from '../app/log';
import type { RegistryManager } from '../app/registryManager';
import type { ModelsTreeProvider } from '../tree/modelsTreeProvider';
import { affectsRemoteImages, readRemoteImages } from '../vscode/config';
import { makeNonce, renderDocument, trusted } from './html';
import { MODEL_VIEW_TYPE, parseFromPage, VERSION_VIEW_TYPE, type PageState, type PageTarget, type ToPage } from './messages';
import { markdownRenderer } from './markdownRenderer';
import { VERSIONS_PAGE_SIZE } from './modelPage';
import { runPageAction } from './pageActions';
import { loadPageContent, titleOf, type PageContent } from './pageContent';
import { presentRemoteImages, type PresentedBody } from './remoteImages';

const REFRESH_DEBOUNCE_MS = 120;

export function targetKey(t: PageTarget): string {
  return t.kind === 'model' ? `model\u0000${t.name}` : `version\u0000${t.name}\u0000${t.version}`;
}

/** One open page: its panel, what it shows, and whether its script is listening. */
export class Page {
  ready = false;
  content: PageContent | undefined;
  /** The body inside the panel's current HTML document (the page falls back to it when it reloads). */
  documentBody: string | undefined;
  /** Whether the current document's CSP lets https images load. */
  documentRemoteImages = false;
  /** "Load remote images" was clicked on this page. */
  remoteImagesAllowed = false;
  generation = 0;
  disposed = false;
  /** Versions listed on a model page; "Show more" raises it. */
  versionLimit = VERSIONS_PAGE_SIZE;

  constructor(
    readonly panel: vscode.WebviewPanel,
    public target: PageTarget,
  ) {}

  post(message: ToPage): void {
    if (this.ready && !this.disposed) void this.panel.webview.postMessage(message);
  }
}

/**
 * Model and version pages as webview panels: one per model or version, brought
 * back after a reload by the serializers, refreshed when the registry changes
 * (the same path as the tree), and driven by typed messages from the page.
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
    tree: ModelsTreeProvider,
  ) {
    this.mediaRoot = vscode.Uri.joinPath(extensionUri, 'media');
    const serializer = (kind: PageTarget['kind']): vscode.WebviewPanelSerializer<PageState> => ({
      deserializeWebviewPanel: async (panel, state) => this.revive(panel, state, kind),
    });
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(MODEL_VIEW_TYPE, serializer('model')),
      vscode.window.registerWebviewPanelSerializer(VERSION_VIEW_TYPE, serializer('version')),
      manager.onDidChange(() => {
        this.settled = true;
        this.refreshAll();
      }),
      tree.onDidChangeRegistryData(() => this.refreshAll()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!affectsRemoteImages(e)) return;
        for (const page of this.pages.values()) if (page.content) this.setDocument(page);
      }),
    );
  }

  /** Pages open now, for tests and for the commands. */
  openPages(): { target: PageTarget; title: string; visible: boolean }[] {
    return [...this.pages.values()].map((p) => ({ target: p.target, title: p.panel.title, visible: p.panel.visible }));
  }

  find(target: PageTarget): Page | undefined {
    return this.pages.get(targetKey(target));
  }

  async open(target: PageTarget, options: { preserveFocus?: boolean } = {}): Promise<Page> {
    const existing = this.find(target);
    if (existing) {
      existing.panel.reveal(undefined, options.preserveFocus);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      target.kind === 'model' ? MODEL_VIEW_TYPE : VERSION_VIEW_TYPE,
      titleOf(target),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: options.preserveFocus ?? false },
      this.webviewOptions(),
    );
    return this.attach(panel, target);
  }

  private async revive(panel: vscode.WebviewPanel, state: PageState | undefined, kind: PageTarget['kind']): Promise<void> {
    const t = state?.target;
    const valid =
      t && typeof t.name === 'string' && t.kind === kind && (t.kind === 'model' || (typeof t.version === 'string' && /^\d+$/.test(t.version)));
    if (!valid || this.find(t)) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.webviewOptions();
    await this.attach(panel, { ...t });
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, enableCommandUris: false, enableForms: false, localResourceRoots: [this.mediaRoot], enableFindWidget: true };
  }

  private async attach(panel: vscode.WebviewPanel, target: PageTarget): Promise<Page> {
    const page = new Page(panel, target);
    this.pages.set(targetKey(target), page);
    panel.iconPath = {
      light: vscode.Uri.joinPath(this.mediaRoot, 'pages', target.kind === 'model' ? 'model-light.svg' : 'version-light.svg'),
      dark: vscode.Uri.joinPath(this.mediaRoot, 'pages', target.kind === 'model' ? 'model-dark.svg' : 'version-dark.svg'),
    };
    panel.onDidDispose(() => {
      page.disposed = true;
      if (this.pages.get(targetKey(page.target)) === page) this.pages.delete(targetKey(page.target));
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
          if (page.content && this.presented(page).body !== page.documentBody) this.postUpdate(page);
          return;
        case 'showMore':
          if (page.target.kind !== 'model') return;
          page.versionLimit += VERSIONS_PAGE_SIZE;
          await this.refresh(page);
          return;
        case 'openModel':
          await this.open({ kind: 'model', name: msg.name });
          return;
        case 'openVersion':
          await this.open({ kind: 'version', name: msg.name, version: msg.version });
          return;
        case 'loadRemoteImages':
          // A new document: the CSP that lets https images in is only written for this page.
          page.remoteImagesAllowed = true;
          if (page.content) this.setDocument(page);
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
    return presentRemoteImages(page.content!.body.value, readRemoteImages(), page.remoteImagesAllowed);
  }

  private postUpdate(page: Page): void {
    if (!page.content) return;
    const shown = this.presented(page);
    // A CSP cannot change by message: a page that now needs https images gets a new document.
    if (shown.loadRemote !== page.documentRemoteImages) {
      this.setDocument(page);
      return;
    }
    page.post({ type: 'update', title: page.content.title, body: shown.body, target: page.target });
  }

  /** Re-reads one page; a new document only the first time, then updates by message. */
  async refresh(page: Page): Promise<void> {
    const generation = ++page.generation;
    const content = await loadPageContent(this.manager.state, page.target, this.settled, { versionLimit: page.versionLimit, previous: page.content });
    if (generation !== page.generation || page.disposed) return;
    const changed = content !== page.content && (!page.content || page.content.body.value !== content.body.value || page.content.title !== content.title);
    page.content = content;
    if (!changed) return;
    page.panel.title = content.title;
    if (page.documentBody === undefined) {
      this.setDocument(page);
    } else {
      this.postUpdate(page);
    }
  }

  /** A full HTML document with a fresh nonce. */
  private setDocument(page: Page): void {
    const webview = page.panel.webview;
    const content = page.content!;
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

  /** After a rename, the model's pages follow it. */
  retarget(oldName: string, newName: string): void {
    for (const page of [...this.pages.values()]) {
      if (page.target.name !== oldName) continue;
      this.pages.delete(targetKey(page.target));
      page.target = { ...page.target, name: newName };
      this.pages.set(targetKey(page.target), page);
    }
    this.refreshAll();
  }

  /** Closes the pages of a deleted model, or of one deleted version. */
  close(name: string, version?: string): void {
    for (const page of [...this.pages.values()]) {
      if (page.target.name !== name) continue;
      if (version === undefined || (page.target.kind === 'version' && page.target.version === version)) page.panel.dispose();
    }
  }

  dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    markdownRenderer.dispose();
    for (const page of [...this.pages.values()]) page.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
