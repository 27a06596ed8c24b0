import { basename } from 'node:path';
import type * as vscode from 'vscode';
import type { RegistryManager, RegistryState } from '../vscode/registryManager';
import { describeSource } from '../registry/registrySource';

/** What the view's header says beside "Models": the open registry, short enough to stay readable in a narrow sidebar. */
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

/** Keeps the Models view's description on the open registry (the status bar is easy to miss). */
export function followRegistryInView(manager: RegistryManager, view: vscode.TreeView<unknown>): vscode.Disposable {
  const update = (state: RegistryState) => {
    view.description = registryLabel(state);
  };
  update(manager.state);
  return manager.onDidChange(update);
}
