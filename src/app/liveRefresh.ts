import type * as vscode from 'vscode';
import type { RegistryManager } from '../vscode/registryManager';
import { errorText, log } from '../vscode/log';

/** Well inside the 2 s in which a change made by another process must show. */
const POLL_MS = 700;

/**
 * Watches for commits by other processes (a training script, `mlflow ui`)
 * through the backend's own cheap change check, and has the session announce
 * them. Writes made here announce themselves and are not seen again: the
 * check only reports other connections' commits (PRAGMA data_version).
 */
export function startLiveRefresh(manager: RegistryManager): vscode.Disposable {
  let busy = false;
  const check = async (): Promise<void> => {
    const session = manager.session;
    const backend = session?.backend;
    if (!session || !backend?.hasExternalChanges || busy) return;
    busy = true;
    try {
      if (await backend.hasExternalChanges()) {
        log().info('The registry was changed by another process; refreshing.');
        // Not awaited: the next poll does not wait for the views to read again.
        void session.refresh();
      }
    } catch (e) {
      log().warn(`Checking for changes: ${errorText(e)}`);
    } finally {
      busy = false;
    }
  };
  // setInterval ignores what its callback returns; check() handles its own errors.
  const timer = setInterval(() => void check(), POLL_MS);
  return { dispose: () => clearInterval(timer) };
}
