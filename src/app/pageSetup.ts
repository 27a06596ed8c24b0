import * as vscode from 'vscode';
import { DescriptionFileSystem } from '../descriptions/descriptionFs';
import { DESCRIPTION_SCHEME } from '../descriptions/descriptionUri';
import { PageManager } from '../pages/pageManager';
import type { RegistryView } from '../tree/registryView';

/** Model and version pages, and descriptions as editable documents (their commands are in the command table). */
export function setUpPages(extensionUri: vscode.Uri, ctx: RegistryView): { pages: PageManager; disposables: vscode.Disposable[] } {
  const pages = new PageManager(extensionUri, ctx.manager);
  const descriptions = new DescriptionFileSystem(ctx.manager);
  return {
    pages,
    disposables: [pages, descriptions, vscode.workspace.registerFileSystemProvider(DESCRIPTION_SCHEME, descriptions, { isCaseSensitive: true })],
  };
}
