import * as vscode from 'vscode';
import type { RegistryBackend } from '../core/backend';
import type { Prompt, PromptVersion } from '../core/prompts';
import type { PromptOperations } from '../core/promptApi';
import { PromiseCache } from '../core/promiseCache';
import type { RegistryChange } from '../registry/registryEvents';
import { setContext } from '../vscode/config';
import { errorText, log } from '../vscode/log';
import { onRegistryChange } from '../vscode/registryChanges';
import type { RegistryManager } from '../vscode/registryManager';
import { MessageNode, type TreeNode } from './nodes';
import { NodeTreeProvider } from './nodeTreeProvider';
import { PromptNode } from './promptNodes';

/** The context key of the prompt commands' menus: the open registry is one MLflow keeps prompts in. */
export const PROMPTS_KEY = 'mlflowRegistry.holdsPrompts';

/** The Prompts view and its provider, for the commands that search it. */
export interface PromptsView {
  tree: PromptsTreeProvider;
  treeView: vscode.TreeView<unknown>;
}

/** Pages of prompts read for the view (100 each); a registry with more is told to search. */
const MAX_PAGES = 10;
/** Prompts whose versions are read at once. */
const VERSION_READS = 4;

/**
 * The Prompts view: every prompt with its versions. A change to one model
 * reads the list again (one search) and only that prompt's versions; the
 * others' stay as read until their prompt changes, the user refreshes, or
 * another registry opens.
 */
export class PromptsTreeProvider extends NodeTreeProvider implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private rows: Promise<TreeNode[]> | undefined;
  /** Each prompt's versions as last read, by name, from the registry whose prompts `ops` are (a read still under way for another is not kept). */
  private cache: { ops?: PromptOperations; versions: PromiseCache<string, PromptVersion[]> } = { versions: new PromiseCache() };
  private filterText: string | undefined;

  constructor(private readonly manager: RegistryManager) {
    super();
    this.subscriptions = [manager.onDidChange(() => this.switched()), onRegistryChange(manager, (change) => this.reread(change))];
    void this.switched();
  }

  get filter(): string | undefined {
    return this.filterText;
  }

  setFilter(filter: string | undefined): void {
    this.filterText = filter?.trim() || undefined;
    this.reread();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.getChildren();
    this.rows ??= this.readRows();
    return this.rows;
  }

  /** Another registry (or none): nothing read before holds, and the prompt commands follow what this one holds. */
  private async switched(): Promise<void> {
    this.cache = { versions: new PromiseCache() };
    this.reread();
    const backend = this.manager.session?.backend;
    await this.holds(backend).catch(() => undefined);
  }

  /** Whether the registry holds prompts; the prompt commands' key follows each answer (asked once per session, and after a prompt write). */
  private async holds(backend: RegistryBackend | undefined): Promise<boolean> {
    const pending = backend?.prompts ? backend.prompts.holdsPrompts() : Promise.resolve(false);
    // A registry that could not say keeps the commands: they report its error themselves.
    const shown = await pending.catch(() => true);
    if (this.manager.session?.backend === backend) await setContext(PROMPTS_KEY, shown);
    return pending;
  }

  /** Forgets the rows, and the versions of what changed (all of them when the change names no model). */
  private reread(change?: RegistryChange): void {
    if (change?.model !== undefined) this.cache.versions.delete(change.model);
    else if (change) this.cache.versions.clear();
    this.rows = undefined;
    this.changed.fire(undefined);
  }

  private async readRows(): Promise<TreeNode[]> {
    const opening = this.manager.opening;
    if (opening) await opening;
    const backend = this.manager.session?.backend;
    if (!backend) return [];
    try {
      if (!backend.prompts || !(await this.holds(backend))) {
        return [
          new MessageNode(
            undefined,
            vscode.l10n.t('Prompts need MLflow 3'),
            'info',
            undefined,
            vscode.l10n.t('This registry predates MLflow 3 and holds no prompts.'),
          ),
        ];
      }
      const prompts = await this.listPrompts(backend.prompts);
      if (prompts.length === 0) return [this.emptyRow()];
      const versions = await this.versionsOf(backend.prompts, prompts);
      return prompts.map((p, i) => new PromptNode(p, versions[i]));
    } catch (e) {
      log().error(`Reading prompts: ${errorText(e)}`);
      return [new MessageNode(undefined, vscode.l10n.t('Could not list prompts: {0}', errorText(e)), 'error')];
    }
  }

  /** Each prompt's versions: as read before where nothing changed since, else a few reads at a time. */
  private async versionsOf(ops: PromptOperations, prompts: Prompt[]): Promise<(PromptVersion[] | undefined)[]> {
    if (this.cache.ops !== ops) this.cache = { ops, versions: new PromiseCache() };
    const cached = this.cache.versions;
    // A failed read is tried again on the next render, not kept (nor tried again in this one).
    const reads = new Map<string, Promise<PromptVersion[] | undefined>>();
    const read = (name: string, versions: Promise<PromptVersion[]>) => {
      const answer = readable(name, versions);
      reads.set(name, answer);
      return answer;
    };
    for (const p of prompts) {
      const known = cached.peek(p.name);
      if (known) void read(p.name, known);
    }
    const missing = prompts.filter((p) => !reads.has(p.name));
    for (let start = 0; start < missing.length; start += VERSION_READS) {
      await Promise.all(
        missing.slice(start, start + VERSION_READS).map((p) =>
          read(
            p.name,
            cached.get(p.name, () => ops.listPromptVersions(p.name)),
          ),
        ),
      );
    }
    return Promise.all(prompts.map((p) => reads.get(p.name) ?? Promise.resolve(undefined)));
  }

  private async listPrompts(ops: PromptOperations): Promise<Prompt[]> {
    const out: Prompt[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await ops.searchPrompts({ filter: this.filterText, pageToken });
      out.push(...result.items);
      pageToken = result.nextPageToken;
      if (!pageToken) break;
    }
    return out;
  }

  private emptyRow(): MessageNode {
    if (!this.filterText) return new MessageNode(undefined, vscode.l10n.t('No prompts in this registry'), 'info');
    return new MessageNode(
      undefined,
      vscode.l10n.t('No prompts match {0}', this.filterText),
      'info',
      { command: 'mlflowRegistry.searchPrompts', title: vscode.l10n.t('Search Prompts'), arguments: [{ filter: '' }] },
      vscode.l10n.t('Click to clear the search.'),
    );
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

/** A prompt's versions; undefined where the read failed (the row says so, and the next render reads again). */
function readable(name: string, versions: Promise<PromptVersion[]>): Promise<PromptVersion[] | undefined> {
  return versions.catch((e: unknown) => {
    log().error(`Reading the versions of prompt ${name}: ${errorText(e)}`);
    return undefined;
  });
}
