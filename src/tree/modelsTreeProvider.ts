import * as vscode from 'vscode';
import type { RegisteredModel } from '../core/types';
import { ModelListing } from '../registry/modelListing';
import type { RegistryManager } from '../vscode/registryManager';
import { errorText, log } from '../vscode/log';
import { onRegistryChange } from '../vscode/registryChanges';
import type { RegistryChange } from '../registry/registryEvents';
import { readSettings, type GroupBy } from '../vscode/config';
import { GroupNode, LoadMoreNode, MessageNode, ModelNode, VersionNode, type TreeContext, type TreeNode } from './nodes';
import { NodeTreeProvider } from './nodeTreeProvider';

/** Reveals tried after a write, each after the view fetched its rows again (or a second passed). */
const REVEAL_ATTEMPTS = 5;
const REVEAL_RETRY_MS = 1000;

/** A row that reads the registry again when clicked. */
function retryRow(tooltip: string): MessageNode {
  return new MessageNode(undefined, vscode.l10n.t('Retry'), 'info', { command: 'mlflowRegistry.refresh', title: vscode.l10n.t('Retry') }, tooltip, 'refresh');
}

/**
 * The models view. The first page is read as soon as a registry is open, in the
 * background while the view is hidden, so that showing the view answers from
 * memory (see ModelListing for how much, and what follows once it shows);
 * further pages on demand, and a write refreshes only the model it touched.
 */
