import * as vscode from 'vscode';
import { errorText, log } from '../vscode/log';
import { fileStoreFolder, fileStoreServer } from '../registry/fileStore';
import { setContext, workspaceFolderPaths } from '../vscode/config';
import type { RegistryManager } from '../vscode/registryManager';
import type { Handler } from './commandContext';
import { argObject, optionalString, type CommandArg } from './targets';

/** The welcome view's when-clause key: the workspace has `./mlruns` and no mlflow.db. */
export const FILE_STORE_KEY = 'mlflowRegistry.fileStore';
const DEFAULT_PORT = 5000;
const STARTUP_DEADLINE_MS = 90_000;

/** Keeps the key in step with the registry state: the hint matters only while nothing is open. */
export function followFileStore(manager: RegistryManager): vscode.Disposable {
  const update = () => void setContext(FILE_STORE_KEY, manager.state.kind === 'none' && fileStoreFolder(workspaceFolderPaths()) !== undefined);
  update();
  return vscode.Disposable.from(manager.onDidChange(update), vscode.workspace.onDidChangeWorkspaceFolders(update));
}

async function waitForServer(url: string): Promise<boolean> {
  const deadline = Date.now() + STARTUP_DEADLINE_MS;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) })).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  return false;
}

/**
 * `{ folder?, port? }`: starts `mlflow server --backend-store-uri ./mlruns`
 * in a terminal in that folder, then connects to it once it answers.
 * Returns what was started; the connection follows in the background.
 */
export const serveFileStore: Handler = (_ctx, arg) => Promise.resolve().then(() => startFileStoreServer(arg));

function startFileStoreServer(arg: CommandArg): unknown {
  const a = argObject(arg);
  const folder = optionalString(a, 'folder') ?? fileStoreFolder(workspaceFolderPaths());
  if (folder === undefined) throw new Error(vscode.l10n.t('No workspace folder holds an mlruns folder without an mlflow.db.'));
  const port = a.port === undefined ? DEFAULT_PORT : Number(a.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`port must be a number from 1 to 65535, not '${String(a.port)}'.`);
  const server = fileStoreServer(port);
  const terminal = vscode.window.createTerminal({
    name: vscode.l10n.t('MLflow server ({0})', folder),
    shellPath: server.program,
    shellArgs: server.args,
    cwd: folder,
  });
  terminal.show(true);
  log().info(`Started ${server.program} ${server.args.join(' ')} in ${folder}`);
  void waitForServer(server.url).then(async (up) => {
    if (!up) {
      void vscode.window.showErrorMessage(vscode.l10n.t('The MLflow server did not answer at {0}; see its terminal (is mlflow installed?).', server.url));
      return;
    }
    try {
      await vscode.commands.executeCommand('mlflowRegistry.connectServer', { url: server.url, auth: 'none' });
    } catch (e) {
      log().error(`Connecting to ${server.url}: ${errorText(e)}`);
    }
  });
  return { folder, program: server.program, args: server.args, url: server.url, terminalName: terminal.name };
}
