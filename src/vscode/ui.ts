import * as vscode from 'vscode';

/**
 * The few window calls the commands make, in one place: commands stay
 * readable, and every prompt has the same cancel semantics (undefined).
 */
export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
}

/**
 * The window functions behind the helpers below. The extension-host tests
 * replace them (through the extension's API) to answer prompts and read
 * messages, so that a command's whole dialogue is exercised without a person.
 */
export const windowCalls = {
  showQuickPick: <T extends vscode.QuickPickItem>(items: T[] | Thenable<T[]>, options: vscode.QuickPickOptions): Thenable<T | undefined> =>
    vscode.window.showQuickPick(items, options),
  showInputBox: (options: vscode.InputBoxOptions): Thenable<string | undefined> => vscode.window.showInputBox(options),
  showWarningMessage: (message: string, options: vscode.MessageOptions, ...actions: string[]): Thenable<string | undefined> =>
    vscode.window.showWarningMessage(message, options, ...actions),
  showInformationMessage: (message: string, ...actions: string[]): Thenable<string | undefined> => vscode.window.showInformationMessage(message, ...actions),
  setStatusBarMessage: (text: string, hideAfterMs: number): vscode.Disposable => vscode.window.setStatusBarMessage(text, hideAfterMs),
};
export type WindowCalls = typeof windowCalls;

export function pick<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, title: string, placeHolder?: string): Promise<T | undefined> {
  return Promise.resolve(windowCalls.showQuickPick(items, { title, placeHolder, matchOnDescription: true, ignoreFocusOut: true })).then(
    (chosen) => chosen?.value,
  );
}

/** Several items; undefined when cancelled. */
export function pickMany<T>(items: PickItem<T>[] | Promise<PickItem<T>[]>, title: string, placeHolder?: string): Promise<T[] | undefined> {
  const options = { title, placeHolder, matchOnDescription: true, ignoreFocusOut: true, canPickMany: true };
  // With canPickMany VS Code answers with the list of chosen items.
  const chosen = windowCalls.showQuickPick(items, options) as Thenable<unknown> as Thenable<PickItem<T>[] | undefined>;
  return Promise.resolve(chosen).then((list) => list?.map((item) => item.value));
}

export function ask(options: {
  title: string;
  prompt?: string;
  value?: string;
  placeHolder?: string;
  password?: boolean;
  validate?: (value: string) => string | vscode.InputBoxValidationMessage | undefined | Promise<string | vscode.InputBoxValidationMessage | undefined>;
}): Promise<string | undefined> {
  return Promise.resolve(
    windowCalls.showInputBox({
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
  const chosen = await windowCalls.showWarningMessage(message, { modal: true, detail }, action);
  return chosen === action;
}

/**
 * A yes/no for a destructive action where Cancel is what Enter does: a modal
 * dialog always focuses its action button, so this is a Quick Pick whose
 * first, active row is Cancel.
 */
export async function confirmDestructive(title: string, consequence: string, action: string): Promise<boolean> {
  const chosen = await pick<boolean>(
    [
      { label: vscode.l10n.t('Cancel'), description: vscode.l10n.t('keep everything as it is'), value: false },
      { label: `$(trash) ${action}`, detail: consequence, value: true },
    ],
    title,
    vscode.l10n.t('Cancel is the default: choose the second row to go ahead'),
  );
  return chosen === true;
}

/**
 * Asks the user to type `expected` (as GitHub asks for a repository's name
 * before deleting it); true only when they did.
 */
export async function confirmByTyping(title: string, consequence: string, expected: string, what: string): Promise<boolean> {
  const typed = await ask({
    title,
    prompt: `${consequence} ${vscode.l10n.t('Type {0} "{1}" to confirm.', what, expected)}`,
    validate: (v) => (v === expected ? undefined : vscode.l10n.t('Type {0} "{1}" exactly to confirm, or press Escape to cancel.', what, expected)),
  });
  return typed === expected;
}

/** The short confirmation of a write, in the status bar, gone after a few seconds. */
export function status(text: string): void {
  windowCalls.setStatusBarMessage(`$(check) ${text}`, 5000);
}

export function info(message: string, ...actions: string[]): Thenable<string | undefined> {
  return windowCalls.showInformationMessage(message, ...actions);
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
