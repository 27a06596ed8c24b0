import * as vscode from 'vscode';
import { startLiveRefresh } from './app/liveRefresh';
import { useTranslator } from './core/l10n';
import { log } from './vscode/log';
import { RegistryManager } from './vscode/registryManager';
import { createStatusBar } from './app/statusBar';
import { exposesTestApi } from './app/testApi';
import { registerCommands } from './commands';
import { followFileStore } from './commands/fileStoreCommand';
import { ModelFolderIndex } from './explorer/modelFolderIndex';
import { ModelUriFeatures } from './language/modelUriFeatures';
import type { PageManager } from './pages/pageManager';
import { setUpPages } from './app/pageSetup';
import { ModelsTreeProvider } from './tree/modelsTreeProvider';
import { PromptsTreeProvider } from './tree/promptsTreeProvider';
import { followRegistryInView } from './tree/viewDescription';
import type { TreeNode } from './tree/nodes';
import { affectsGroupBy, affectsRegistry, readSettings } from './vscode/config';
import { windowCalls, type WindowCalls } from './vscode/ui';

/** What the test suites reach after activation; undefined outside tests (see exposesTestApi). */
export interface ExtensionApi {
  manager: RegistryManager;
  tree: ModelsTreeProvider;
  /** The Prompts view's provider. */
  promptsTree: PromptsTreeProvider;
  /** How long activate() took, for `npm run bench`. */
  activationMs: number;
  /** Where this extension's logs are written (the tests read them). */
  logDir: string;
  /** Folders holding an MLmodel (the Explorer's "Register Model…"). */
  modelFolders: ModelFolderIndex;
  /** models:/ URIs in Python code. */
  modelUris: ModelUriFeatures;
  /** The model and version pages (webviews). */
  pages: PageManager;
  /** The window calls behind every prompt and message; the extension-host tests answer prompts by replacing them. */
  ui: WindowCalls;
}

export function activate(context: vscode.ExtensionContext): ExtensionApi | undefined {
  const started = performance.now();
  // Before any row, page or hover is worded: text below the VS Code layer
  // (ages, page text) is then in VS Code's display language.
  useTranslator(vscode.l10n.t, vscode.env.language);
  const manager = new RegistryManager(context.extensionUri.fsPath, context.workspaceState, context.globalState, context.secrets);
  const tree = new ModelsTreeProvider(manager);
  // No Collapse All button (models start collapsed), and Create Model sits in the "…" menu:
  // the header keeps room for "MLflow Registry: mlflow.db" in a default-width sidebar.
  // canSelectMany: Compare Versions takes the selected version rows; context-menu commands get the clicked row.
  const treeView = vscode.window.createTreeView<TreeNode>('mlflowRegistry.models', { treeDataProvider: tree, canSelectMany: true });
  // Activated at startup, before anyone opens the view: it reads its first page ahead.
  if (!treeView.visible) tree.startHidden();
  const registryView = { manager, tree, treeView: treeView as vscode.TreeView<unknown> };
  const modelFolders = new ModelFolderIndex();
  const modelUris = new ModelUriFeatures(registryView);
  const pages = setUpPages(context.extensionUri, registryView);
  const promptsTree = new PromptsTreeProvider(manager);
  const promptsView = vscode.window.createTreeView<TreeNode>('mlflowRegistry.prompts', { treeDataProvider: promptsTree });
  const commandContext = { ...registryView, pages: pages.pages, prompts: { tree: promptsTree, treeView: promptsView as vscode.TreeView<unknown> } };

  context.subscriptions.push(
    log(),
    manager,
    tree,
    treeView,
    treeView.onDidChangeVisibility((e) => tree.setVisible(e.visible)),
    followRegistryInView(manager, treeView, vscode.l10n.t('MLflow Registry')),
    createStatusBar(manager),
    followFileStore(manager),
    promptsTree,
    promptsView,
    ...registerCommands(commandContext),
    modelFolders,
    modelUris,
    ...pages.disposables,
    startLiveRefresh(manager),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsRegistry(e)) void manager.reload();
      if (affectsGroupBy(e)) tree.setGroupBy(readSettings().groupBy);
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      if (manager.state.kind !== 'open') void manager.reload();
    }),
  );

  // Opening the registry must not hold up activation; the tree waits for it.
  void manager.reload();
  const activationMs = performance.now() - started;
  log().info(`Activated in ${activationMs.toFixed(1)} ms`);
  if (!exposesTestApi(context.extensionMode === vscode.ExtensionMode.Test)) return undefined;
  return { manager, tree, promptsTree, activationMs, logDir: context.logUri.fsPath, modelFolders, modelUris, pages: pages.pages, ui: windowCalls };
}

export function deactivate(): void {
  // Disposables in context.subscriptions close the registry.
}
