import * as vscode from 'vscode';
import { REGISTRY_COPY_QUERY, type DescriptionTarget } from './descriptionUri';

/** What the choices need from the documents' file system. */
export interface RegistryTexts {
  /** The description as the registry holds it now. */
  registryText(uri: vscode.Uri): Promise<string>;
  /** Takes `text` as the registry's version of the document, so the next save is compared with it. */
  acceptRegistryText(uri: vscode.Uri, text: string): void;
}

/** The target as messages name it, in the user's language (the log keeps describeTarget's English). */
export function shownTarget(t: DescriptionTarget): string {
  return t.version !== undefined ? vscode.l10n.t('{0} version {1}', t.name, t.version) : t.name;
}

/**
 * A refused save: the description changed in the registry meanwhile. The user
 * compares (a diff of the registry's text and theirs; saving afterwards writes
 * theirs), overwrites on purpose, or takes the registry's text.
 */
export async function showConflict(fs: RegistryTexts, uri: vscode.Uri, target: DescriptionTarget): Promise<void> {
  const what = shownTarget(target);
  const COMPARE = vscode.l10n.t('Compare');
  const OVERWRITE = vscode.l10n.t('Overwrite');
  const DISCARD = vscode.l10n.t('Discard Mine');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('The description of {0} changed in the registry after you opened it. Your text was not saved, and nothing was lost.', what),
    COMPARE,
    OVERWRITE,
    DISCARD,
  );
  if (choice === COMPARE) {
    const registryCopy = uri.with({ query: REGISTRY_COPY_QUERY });
    fs.acceptRegistryText(uri, await fs.registryText(uri));
    await vscode.commands.executeCommand('vscode.diff', registryCopy, uri, vscode.l10n.t('{0}: in the registry ↔ yours (save to keep yours)', what));
  } else if (choice === OVERWRITE) {
    fs.acceptRegistryText(uri, await fs.registryText(uri));
    await vscode.workspace.save(uri);
  } else if (choice === DISCARD) {
    await vscode.window.showTextDocument(uri, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
}
