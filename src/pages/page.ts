import type * as vscode from 'vscode';
import type { RegistryIdentity } from '../registry/registryIdentity';
import type { SafeHtml } from './html';
import type { PageTarget, ToPage } from './messages';
import { compareKey } from './compareTarget';
import { VERSIONS_PAGE_SIZE } from './modelPage';
import type { PageContent } from './pageContent';

/** Pages are one per registry and target: the same model in two registries is two pages. */
export function targetKey(t: PageTarget, registry: RegistryIdentity | undefined): string {
  const r = registry?.key ?? '';
  if (t.kind === 'model') return `${r}\u0000model\u0000${t.name}`;
  if (t.kind === 'compare') return `${r}\u0000compare\u0000${compareKey(t.versions)}`;
  return `${r}\u0000${t.kind}\u0000${t.name}\u0000${t.version}`;
}

/** One open page: its panel, its registry, what it shows, and whether its script is listening. */
export class Page {
  ready = false;
  content: PageContent | undefined;
  /** What the panel shows now: the content framed with its registry (open or not). */
  shown: { title: string; body: SafeHtml } | undefined;
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
    /** Undefined only for a page restored from an older version's state, until a registry opens. */
    public registry: RegistryIdentity | undefined,
  ) {}

  get key(): string {
    return targetKey(this.target, this.registry);
  }

  post(message: ToPage): void {
    if (this.ready && !this.disposed) void this.panel.webview.postMessage(message);
  }
}
