import { basename } from 'node:path';
import type * as vscode from 'vscode';
import type { RegistryManager, RegistryState } from '../vscode/registryManager';
import { describeSource } from '../registry/registrySource';

/** How the view's header names the open registry, short enough to stay readable in a narrow sidebar. */
export function registryLabel(state: RegistryState): string | undefined {
  switch (state.kind) {
    case 'open': {
      const source = state.session.source;
      return source.kind === 'sqlite' ? basename(source.path) : describeSource(source);
    }
    case 'error':
      return 'not opened';
    default:
      return undefined;
  }
}

/**
 * Keeps the view's title on the open registry (the status bar is easy to miss).
 * The title, not the description: with a registry open the Prompts view stands
 * below it, so the title heads the Models pane; alone (nothing open) the view
 * is merged with its container, whose header shows "MLflow Registry: <title>"
 * and no description at all.
 */
export function followRegistryInView(manager: RegistryManager, view: vscode.TreeView<unknown>, containerTitle: string): vscode.Disposable {
  const update = (state: RegistryState) => {
    view.title = registryLabel(state) ?? containerTitle;
  };
  update(manager.state);
  return manager.onDidChange(update);
}
