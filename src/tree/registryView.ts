import type * as vscode from 'vscode';
import type { RegistryManager } from '../vscode/registryManager';
import type { ModelsTreeProvider } from './modelsTreeProvider';

/** The open registry and the Models view that shows it: what commands and the models:/ features act on. */
export interface RegistryView {
  manager: RegistryManager;
  tree: ModelsTreeProvider;
  treeView: vscode.TreeView<unknown>;
}
