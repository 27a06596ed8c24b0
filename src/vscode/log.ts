import * as vscode from 'vscode';

/** One LogOutputChannel for everything the extension does; secrets never go in. */
let channel: vscode.LogOutputChannel | undefined;

export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('MLflow Registry', { log: true });
  return channel;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
