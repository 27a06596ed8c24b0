import * as vscode from 'vscode';
import type { SqlDriver } from '../backends/sqlite/driver/driver';
import { NoSqliteDriverError } from '../backends/sqlite/driver/loadDriver';
import { BackendOpener } from '../registry/openBackend';
import { RegistrySession } from '../registry/registrySession';
import { describeSource, resolveRegistrySource, type RegistrySource } from '../registry/registrySource';
import { readSettings, setContext, workspaceFolderPaths } from '../vscode/config';
import { errorText, log } from './log';

const SELECTED_KEY = 'mlflowRegistry.selected';

export type RegistryState =
  | { kind: 'none' }
  | { kind: 'open'; session: RegistrySession }
  | { kind: 'error'; source: RegistrySource; message: string; cause: unknown };

/**
 * Decides which registry is open (settings, the user's pick, MLflow's
 * environment, the workspace), opens it, and tells the views when that changes.
 */
export class RegistryManager implements vscode.Disposable {
  private readonly opener: BackendOpener;
  private current: RegistryState = { kind: 'none' };
  private readonly changed = new vscode.EventEmitter<RegistryState>();
  readonly onDidChange = this.changed.event;

  constructor(
    extensionRoot: string,
    private readonly workspaceState: vscode.Memento,
  ) {
    this.opener = new BackendOpener(extensionRoot);
  }

  get state(): RegistryState {
    return this.current;
  }

  get session(): RegistrySession | undefined {
    return this.current.kind === 'open' ? this.current.session : undefined;
  }

  sqliteDriver(): SqlDriver {
    return this.opener.sqliteDriver();
  }

  /** (Re)reads every input and opens what they point at. */
  async reload(): Promise<RegistryState> {
    const settings = readSettings();
    let source: RegistrySource;
    try {
      source = resolveRegistrySource({
        registryUriSetting: settings.registryUri,
        trackingUriSetting: settings.trackingUri,
        selected: this.workspaceState.get<string>(SELECTED_KEY),
        env: process.env,
        workspaceFolders: workspaceFolderPaths(),
      });
    } catch (e) {
      return this.setState({ kind: 'error', source: { kind: 'none' }, message: errorText(e), cause: e });
    }
    return this.openSource(source);
  }

  /** Remembers the user's choice for this workspace, then opens it. */
  async select(uriOrPath: string): Promise<RegistryState> {
    await this.workspaceState.update(SELECTED_KEY, uriOrPath);
    return this.reload();
  }

  private async openSource(source: RegistrySource): Promise<RegistryState> {
    await this.closeCurrent();
    if (source.kind === 'none') {
      log().info('No registry configured or found in the workspace.');
      return this.setState({ kind: 'none' });
    }
    try {
      const backend = this.opener.open(source);
      const access = backend.writeAccess();
      log().info(`Opened ${describeSource(source)} (${source.origin})${access.writable ? '' : `, read-only: ${access.reason}`}`);
      if (!access.writable) {
        void vscode.window.showWarningMessage(`MLflow registry ${describeSource(source)} is read-only: ${access.reason}.`);
      }
      return this.setState({ kind: 'open', session: new RegistrySession(source, backend) });
    } catch (e) {
      const message = errorText(e);
      log().error(`Could not open ${describeSource(source)} (${source.origin}): ${message}`);
      if (e instanceof NoSqliteDriverError) {
        void vscode.window.showErrorMessage(message, 'Show Log').then((a) => a && log().show());
      }
      return this.setState({ kind: 'error', source, message, cause: e });
    }
  }

  private setState(state: RegistryState): RegistryState {
    this.current = state;
    void setContext('mlflowRegistry.state', state.kind);
    this.changed.fire(state);
    return state;
  }

  private async closeCurrent(): Promise<void> {
    const session = this.session;
    this.current = { kind: 'none' };
    if (session) await session.close().catch((e) => log().warn(`Closing the registry: ${errorText(e)}`));
  }

  dispose(): void {
    void this.closeCurrent();
    this.changed.dispose();
  }
}
