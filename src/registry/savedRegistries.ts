/**
 * Registries the user connected to or opened, kept across sessions so the
 * status bar can switch between them. Secrets (passwords, tokens) are never
 * part of this record: they live in VS Code's SecretStorage under `secretKey`.
 */
export type AuthKind = 'none' | 'basic' | 'bearer';

export interface SavedRegistry {
  /** Stable key: the URL (without credentials) or the file path. */
  id: string;
  kind: 'sqlite' | 'remote';
  /** A path for sqlite, an http(s) URL without credentials for remote. */
  uri: string;
  auth?: AuthKind;
  username?: string;
  /** MLflow 3.10+ workspace, sent as X-MLFLOW-WORKSPACE. */
  workspace?: string;
  caCertPath?: string;
  clientCertPath?: string;
  /** Skip TLS verification: only ever set by an explicit choice, and shown as a warning. */
  insecure?: boolean;
  lastUsed: number;
}

export const secretKey = (id: string): string => `mlflowRegistry.secret:${id}`;

/** The URL with any `user:password@` removed: what may be shown, logged or stored. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, url.endsWith('/') ? '/' : '');
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}

export function remoteId(url: string, workspace?: string): string {
  const clean = redactUrl(url).replace(/\/+$/, '');
  return workspace ? `${clean}#${workspace}` : clean;
}

/** Most recent first, one entry per id, at most `limit`. */
export function remember(list: readonly SavedRegistry[], entry: SavedRegistry, limit = 20): SavedRegistry[] {
  return [entry, ...list.filter((e) => e.id !== entry.id)].slice(0, limit);
}

export function forget(list: readonly SavedRegistry[], id: string): SavedRegistry[] {
  return list.filter((e) => e.id !== id);
}
