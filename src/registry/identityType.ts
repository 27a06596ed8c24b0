/* No imports: the webview script's type-check (tsconfig.page.json) reads this through pages/messages.ts. */

/**
 * Which registry a page or a description document belongs to. The key is
 * stable across sessions (it goes into description URIs and page state); the
 * labels name it for people; `reopen` is what Select Registry takes to open it
 * again. None of it carries credentials. No vscode import.
 */
export interface RegistryIdentity {
  key: string;
  /** The full name: a file path, or a server URL (and workspace). */
  label: string;
  /** A short name for tab titles: `folder/mlflow.db`, or the server's host. */
  short: string;
  /** A path or a URL for `mlflowRegistry.selectRegistry`. */
  reopen: string;
}
