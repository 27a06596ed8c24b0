import * as vscode from 'vscode';

export type GroupBy = 'stage' | 'alias' | 'flat';
const SECTION = 'mlflowRegistry';

export interface Settings {
  trackingUri?: string;
  registryUri?: string;
  groupBy: GroupBy;
  http: { timeoutSeconds: number; maxRetries: number };
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const groupBy = c.get<string>('groupBy', 'stage');
  return {
    trackingUri: c.get<string>('trackingUri') || undefined,
    registryUri: c.get<string>('registryUri') || undefined,
    groupBy: groupBy === 'alias' || groupBy === 'flat' ? groupBy : 'stage',
    http: {
      timeoutSeconds: Math.max(1, c.get<number>('http.timeoutSeconds', 30)),
      maxRetries: Math.max(0, Math.floor(c.get<number>('http.maxRetries', 3))),
    },
  };
}

/**
 * The mlflow executable chosen in user (machine) settings. The setting is machine-scoped
 * in package.json, and only the global value is read: a workspace must never pick an
 * executable for the user.
 */
export function readMlflowPath(): string | undefined {
  const value = vscode.workspace.getConfiguration(SECTION).inspect<string>('serve.mlflowPath')?.globalValue;
  return value && value.trim() !== '' ? value.trim() : undefined;
}

export function affectsRegistry(e: vscode.ConfigurationChangeEvent): boolean {
  return ['trackingUri', 'registryUri', 'http'].some((k) => e.affectsConfiguration(`${SECTION}.${k}`));
}

/** The raw `pages.remoteImages` value; src/pages/remoteImages.ts reads it as ask (the default), always or never. */
export function readRemoteImagesValue(): unknown {
  return vscode.workspace.getConfiguration(SECTION).get('pages.remoteImages');
}

export function affectsRemoteImages(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.pages.remoteImages`);
}

export function affectsGroupBy(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.groupBy`);
}

export function setGroupBy(value: GroupBy): Thenable<void> {
  return vscode.workspace.getConfiguration(SECTION).update('groupBy', value, vscode.ConfigurationTarget.Global);
}

export function workspaceFolderPaths(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

export function setContext(key: string, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
