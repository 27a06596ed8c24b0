import type * as vscode from 'vscode';
import { bindCommand, type CommandContext, type Handler } from './commandContext';
import { connectServer, forgetRegistry } from './connectCommands';
import { openDescription, openModel, openVersion } from './pageCommands';
import { comparePromptVersions, openPrompt, registerPromptVersion } from './promptPageCommands';
import { createModel, deleteModel, deleteTag, editDescription, renameModel, setTag } from './modelCommands';
import { clearSearch, createRegistry, loadMore, refresh, search, selectRegistry, setGroupBy, showLog } from './registryCommands';
import { serveModel } from './serveCommand';
import { serveFileStore } from './fileStoreCommand';
import {
  copyPromptUri,
  createPrompt,
  deletePromptAlias,
  deletePromptTag,
  deletePromptVersion,
  searchPrompts,
  setPromptAlias,
  setPromptTag,
} from './promptCommands';
import { downloadModelFiles } from './downloadCommand';
import { copyModelUri, deleteAlias, deleteVersion, registerModel, setAlias, transitionStage } from './versionCommands';
import { copyVersion } from './copyVersionCommand';
import { compareVersions } from './compareCommand';

/** Command IDs are public: keybindings and scripts name them (README lists their arguments). */
const COMMANDS: Record<string, Handler> = {
  'mlflowRegistry.refresh': refresh,
  'mlflowRegistry.selectRegistry': selectRegistry,
  'mlflowRegistry.createRegistry': createRegistry,
  'mlflowRegistry.connectServer': connectServer,
  'mlflowRegistry.forgetRegistry': forgetRegistry,
  'mlflowRegistry.search': search,
  'mlflowRegistry.clearSearch': clearSearch,
  'mlflowRegistry.setGroupBy': setGroupBy,
  'mlflowRegistry.createModel': createModel,
  'mlflowRegistry.registerModel': registerModel,
  'mlflowRegistry.transitionStage': transitionStage,
  'mlflowRegistry.setAlias': setAlias,
  'mlflowRegistry.deleteAlias': deleteAlias,
  'mlflowRegistry.renameModel': renameModel,
  'mlflowRegistry.editDescription': editDescription,
  'mlflowRegistry.setTag': setTag,
  'mlflowRegistry.deleteTag': deleteTag,
  'mlflowRegistry.deleteVersion': deleteVersion,
  'mlflowRegistry.deleteModel': deleteModel,
  'mlflowRegistry.copyModelUri': copyModelUri,
  'mlflowRegistry.serveModel': serveModel,
  'mlflowRegistry.serveFileStore': serveFileStore,
  'mlflowRegistry.loadMore': loadMore,
  'mlflowRegistry.showLog': showLog,
  'mlflowRegistry.openModel': openModel,
  'mlflowRegistry.openVersion': openVersion,
  'mlflowRegistry.openDescription': openDescription,
  'mlflowRegistry.searchPrompts': searchPrompts,
  'mlflowRegistry.createPrompt': createPrompt,
  'mlflowRegistry.setPromptAlias': setPromptAlias,
  'mlflowRegistry.deletePromptAlias': deletePromptAlias,
  'mlflowRegistry.setPromptTag': setPromptTag,
  'mlflowRegistry.deletePromptTag': deletePromptTag,
  'mlflowRegistry.deletePromptVersion': deletePromptVersion,
  'mlflowRegistry.copyPromptUri': copyPromptUri,
  'mlflowRegistry.copyModelVersion': copyVersion,
  'mlflowRegistry.openPrompt': openPrompt,
  'mlflowRegistry.comparePromptVersions': comparePromptVersions,
  'mlflowRegistry.registerPromptVersion': registerPromptVersion,
  'mlflowRegistry.downloadModelFiles': downloadModelFiles,
  'mlflowRegistry.compareVersions': compareVersions,
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, handler]) => bindCommand(ctx, id, handler));
}
