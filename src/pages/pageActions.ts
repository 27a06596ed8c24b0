import * as vscode from 'vscode';
import { log } from '../vscode/log';
import type { RegisteredModel } from '../core/types';
import { isSafeLink } from './linkRules';
import type { FromPage, PageAction } from './messages';
import type { Page } from './page';

/** What an action does to the open pages: follows a rename, closes what was deleted. */
export interface OpenPages {
  retarget(oldName: string, newName: string): void;
  close(name: string, version?: string): void;
}

type ActionMessage = Extract<FromPage, { type: 'openLink' | 'copy' | 'run' }>;

const run = <T>(command: string, arg: Record<string, unknown>) => vscode.commands.executeCommand<T>(`mlflowRegistry.${command}`, arg);

/**
 * What a page's buttons and links do. Registry changes go through the public
 * commands with argument objects (the same code, prompts and errors as the
 * tree and palette); they act on the page's own model or version, never on
 * names the page sends.
 */
export async function runPageAction(pages: OpenPages, page: Page, msg: ActionMessage): Promise<void> {
  switch (msg.type) {
    case 'openLink':
      if (!isSafeLink(msg.href)) {
        log().warn(`A page asked to open a link that is not http(s); ignored.`);
        return;
      }
      await vscode.env.openExternal(vscode.Uri.parse(msg.href.trim(), true));
      return;
    case 'copy':
      await vscode.env.clipboard.writeText(msg.text);
      page.post({ type: 'copied', text: msg.text });
      return;
    case 'run':
      await runAction(pages, page, msg);
      return;
  }
}

async function runAction(pages: OpenPages, page: Page, action: PageAction): Promise<void> {
  const t = page.target;
  // A comparison page's buttons are messages of their own (compareDiff), never a registry action.
  if (t.kind === 'compare') return;
  if (t.kind === 'prompt') {
    // A prompt page offers these two only; anything else a message asks for is not on it.
    if (action.action === 'editTemplate') await run('registerPromptVersion', { name: t.name, basedOn: t.version });
    if (action.action === 'comparePrompt') await run('comparePromptVersions', { name: t.name, left: t.version });
    return;
  }
  const name = t.name;
  const self = t.kind === 'version' ? { name, version: t.version } : { name };
  // A model page's rows act on their version; the model is always the page's own.
  const version = t.kind === 'version' ? t.version : 'version' in action ? action.version : undefined;
  switch (action.action) {
    case 'editDescription':
      await run('openDescription', { ...self, beside: true });
      return;
    case 'setTag':
      await run('setTag', self);
      return;
    case 'deleteTag':
      await run('deleteTag', { ...self, key: action.key });
      return;
    case 'deleteAlias':
      await run('deleteAlias', { name, alias: action.alias });
      return;
    case 'renameModel': {
      const renamed = await run<RegisteredModel | undefined>('renameModel', { name });
      if (renamed && renamed.name !== name) pages.retarget(name, renamed.name);
      return;
    }
    case 'deleteModel':
      if ((await run<boolean | undefined>('deleteModel', { name })) === true) pages.close(name);
      return;
    case 'serve':
      await run('serveModel', { name, ...action.ref });
      return;
  }
  if (version === undefined) return; // the rest act on a version
  switch (action.action) {
    case 'transitionStage':
      await run('transitionStage', { name, version });
      return;
    case 'setAlias':
      await run('setAlias', { name, version });
      return;
    case 'deleteVersion':
      if ((await run<boolean | undefined>('deleteVersion', { name, version })) === true) pages.close(name, version);
      return;
    case 'copyVersion':
      await run('copyModelVersion', { name, version });
      return;
    case 'reveal':
      await reveal(page, action.which);
      return;
    case 'downloadModelFiles':
      await run('downloadModelFiles', { name, version });
      return;
  }
}

/** Shows a version's local folder in the Explorer (the path comes from the page's own data). */
async function reveal(page: Page, which: 'source' | 'storage'): Promise<void> {
  const data = page.content?.version;
  const loc = which === 'source' ? data?.source : data?.storage;
  if (!loc?.local || !loc.exists) return;
  const uri = vscode.Uri.file(loc.local);
  if (vscode.workspace.getWorkspaceFolder(uri)) {
    await vscode.commands.executeCommand('revealInExplorer', uri);
    return;
  }
  const copyPath = vscode.l10n.t('Copy Path');
  const addFolder = vscode.l10n.t('Add Folder to Workspace');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('{0} is outside the workspace, so the Explorer cannot show it.', loc.local),
    copyPath,
    addFolder,
  );
  if (choice === copyPath) await vscode.env.clipboard.writeText(loc.local);
  if (choice === addFolder) vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, { uri });
}
