import * as vscode from 'vscode';
import type { Prompt, PromptVersion } from '../core/prompts';
import type { PromptOperations } from '../core/promptApi';
import { holdsPrompts } from '../registry/promptSupport';
import { setContext } from '../vscode/config';
import { errorText, log } from '../vscode/log';
import { onRegistryChange } from '../vscode/registryChanges';
import type { RegistryManager } from '../vscode/registryManager';
import { MessageNode, type TreeNode } from './nodes';
import { PromptNode } from './promptNodes';

/** The context key that shows the Prompts view: the open registry is one MLflow keeps prompts in. */
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
 * The Prompts view: every prompt with its versions, read again whenever the
 * open registry announces a change (prompts are few, and a prompt write is
 * several model writes; one re-read covers them all).
 */
export class PromptsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  private rows: Promise<TreeNode[]> | undefined;
  private filterText: string | undefined;

  constructor(private readonly manager: RegistryManager) {
    this.subscriptions = [manager.onDidChange(() => this.reread()), onRegistryChange(manager, () => this.reread())];
    void this.reread();
  }

  get filter(): string | undefined {
    return this.filterText;
  }

  setFilter(filter: string | undefined): Promise<void> {
    this.filterText = filter?.trim() || undefined;
    return this.reread();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem | Promise<vscode.TreeItem> {
    return node.getTreeItem();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.getChildren();
    this.rows ??= this.readRows();
    return this.rows;
  }

  /** Forgets the rows and, before the change's write resolves, says whether the view shows at all. */
  private async reread(): Promise<void> {
    this.rows = undefined;
    this.changed.fire(undefined);
    const backend = this.manager.session?.backend;
    const holds = backend ? await holdsPrompts(backend).catch(() => true) : false;
    if (this.manager.session?.backend === backend) await setContext(PROMPTS_KEY, holds);
  }

  private async readRows(): Promise<TreeNode[]> {
    const opening = this.manager.opening;
    if (opening) await opening;
    const backend = this.manager.session?.backend;
    if (!backend) return [];
    try {
      if (!(await holdsPrompts(backend)) || !backend.prompts) {
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
      const versions = await readVersions(backend.prompts, prompts);
      return prompts.map((p, i) => new PromptNode(p, versions[i]));
    } catch (e) {
      log().error(`Reading prompts: ${errorText(e)}`);
      return [new MessageNode(undefined, vscode.l10n.t('Could not list prompts: {0}', errorText(e)), 'error')];
    }
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

/** Each prompt's versions, a few reads at a time; undefined where the read failed (the row says so). */
async function readVersions(ops: PromptOperations, prompts: Prompt[]): Promise<(PromptVersion[] | undefined)[]> {
  const out: (PromptVersion[] | undefined)[] = [];
  for (let i = 0; i < prompts.length; i += VERSION_READS) {
    const batch = prompts.slice(i, i + VERSION_READS).map((p) =>
      ops.listPromptVersions(p.name).catch((e: unknown) => {
        log().error(`Reading the versions of prompt ${p.name}: ${errorText(e)}`);
        return undefined;
      }),
    );
    out.push(...(await Promise.all(batch)));
  }
  return out;
}