export class ModelsTreeProvider extends NodeTreeProvider implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  /** Models whose count is being read in the background, and counts read but not yet redrawn. */
  private readonly counting = new Set<ModelNode>();
  private counted: ModelNode[] = [];
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  /** Fires after VS Code has been handed the top level, i.e. the view has rows to reveal into. */
  private readonly rootServed = new vscode.EventEmitter<void>();

  private nodes = new Map<string, ModelNode>();
  private order: string[] = [];
  private listing: ModelListing | undefined;
  private loaded = false;
  private loading: Promise<void> | undefined;
  private rootError: string | undefined;
  private filterText: string | undefined;
  private visible = true;
  /** Not shown since activation: the first page is read ahead, and nothing past it. */
  private unseen = false;
  private groupByValue: GroupBy = readSettings().groupBy;

  constructor(private readonly manager: RegistryManager) {
    super();
    this.subscriptions = [
      manager.onDidChange(() => {
        this.relist();
        this.readAhead();
      }),
      onRegistryChange(manager, (change) => this.follow(change)),
    ];
  }

  get filter(): string | undefined {
    return this.filterText;
  }

  get groupBy(): GroupBy {
    return this.groupByValue;
  }

  private context = (): TreeContext => {
    const session = this.manager.session;
    if (!session) throw new Error(vscode.l10n.t('No registry is open.'));
    return { session, groupBy: this.groupByValue };
  };

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    try {
      if (node) return await node.getChildren();
      this.shown();
      const rows = await this.rootChildren();
      setImmediate(() => this.rootServed.fire());
      return rows;
    } catch (e) {
      log().error(`Reading the registry: ${errorText(e)}`);
      return [new MessageNode(node, vscode.l10n.t('Could not read the registry: {0}', errorText(e)), 'error')];
    }
  }

  private async rootChildren(): Promise<TreeNode[]> {
    // While the registry opens the view waits, rather than flash the welcome view.
    const opening = this.manager.opening;
    if (opening) await opening;
    const state = this.manager.state;
    if (state.kind === 'none') return []; // the welcome view takes over
    if (state.kind === 'error') {
      return [
        new MessageNode(
          undefined,
          vscode.l10n.t('Could not open the registry: {0}', state.message),
          'error',
          undefined,
          vscode.l10n.t('{0}\n\nClick to show the log.', state.message),
        ),
        retryRow(vscode.l10n.t('Try to open the registry again.')),
        // Retrying cannot help when the wrong file was picked.
        new MessageNode(
          undefined,
          vscode.l10n.t('Switch Registry…'),
          'info',
          { command: 'mlflowRegistry.selectRegistry', title: vscode.l10n.t('Switch Registry') },
          vscode.l10n.t('Open another mlflow.db, create one, or connect to a server.'),
          'database',
        ),
      ];
    }
    if (!this.loaded) await this.loadFirst();
    if (this.rootError) {
      return [this.rootErrorNode(), retryRow(vscode.l10n.t('Read the registry again.'))];
    }
    const models = this.order.map((n) => this.nodes.get(n)!);
    if (models.length === 0) {
      return this.filterText
        ? [
            new MessageNode(
              undefined,
              vscode.l10n.t('No models match {0}', this.filterText),
              'info',
              { command: 'mlflowRegistry.search', title: vscode.l10n.t('Search'), arguments: [{ filter: '' }] },
              vscode.l10n.t('Click to clear the search.'),
            ),
          ]
        : [
            new MessageNode(undefined, vscode.l10n.t('No registered models yet. Create one…'), 'info', {
              command: 'mlflowRegistry.createModel',
              title: vscode.l10n.t('Create Model'),
            }),
          ];
    }
    this.prefetchCounts(models);
    return this.listing?.hasMore ? [...models, new LoadMoreNode(models.length)] : models;
  }

  /** The first page of the current search; the view asks for its rows once, however often it calls. */
  private loadFirst(): Promise<void> {
    this.loading ??= (async () => {
      const session = this.context().session;
      const listing = new ModelListing(session, this.filterText, session.listingSizes, (added) => {
        if (this.listing !== listing) return;
        for (const m of added) this.upsert(m);
        this.changed.fire(undefined);
      });
      this.listing = listing;
      if (this.unseen || !this.visible) listing.pause();
      try {
        await listing.first();
        if (this.listing !== listing) return;
        for (const m of listing.models) this.upsert(m);
        this.rootError = undefined;
      } catch (e) {
        if (this.listing !== listing) return;
        this.rootError = vscode.l10n.t('Could not list models: {0}', errorText(e));
        log().error(this.rootError);
      } finally {
        if (this.listing === listing) {
          this.loaded = true;
          this.loading = undefined;
        }
      }
    })();
    return this.loading;
  }

  private rootErrorNode(): MessageNode {
    return new MessageNode(undefined, this.rootError!, 'error');
  }

  private upsert(model: RegisteredModel): ModelNode {
    let node = this.nodes.get(model.name);
    if (node) {
      node.model = model;
    } else {
      node = new ModelNode(model, this.context);
      this.nodes.set(model.name, node);
      this.order.push(model.name);
    }
    return node;
  }

  /**
   * Version counts fill in after the first paint, as background reads (see
   * BackgroundReads), their redraws batched: the list itself never waits for them.
   */
  private prefetchCounts(models: ModelNode[]): void {
    const listing = this.listing;
    if (!listing || !this.visible) return;
    for (const node of models) {
      if (node.versionCount !== undefined || this.counting.has(node)) continue;
      this.counting.add(node);
      listing.countLater(node.name, (count) => {
        this.counting.delete(node);
        if (count !== undefined && this.nodes.get(node.name) === node && node.versionCount !== count) {
          node.versionCount = count;
          this.counted.push(node);
        }
        if (this.counted.length > 0 && (this.counted.length >= 25 || this.counting.size === 0)) this.changed.fire(this.counted.splice(0));
      });
    }
  }

  async loadMore(): Promise<void> {
    const listing = this.listing;
    if (!listing?.hasMore) return;
    try {
      const added = await listing.more();
      if (listing !== this.listing) return;
      for (const m of added) this.upsert(m);
    } catch (e) {
      if (listing !== this.listing) return;
      this.rootError = vscode.l10n.t('Could not list models: {0}', errorText(e));
      log().error(this.rootError);
    }
    this.changed.fire(undefined);
  }

  /**
   * A hidden view reads nothing in the background: what was queued is dropped,
   * and picked up again when the view shows.
   */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (!visible) {
      this.listing?.pause();
      return;
    }
    this.unseen = false;
    this.listing?.resume();
    this.prefetchCounts([...this.nodes.values()]);
  }

  /** The view was created hidden (the extension activated before anyone opened it). */
  startHidden(): void {
    this.unseen = true;
    this.readAhead();
  }

  /** The view asked for its rows: what was read ahead may grow now. */
  private shown(): void {
    if (!this.unseen) return;
    this.unseen = false;
    if (this.visible) this.listing?.resume();
  }

  /**
   * Until the view is first shown, the first page of each registry opened (and
   * nothing more) is read as a background read, so the click that shows it does
   * not wait for the registry. Dropped if the view asked first, or the registry
   * or search changed meanwhile. Not after a change in the registry: a training
   * script committing every second would have a hidden view read all the while.
   */
  private readAhead(): void {
    const session = this.manager.session;
    if (!session || !this.unseen || this.loaded || this.loading) return;
    const stale = (): boolean => !this.unseen || this.loaded || this.loading !== undefined || this.manager.session !== session;
    session.background.enqueue(async () => {
      if (!stale()) await this.loadFirst();
    }, stale);
  }

  /** Every row again, from the first page: a new registry, a new search, or a change that may touch any model. */
  private relist(): void {
    this.listing?.dispose();
    this.listing = undefined;
    this.loading = undefined;
    this.counting.clear();
    this.counted = [];
    this.nodes = new Map();
    this.order = [];
    this.loaded = false;
    this.rootError = undefined;
    this.changed.fire(undefined);
  }

  /**
   * After a change in the registry (its session has already forgotten what it
   * cached): one model's row and children when only that model changed and the
   * view lists it; otherwise the list itself, as a model may be new or gone.
   */
  private async follow(change: RegistryChange): Promise<void> {
    const session = this.manager.session;
    const node = change.model === undefined ? undefined : this.nodes.get(change.model);
    if (!session || !node) return this.relist();
    try {
      node.model = await session.backend.getRegisteredModel(node.name);
      // Counted before the row redraws: expanding it refills the count without
      // a redraw of its own, so a count that arrived later would never show.
      node.versionCount = await session.versionCount(node.name).catch(() => undefined);
      this.changed.fire(node);
    } catch {
      this.relist();
    }
  }

  findModel(name: string): ModelNode | undefined {
    return this.nodes.get(name);
  }

  /**
   * The node of one version, loading further pages of models and the model's
   * children as needed; undefined when the view does not list it (a search
   * hides the model, or it is gone).
   */
  async findVersionNode(name: string, version: string): Promise<VersionNode | undefined> {
    if (!this.manager.session) return undefined;
    if (!this.loaded) await this.loadFirst();
    // Bounded: a registry with thousands of models does not get read whole for one reveal.
    for (let page = 0; !this.nodes.has(name) && this.listing?.hasMore && page < 20; page++) await this.loadMore();
    const model = this.nodes.get(name);
    if (!model) return undefined;
    const search = async (nodes: TreeNode[]): Promise<VersionNode | undefined> => {
      for (const node of nodes) {
        if (node instanceof VersionNode && node.version.version === version) return node;
        if (node instanceof GroupNode) {
          const found = await search(node.getChildren());
          if (found) return found;
        }
      }
      return undefined;
    };
    return search(await model.getChildren());
  }

  /** Shows a version in the view (expanding its model and group) and selects it. */
  async revealVersion(view: vscode.TreeView<unknown>, name: string, version: string, options: { focus?: boolean } = {}): Promise<boolean> {
    // A write refreshes the list, so the view may still be fetching the rows the version sits
    // under; a reveal into rows it is about to replace selects nothing. Try again after each
    // fetch of the top level, a few times, until the view says the version is selected.
    for (let attempt = 0; attempt < REVEAL_ATTEMPTS; attempt++) {
      const node = await this.findVersionNode(name, version);
      if (!node) return false;
      const served = this.nextRootServed();
      if (!view.visible) {
        // A view that was never shown drops a reveal: show it, and wait until it has asked for
        // its top level (the Explorer is in front when Register Model… runs from it).
        await vscode.commands.executeCommand('mlflowRegistry.models.focus');
        await served.promise;
      }
      await view.reveal(node, { select: true, focus: options.focus ?? false, expand: false });
      if (view.selection.some((n) => n instanceof VersionNode && n.version.name === name && n.version.version === version)) {
        served.dispose();
        return true;
      }
      await Promise.race([served.promise, new Promise((r) => setTimeout(r, REVEAL_RETRY_MS))]);
      served.dispose();
    }
    return false;
  }

  /** Resolves at the view's next fetch of the top level. */
  private nextRootServed(): { promise: Promise<void>; dispose(): void } {
    let sub: vscode.Disposable | undefined;
    const promise = new Promise<void>((resolve) => {
      sub = this.rootServed.event(() => {
        sub?.dispose();
        resolve();
      });
    });
    return {
      promise,
      dispose: () => {
        sub?.dispose();
      },
    };
  }

  setFilter(filter: string | undefined): void {
    this.filterText = filter && filter.trim() !== '' ? filter.trim() : undefined;
    this.relist();
  }

  setGroupBy(groupBy: GroupBy): void {
    if (groupBy === this.groupByValue) return;
    this.groupByValue = groupBy;
    for (const node of this.nodes.values()) this.changed.fire(node);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.rootServed.dispose();
    this.changed.dispose();
  }
}
