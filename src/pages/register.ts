import * as vscode from 'vscode';
import type { CommandContext } from '../commands/commandContext';
import { registerPageCommands } from '../commands/pageCommands';
import { DescriptionFileSystem } from '../descriptions/descriptionFs';
import { DESCRIPTION_SCHEME } from '../descriptions/descriptionUri';
import { PageManager } from './panelManager';

/** Model and version pages, their commands, and descriptions as editable documents. */
export function registerPages(extensionUri: vscode.Uri, ctx: CommandContext): { pages: PageManager; disposables: vscode.Disposable[] } {
  const pages = new PageManager(extensionUri, ctx.manager);
  const descriptions = new DescriptionFileSystem(ctx.manager);
  return {
    pages,
    disposables: [
      pages,
      descriptions,
      vscode.workspace.registerFileSystemProvider(DESCRIPTION_SCHEME, descriptions, { isCaseSensitive: true }),
      ...registerPageCommands(ctx, pages),
    ],
  };
}
