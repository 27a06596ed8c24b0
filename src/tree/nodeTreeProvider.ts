import type * as vscode from 'vscode';
import type { TreeNode } from './nodes';

/**
 * What the Models and Prompts views answer alike: each node builds its own row,
 * knows its parent, and builds its tooltip only when the row is hovered (the
 * extension host parses every Markdown tooltip it is handed, and a first screen
 * of 100 rows paid for 100 nobody had looked at).
 */
export abstract class NodeTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  abstract readonly onDidChangeTreeData: vscode.Event<TreeNode | TreeNode[] | undefined>;
  abstract getChildren(node?: TreeNode): Promise<TreeNode[]>;

  getTreeItem(node: TreeNode): vscode.TreeItem | Promise<vscode.TreeItem> {
    return node.getTreeItem();
  }

  /** VS Code asks on hover, and only for a tooltip the row left undefined. */
  async resolveTreeItem(item: vscode.TreeItem, node: TreeNode): Promise<vscode.TreeItem> {
    item.tooltip ??= await node.tooltip();
    return item;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }
}
