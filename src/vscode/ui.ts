import * as vscode from 'vscode';

/**
 * The few window calls the commands make, in one place: commands stay
 * readable, and every prompt has the same cancel semantics (undefined).
 */
export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
}

export function pick<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, title: string, placeHolder?: string): Promise<T | undefined> {
  return Promise.resolve(vscode.window.showQuickPick(items, { title, placeHolder, matchOnDescription: true, ignoreFocusOut: true })).then(
    (chosen) => chosen?.value,
  );
}

export function ask(options: {
  title: string;
  prompt?: string;
  value?: string;
  placeHolder?: string;
  password?: boolean;
  validate?: (value: string) => string | undefined;
}): Promise<string | undefined> {
  return Promise.resolve(
    vscode.window.showInputBox({
      title: options.title,
      prompt: options.prompt,
      value: options.value,
      placeHolder: options.placeHolder,
      ignoreFocusOut: true,
      password: options.password,
      validateInput: options.validate,
    }),
  );
}

/** A modal yes/no; true only when the user chose the action. */
export async function confirm(message: string, detail: string, action: string): Promise<boolean> {
  const chosen = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
  return chosen === action;
}

export function info(message: string, ...actions: string[]): Thenable<string | undefined> {
  return vscode.window.showInformationMessage(message, ...actions);
}

export function error(message: string, ...actions: string[]): Thenable<string | undefined> {
  return vscode.window.showErrorMessage(message, ...actions);
}

export function withProgress<T>(title: string, task: () => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, task));
}

export function copy(text: string): Thenable<void> {
  return vscode.env.clipboard.writeText(text);
}
