import * as vscode from 'vscode';
import { MlflowError } from '../core/errors';
import type { RegistryBackend } from '../core/backend';
import { errorText, log } from '../vscode/log';
import type { PageManager } from '../pages/pageManager';
import type { RegistryView } from '../tree/registryView';
import type { PromptsView } from '../tree/promptsTreeProvider';
import { error } from '../vscode/ui';
import { Cancelled, type CommandArg } from './targets';

export interface CommandContext extends RegistryView {
  pages: PageManager;
  prompts: PromptsView;
}

/** `more` is what VS Code passes after the first argument: a multi-selection tree's selected nodes. */
export type Handler = (ctx: CommandContext, arg: CommandArg, more?: unknown[]) => Promise<unknown>;

/** The open registry, or a message that says what to do about it. */
export function requireBackend(ctx: CommandContext): RegistryBackend {
  const state = ctx.manager.state;
  if (state.kind === 'open') return state.session.backend;
  throw new MlflowError(
    'INVALID_STATE',
    state.kind === 'error'
      ? vscode.l10n.t('The MLflow registry could not be opened: {0}', state.message)
      : vscode.l10n.t('No MLflow registry is open. Open an mlflow.db or create a new local registry first.'),
  );
}

/**
 * Binds a handler to a command ID, with the behaviour every command shares: a cancelled
 * prompt is silent; an error shows MLflow's message, goes to the log, and
 * changes nothing (the stores validate before they write). The handler's
 * result is the command's result, for scripts and keybindings.
 */
export function bindCommand(ctx: CommandContext, id: string, handler: Handler): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (arg?: CommandArg, ...more: unknown[]) => {
    try {
      log().debug(`${id} ${describeArg(arg)}`);
      return await handler(ctx, arg, more);
    } catch (e) {
      if (e instanceof Cancelled) return undefined;
      const message = errorText(e);
      log().error(`${id}: ${e instanceof MlflowError ? `${e.code}: ` : ''}${message}`);
      void error(message, vscode.l10n.t('Show Log')).then((a) => a && log().show());
      return undefined;
    }
  });
}

const SECRET_KEYS = new Set(['password', 'token', 'secret']);

function describeArg(arg: CommandArg): string {
  if (arg === undefined) return '(palette)';
  if (arg && typeof arg === 'object' && 'getTreeItem' in arg) return `(tree: ${arg.constructor.name})`;
  try {
    // Arguments may carry a password or token (connectServer): those never reach the log.
    return JSON.stringify(arg, (key: string, value: unknown): unknown => (SECRET_KEYS.has(key) ? '***' : value)).slice(0, 200);
  } catch {
    return '(argument)';
  }
}
