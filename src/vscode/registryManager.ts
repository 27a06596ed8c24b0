import * as vscode from 'vscode';
import type { SqlDriver } from '../backends/sqlite/driver/driver';
import { NoSqliteDriverError } from '../backends/sqlite/driver/loadDriver';
import { isMlflowError } from '../core/errors';
import { BackendOpener, type RemoteDetails } from '../registry/openBackend';
import { RegistrySession } from '../registry/registrySession';
import { describeSource, resolveRegistrySource, type RegistrySource } from '../registry/registrySource';
import { remember, remoteId, secretKey, type SavedRegistry } from '../registry/savedRegistries';
import { readSettings, setContext, workspaceFolderPaths } from './config';
import { errorText, log } from './log';
import { signInFailure } from './signInMessages';

const SELECTED_KEY = 'mlflowRegistry.selected';
const SAVED_KEY = 'mlflowRegistry.savedRegistries';

export type RegistryState =
  { kind: 'none' } | { kind: 'open'; session: RegistrySession } | { kind: 'error'; source: RegistrySource; message: string; cause: unknown };

/**
 * Decides which registry is open (settings, the user's pick, MLflow's
 * environment, the workspace), opens it, remembers the registries used, and
 * tells the views when that changes. Secrets go to SecretStorage only.
 */
export class RegistryManager implements vscode.Disposable {
  private readonly opener: BackendOpener;
  private current: RegistryState = { kind: 'none' };
  private readonly changed = new vscode.EventEmitter<RegistryState>();
  readonly onDidChange = this.changed.event;
  private generation = 0;
  private driverNoticeLogged = false;
  private pendingOpen: Promise<RegistryState> | undefined;

  constructor(
    extensionRoot: string,
    private readonly workspaceState: vscode.Memento,
    private readonly globalState: vscode.Memento,
    private readonly secrets: vscode.SecretStorage,
  ) {
    this.opener = new BackendOpener(extensionRoot);
  }

  get state(): RegistryState {
    return this.current;
  }

  get session(): RegistrySession | undefined {
    return this.current.kind === 'open' ? this.current.session : undefined;
  }

  /**
   * Settles once the registry being opened is open or has failed; undefined when none is
   * being opened. The Models view waits for it rather than show the welcome view meanwhile.
   */
  get opening(): Promise<RegistryState> | undefined {
    return this.pendingOpen;
  }

  sqliteDriver(): SqlDriver {
    return this.opener.sqliteDriver();
  }

  saved(): SavedRegistry[] {
    return this.globalState.get<SavedRegistry[]>(SAVED_KEY, []);
  }

  async save(entry: SavedRegistry, secret?: string): Promise<void> {
    if (secret !== undefined) await this.secrets.store(secretKey(entry.id), secret);
    await this.globalState.update(SAVED_KEY, remember(this.saved(), entry));
  }

  async forgetSaved(id: string): Promise<void> {
    await this.secrets.delete(secretKey(id));
    await this.globalState.update(
      SAVED_KEY,
      this.saved().filter((e) => e.id !== id),
    );
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

  private async remoteDetails(url: string): Promise<RemoteDetails> {
    const { timeoutSeconds, maxRetries } = readSettings().http;
    const saved = this.saved().find((e) => e.kind === 'remote' && e.uri === remoteId(url));
    const secret = saved && saved.auth !== 'none' ? await this.secrets.get(secretKey(saved.id)) : undefined;
    return { saved, secret, timeoutMs: timeoutSeconds * 1000, maxRetries };
  }

  private openSource(source: RegistrySource): Promise<RegistryState> {
    const open = this.openNow(source);
    this.pendingOpen = open;
    const settled = (): void => {
      if (this.pendingOpen === open) this.pendingOpen = undefined;
    };
    open.then(settled, settled);
    return open;
  }

  private async openNow(source: RegistrySource): Promise<RegistryState> {
    const generation = ++this.generation;
    await this.closeCurrent();
    if (source.kind === 'none') {
      log().info('No registry configured or found in the workspace.');
      return this.setState({ kind: 'none' });
    }
    let details: RemoteDetails = {};
    try {
      details = source.kind === 'remote' ? await this.remoteDetails(source.url) : {};
      const backend = await this.opener.open(source, details);
      if (generation !== this.generation) {
        // Another selection won the race while this one connected.
        await backend.close();
        return this.current;
      }
      const access = backend.writeAccess();
      log().info(`Opened ${describeSource(source)} (${source.origin})${access.writable ? '' : `, read-only: ${access.reason}`}`);
      if (!access.writable) {
        void vscode.window.showWarningMessage(vscode.l10n.t('MLflow registry {0} is read-only: {1}.', describeSource(source), access.reason ?? ''));
      }
      if (details.saved?.insecure) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t(
            'TLS certificate verification is OFF for {0}, as you asked. Anyone on the network path could read or change what is sent.',
            describeSource(source),
          ),
        );
      }
      if (source.kind === 'sqlite') {
        this.logDriverNotice();
        await this.globalState.update(SAVED_KEY, remember(this.saved(), { id: source.path, kind: 'sqlite', uri: source.path, lastUsed: Date.now() }));
      }
      return this.setState({ kind: 'open', session: new RegistrySession(source, backend, details.saved?.insecure === true, details.saved?.workspace) });
    } catch (e) {
      if (generation !== this.generation) return this.current;
      const message = errorText(e);
      log().error(`Could not open ${describeSource(source)} (${source.origin}): ${message}`);
      if (e instanceof NoSqliteDriverError) {
        void vscode.window.showErrorMessage(message, vscode.l10n.t('Show Log')).then((a) => a && log().show());
      }
      if (source.kind === 'remote' && (isMlflowError(e, 'UNAUTHENTICATED') || isMlflowError(e, 'PERMISSION_DENIED'))) {
        // Saved credentials that stopped working: say so, rather than advise MLflow's environment variables.
        const { saved, secret } = details;
        const shown = (saved && secret !== undefined && signInFailure(e, describeSource(source), saved.auth, saved.username, true)) || message;
        void vscode.window.showErrorMessage(shown, vscode.l10n.t('Sign in again')).then((a) => {
          if (a) void vscode.commands.executeCommand('mlflowRegistry.connectServer', { url: source.url });
        });
      }
      return this.setState({ kind: 'error', source, message, cause: e });
    }
  }

  /** Once per session: Node's note about the driver goes to our log, not the host's stderr. */
  private logDriverNotice(): void {
    const notice = this.opener.sqliteDriver().loadNotice;
    if (notice && !this.driverNoticeLogged) log().info(`SQLite driver ${this.opener.sqliteDriver().name}: ${notice}`);
    this.driverNoticeLogged = true;
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
