import { join } from 'node:path';
import * as vscode from 'vscode';
import { createRegistryFile } from '../backends/sqlite/createRegistryFile';
import { parseModelFilter } from '../core/filter';
import { searchTextToFilter } from '../core/filter/searchText';
import { log } from '../vscode/log';
import { notAnSqliteFile } from '../registry/sqliteFileCheck';
import { setContext, setGroupBy as writeGroupBy, workspaceFolderPaths, type GroupBy } from '../vscode/config';
import { ask, info, pick, type PickItem } from '../vscode/ui';
import type { Handler } from './commandContext';
import { validationMessage } from './modelCommands';
import { argObject, need, optionalString } from './targets';

export const refresh: Handler = async (ctx) => {
  const session = ctx.manager.session;
  if (session) await session.refresh();
  else await ctx.manager.reload();
};

const OPEN = '\u0000open';
const CREATE = '\u0000create';
const AUTO = '\u0000auto';
const CONNECT = '\u0000connect';

export const selectRegistry: Handler = async (ctx, arg) => {
  const a = argObject(arg);
  let target = optionalString(a, 'uri') ?? optionalString(a, 'path');
  // The welcome view's "Open an mlflow.db…" goes straight to the file dialog.
  if (target === undefined && a.action === 'open') target = OPEN;
  if (target === undefined) {
    const found = await vscode.workspace.findFiles('**/mlflow.db', '**/node_modules/**', 50);
    const foundPaths = new Set(found.map((u) => u.fsPath));
    const saved = ctx.manager.saved().filter((e) => !foundPaths.has(e.uri));
    const items: PickItem<string>[] = [
      ...found.map((u) => ({ label: `$(database) ${vscode.workspace.asRelativePath(u)}`, description: u.fsPath, value: u.fsPath })),
      ...saved.map((e) => ({
        label: `${e.kind === 'remote' ? '$(remote)' : '$(database)'} ${e.uri}`,
        description:
          e.kind === 'remote'
            ? [
                e.auth === 'basic' ? vscode.l10n.t('as {0}', e.username ?? '') : e.auth === 'bearer' ? vscode.l10n.t('token') : '',
                ...(e.workspace ? [vscode.l10n.t('workspace {0}', e.workspace)] : []),
                ...(e.insecure ? [vscode.l10n.t('TLS not verified')] : []),
              ].join(' · ')
            : vscode.l10n.t('recent'),
        value: e.uri,
      })),
      { label: `$(folder-opened) ${vscode.l10n.t('Open an mlflow.db…')}`, value: OPEN },
      { label: `$(new-file) ${vscode.l10n.t('Create a new local registry…')}`, value: CREATE },
      { label: `$(remote) ${vscode.l10n.t('Connect to an MLflow server…')}`, value: CONNECT },
      {
        label: `$(discard) ${vscode.l10n.t('Use settings, environment and workspace')}`,
        description: vscode.l10n.t('forget the choice made here'),
        value: AUTO,
      },
    ];
    target = need(
      await pick(
        items,
        vscode.l10n.t('Select MLflow Registry'),
        ctx.manager.session ? vscode.l10n.t('Open now: {0}', ctx.manager.session.backend.location) : undefined,
      ),
    );
    if (target === CREATE) return vscode.commands.executeCommand('mlflowRegistry.createRegistry');
    if (target === CONNECT) return vscode.commands.executeCommand('mlflowRegistry.connectServer');
  }
  if (target === OPEN) {
    const chosen = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { [vscode.l10n.t('MLflow SQLite store (*.db)')]: ['db'] },
      openLabel: vscode.l10n.t('Open Registry'),
      title: vscode.l10n.t('Open an mlflow.db'),
    });
    target = need(chosen?.[0]?.fsPath);
    // A wrong pick is said with the file's name and changes nothing: the open registry (or the welcome view) stays.
    const problem = notAnSqliteFile(target);
    if (problem) throw new Error(problem);
  }
  if (target === AUTO) target = '';
  const state = await ctx.manager.select(target);
  return state.kind;
};

export const createRegistry: Handler = async (ctx, arg) => {
  let path = optionalString(argObject(arg), 'path');
  if (path === undefined) {
    const folder = workspaceFolderPaths()[0];
    const chosen = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.file(join(folder, 'mlflow.db')) : undefined,
      filters: { [vscode.l10n.t('MLflow SQLite store')]: ['db'] },
      saveLabel: vscode.l10n.t('Create Registry'),
      title: vscode.l10n.t('Create a new local MLflow registry'),
    });
    path = need(chosen?.fsPath);
  }
  createRegistryFile(ctx.manager.sqliteDriver(), path);
  log().info(`Created a new MLflow registry at ${path}`);
  await ctx.manager.select(path);
  void info(vscode.l10n.t('Created {0}. Point MLflow at it with MLFLOW_TRACKING_URI=sqlite:///{1}', path, path.startsWith('/') ? path.slice(1) : path));
  return path;
};

/** Filters use MLflow's own grammar (`name LIKE '%churn%'`, `tags.team = 'ml'`); plain words mean "name contains". */
const toFilter = searchTextToFilter;

export const search: Handler = async (ctx, arg) => {
  const a = argObject(arg);
  let filter = 'filter' in a ? (optionalString(a, 'filter') ?? '') : undefined;
  if (filter === undefined) {
    filter = need(
      await ask({
        title: vscode.l10n.t('Search Registered Models'),
        prompt: vscode.l10n.t("Words match names; or an MLflow filter such as name LIKE 'iris%' AND tags.team = 'vision'. Empty clears."),
        value: ctx.tree.filter ?? '',
        validate: validationMessage((v) => parseModelFilter(toFilter(v))),
      }),
    );
  }
  const compiled = toFilter(filter);
  parseModelFilter(compiled);
  ctx.tree.setFilter(compiled);
  await setContext('mlflowRegistry.searchActive', compiled !== '');
  ctx.treeView.message = compiled ? vscode.l10n.t('Filtered: {0}', compiled) : undefined;
  return compiled;
};

export const clearSearch: Handler = (ctx) => search(ctx, { filter: '' });

export const setGroupBy: Handler = async (ctx, arg) => {
  const requested = optionalString(argObject(arg), 'groupBy');
  if (requested !== undefined && !['stage', 'alias', 'flat'].includes(requested)) {
    throw new Error(`groupBy must be 'stage', 'alias' or 'flat', not '${requested}'.`);
  }
  const value =
    (requested as GroupBy | undefined) ??
    need(
      await pick<GroupBy>(
        [
          { label: vscode.l10n.t('Stage'), description: 'Production, Staging, None, Archived', value: 'stage' },
          { label: vscode.l10n.t('Alias'), description: '@champion, @challenger, …', value: 'alias' },
          { label: vscode.l10n.t('Flat'), description: vscode.l10n.t('all versions, newest first'), value: 'flat' },
        ],
        vscode.l10n.t('Group Versions By'),
      ),
    );
  await writeGroupBy(value);
  ctx.tree.setGroupBy(value);
  return value;
};

export const loadMore: Handler = async (ctx) => ctx.tree.loadMore();

export const showLog: Handler = () => {
  log().show();
  return Promise.resolve();
};
