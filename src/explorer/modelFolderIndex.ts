import { posix } from 'node:path';
import * as vscode from 'vscode';
import { errorText, log } from '../vscode/log';
import { setContext } from '../vscode/config';

/**
 * The context key the Explorer menu's `when` clause reads: `resourcePath in
 * mlflowRegistry.modelFolders`. It holds the model folders and the folders
 * above them whose only entry leads down to one: VS Code's compact folders
 * show such a chain as one row and pass whichever segment was clicked.
 */
export const MODEL_FOLDERS_KEY = 'mlflowRegistry.modelFolders';
/** Enough for any project; a workspace with more MLmodel files gets the menu on the first ones found. */
const MAX_FOLDERS = 20_000;
const PUBLISH_DELAY_MS = 150;

const EXCLUDE = '**/{node_modules,.git}/**';
/** Folders created at once (a model copied into mlruns) that are searched one by one; more means a rescan. */
const MAX_NEW_FOLDERS = 50;

/**
 * Keeps the list of workspace folders that hold an `MLmodel` file, as
 * `Uri.path` values (the Explorer's `resourcePath`), in a context key:
 * one `findFiles` at start, then a file watcher.
 *
 * The watcher takes every creation, not only MLmodel files: MLflow copies a
 * model's folder into mlruns in one go, and a file created in a folder that
 * was itself just created is not always reported. New folders are searched.
 */
export class ModelFolderIndex implements vscode.Disposable {
  private readonly folders = new Set<string>();
  /** Folders whose chain of only-child folders ends in a model folder. */
  private readonly chains = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private readonly created = new Map<string, vscode.Uri>();
  private createdTimer: NodeJS.Timeout | undefined;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.onCreate(uri)),
      watcher.onDidDelete((uri) => this.removeUnder(posix.basename(uri.path) === 'MLmodel' ? posix.dirname(uri.path) : uri.path)),
      // A folder deleted from the Explorer takes its models with it; the watcher only names MLmodel files.
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((uri) => this.removeUnder(uri.path))),
      vscode.workspace.onDidRenameFiles((e) => {
        for (const f of e.files) this.removeUnder(f.oldUri.path);
        if (e.files.length > 0) void this.rescan();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescan()),
    );
    void this.rescan();
  }

  /** The folders found so far and the chains above them (Uri.path form). */
  list(): string[] {
    return [...this.folders, ...this.chains];
  }

  has(folder: vscode.Uri): boolean {
    return this.folders.has(folder.path) || this.chains.has(folder.path);
  }

  /** Resolves once the first scan is done (tests wait on it). */
  ready(): Promise<void> {
    return this.scanning ?? Promise.resolve();
  }

  rescan(): Promise<void> {
    this.scanning = (async () => {
      try {
        const files = await vscode.workspace.findFiles('**/MLmodel', EXCLUDE, MAX_FOLDERS);
        this.folders.clear();
        this.chains.clear();
        for (const uri of files) this.folders.add(posix.dirname(uri.path));
        for (const uri of files) await this.addChainAbove(uri.with({ path: posix.dirname(uri.path) }));
        log().debug(`Found ${this.folders.size} MLflow model folder(s) in the workspace`);
        this.publish(true);
      } catch (e) {
        log().warn(`Looking for MLmodel files: ${errorText(e)}`);
      }
    })();
    return this.scanning;
  }

  /** A folder found stale when used (its MLmodel is gone). */
  forget(folder: vscode.Uri): void {
    this.removeUnder(folder.path);
  }

  /** Walks up from a model folder while each parent's only entry is the folder below it. */
  private async addChainAbove(folder: vscode.Uri): Promise<void> {
    const roots = new Set((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.path));
    for (let child = folder.path; ;) {
      const parent = posix.dirname(child);
      // A workspace folder's own row is never part of a compact row; nor is anything outside the workspace.
      if (parent === child || roots.has(parent) || this.chains.has(parent) || ![...roots].some((r) => parent.startsWith(`${r}/`))) return;
      let entries: [string, vscode.FileType][];
      try {
        entries = await vscode.workspace.fs.readDirectory(folder.with({ path: parent }));
      } catch {
        return;
      }
      if (entries.length !== 1 || !(entries[0][1] & vscode.FileType.Directory) || posix.join(parent, entries[0][0]) !== child) return;
      this.chains.add(parent);
      child = parent;
    }
  }

  /** A new entry beside a chain's folder breaks the chain from there up. */
  private breakChainAt(path: string): void {
    let changed = false;
    for (const c of this.chains) {
      if (c === path || path.startsWith(`${c}/`)) {
        this.chains.delete(c);
        changed = true;
      }
    }
    if (changed) this.publish();
  }

  private onCreate(uri: vscode.Uri): void {
    if (this.chains.has(posix.dirname(uri.path))) this.breakChainAt(posix.dirname(uri.path));
    if (posix.basename(uri.path) === 'MLmodel') {
      this.add(uri);
      return;
    }
    if (/\/(node_modules|\.git)(\/|$)/.test(uri.path)) return;
    this.created.set(uri.path, uri);
    clearTimeout(this.createdTimer);
    this.createdTimer = setTimeout(() => void this.searchCreated(), PUBLISH_DELAY_MS * 2);
  }

  /** New paths that are folders (only the topmost of each batch) are searched for MLmodel files. */
  private async searchCreated(): Promise<void> {
    const paths = [...this.created.keys()].sort((a, b) => a.length - b.length);
    const uris = new Map(this.created);
    this.created.clear();
    const top: vscode.Uri[] = [];
    for (const p of paths) if (!top.some((t) => p.startsWith(`${t.path}/`))) top.push(uris.get(p)!);
    const folders: vscode.Uri[] = [];
    for (const uri of top) {
      try {
        if ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) folders.push(uri);
      } catch {
        // gone again (a temp file)
      }
      if (folders.length > MAX_NEW_FOLDERS) return void this.rescan();
    }
    for (const folder of folders) {
      try {
        for (const f of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/MLmodel'), EXCLUDE, 1000)) this.add(f);
      } catch (e) {
        log().warn(`Looking for MLmodel files in ${folder.fsPath}: ${errorText(e)}`);
      }
    }
  }

  private add(mlmodel: vscode.Uri): void {
    const dir = posix.dirname(mlmodel.path);
    if (this.folders.has(dir) || this.folders.size >= MAX_FOLDERS) return;
    this.folders.add(dir);
    this.publish();
    void this.addChainAbove(mlmodel.with({ path: dir })).then(() => this.publish());
  }

  private removeUnder(path: string): void {
    let changed = false;
    const under = (f: string) => f === path || f.startsWith(path.endsWith('/') ? path : `${path}/`);
    for (const f of this.folders) {
      if (under(f)) {
        this.folders.delete(f);
        changed = true;
      }
    }
    // The chains below go with it, and the ones above it lead to nothing now.
    for (const c of this.chains) {
      if (under(c) || path.startsWith(`${c}/`)) {
        this.chains.delete(c);
        changed = true;
      }
    }
    if (changed) this.publish();
  }

  /** Batched: a training run writing many models updates the key once. */
  private publish(now = false): void {
    clearTimeout(this.timer);
    const send = () => void setContext(MODEL_FOLDERS_KEY, this.list());
    if (now) send();
    else this.timer = setTimeout(send, PUBLISH_DELAY_MS);
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.createdTimer);
    for (const d of this.disposables) d.dispose();
  }
}
