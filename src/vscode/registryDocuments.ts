import * as vscode from 'vscode';

/** What a document provider says when asked to do, through the file system, what only the registry does. */
export interface DocumentRefusals {
  createDirectory: string;
  delete: string;
  rename: string;
}

/**
 * The file system side of documents that stand for registry entities
 * (descriptions, prompt versions): changes come from the registry's change
 * events rather than from watching, folders list nothing, and creating,
 * deleting or renaming is refused with the provider's own sentence.
 */
export abstract class RegistryDocuments implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  protected readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly refusals: DocumentRefusals) {}

  abstract stat(uri: vscode.Uri): Promise<vscode.FileStat>;
  abstract readFile(uri: vscode.Uri): Promise<Uint8Array>;
  abstract writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void>;

  /** Editors of these documents without unsaved changes read them again. */
  protected changed(uris: vscode.Uri[]): void {
    if (uris.length > 0) this.emitter.fire(uris.map((uri) => ({ type: vscode.FileChangeType.Changed, uri })));
  }

  /** Whether an editor holds unsaved text of the document: its text is then the user's, not the registry's. */
  protected isDirty(uri: vscode.Uri): boolean {
    return vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.toString() === uri.toString());
  }

  watch(): vscode.Disposable {
    // Changes are announced from the registry session's change events.
    return new vscode.Disposable(() => undefined);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions(this.refusals.createDirectory);
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions(this.refusals.delete);
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions(this.refusals.rename);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}
