import * as vscode from 'vscode';
import { log } from '../vscode/log';
import type { CommandContext } from '../commands/commandContext';

/** The version page's command (issue 5); when it is not there, the tree reveals the version instead. */
export const OPEN_VERSION_COMMAND = 'mlflowRegistry.openVersion';

/** Opens a version of the active registry: its page when one exists, otherwise its row in the tree. */
export async function openOrRevealVersion(ctx: CommandContext, name: string, version: string): Promise<void> {
  const commands = await vscode.commands.getCommands(true);
  if (commands.includes(OPEN_VERSION_COMMAND)) {
    await vscode.commands.executeCommand(OPEN_VERSION_COMMAND, { name, version });
    return;
  }
  const shown = await ctx.tree.revealVersion(ctx.treeView, name, version);
  if (!shown) {
    log().info(`${name} version ${version} is not in the Models view (a search may hide it).`);
    void vscode.window.showInformationMessage(`${name} version ${version} is not listed in the Models view; clear the search to see it.`);
  }
}
