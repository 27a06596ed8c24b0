import * as vscode from 'vscode';

/** The version page's command, registered at activation with the other commands. */
const OPEN_VERSION_COMMAND = 'mlflowRegistry.openVersion';

/**
 * Opens a version's page in the active registry. The first parameter is unused:
 * src/language still passes its context here, and drops it once its split lands.
 */
export async function openOrRevealVersion(_ctx: unknown, name: string, version: string): Promise<void> {
  await vscode.commands.executeCommand(OPEN_VERSION_COMMAND, { name, version });
}
