import type * as vscode from 'vscode';
import type { RegistryChangeListener } from '../registry/registryEvents';
import type { RegistryManager } from './registryManager';

/**
 * Follows the change events of whichever registry is open: on a switch the
 * listener moves to the new session. The switch itself is the manager's
 * `onDidChange`; views that care subscribe to that as well.
 */
export function onRegistryChange(manager: RegistryManager, listener: RegistryChangeListener): vscode.Disposable {
  let current = manager.session?.onDidChange(listener);
  const switched = manager.onDidChange(() => {
    current?.dispose();
    current = manager.session?.onDidChange(listener);
  });
  return {
    dispose: () => {
      switched.dispose();
      current?.dispose();
    },
  };
}
