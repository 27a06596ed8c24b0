import * as vscode from 'vscode';
import { parseVersion } from '../core/validation';
import { descriptionUri } from '../descriptions/descriptionFs';
import { requireBackend, type Handler } from './commandContext';
import { argObject, modelOrVersionTarget, modelTarget, versionTarget, type CommandArg } from './targets';

const preserveFocus = (arg: CommandArg) => argObject(arg).preserveFocus === true;

/** True while one of the model or version pages is the active editor. */
function pageIsActive(): boolean {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputWebview && /mlflowRegistry\.(model|version)$/.test(input.viewType);
}

/** `{ name, preserveFocus? }` → the page's target. */
export const openModel: Handler = async (ctx, arg) => {
  const name = await modelTarget(arg, requireBackend(ctx), vscode.l10n.t('Open Model Page'));
  const page = await ctx.pages.open({ kind: 'model', name }, { preserveFocus: preserveFocus(arg) });
  return page.target;
};

/** `{ name, version, preserveFocus? }` → the page's target. */
export const openVersion: Handler = async (ctx, arg) => {
  const { name, version } = await versionTarget(arg, requireBackend(ctx), vscode.l10n.t('Open Version Page'));
  const page = await ctx.pages.open({ kind: 'version', name, version: String(parseVersion(version)) }, { preserveFocus: preserveFocus(arg) });
  return page.target;
};

/** `{ name, version?, beside? }` → the document's URI, as a string. From a page, it opens beside it: the page shows each save. */
export const openDescription: Handler = async (ctx, arg) => {
  const backend = requireBackend(ctx);
  // The registry open when the command started: the document belongs to it, whatever opens meanwhile.
  const registry = ctx.manager.session!.identity.key;
  const target = await modelOrVersionTarget(arg, backend, vscode.l10n.t('Edit Description in Editor'));
  const uri = descriptionUri(
    registry,
    target.version !== undefined ? { name: target.name, version: String(parseVersion(target.version)) } : { name: target.name },
  );
  const doc = await vscode.workspace.openTextDocument(uri);
  const beside = argObject(arg).beside === true || pageIsActive();
  await vscode.window.showTextDocument(doc, { preview: false, viewColumn: beside ? vscode.ViewColumn.Beside : undefined });
  return uri.toString();
};
