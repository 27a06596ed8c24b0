import * as vscode from 'vscode';
import { DescriptionFileSystem } from '../descriptions/descriptionFs';
import { DESCRIPTION_SCHEME } from '../descriptions/descriptionUri';
import { PageManager } from '../pages/pageManager';
import { PromptDocuments } from '../pages/promptDocuments';
import { PROMPT_SCHEME } from '../pages/promptUri';
import { VERSION_DOC_SCHEME, VersionDocuments } from '../pages/versionDocuments';
import type { RegistryView } from '../tree/registryView';

/** Model, version and prompt pages, and descriptions and prompt templates as documents (their commands are in the command table). */
export function setUpPages(extensionUri: vscode.Uri, ctx: RegistryView): { pages: PageManager; disposables: vscode.Disposable[] } {
  const pages = new PageManager(extensionUri, ctx.manager);
  const descriptions = new DescriptionFileSystem(ctx.manager);
  // A version saved from an editor shows on its page, beside the editor that stays open.
  const prompts = new PromptDocuments(ctx.manager, async (name, version) => {
    await pages.open({ kind: 'prompt', name, version }, { preserveFocus: true });
  });
  return {
    pages,
    disposables: [
      pages,
      descriptions,
      prompts,
      vscode.workspace.registerFileSystemProvider(DESCRIPTION_SCHEME, descriptions, { isCaseSensitive: true }),
      vscode.workspace.registerFileSystemProvider(PROMPT_SCHEME, prompts, { isCaseSensitive: true }),
      vscode.workspace.registerTextDocumentContentProvider(VERSION_DOC_SCHEME, new VersionDocuments(ctx.manager)),
    ],
  };
}
