import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { OPEN_MODEL_URI_COMMAND } from '../../src/language/openModelUri';
import { extensionApi, EXTENSION_ID } from './helpers';

/**
 * Commands that are registered but deliberately not contributed: the targets of
 * links the extension itself makes, never meant for the palette or menus.
 */
const INTERNAL_COMMANDS = new Set([OPEN_MODEL_URI_COMMAND]);

/** Commands VS Code generates for a contributed view (`<view id>.focus`, …). */
const isViewCommand = (id: string, viewIds: string[]) => viewIds.some((v) => id.startsWith(`${v}.`));

describe('the commands in package.json are the commands registered at run time', () => {
  it('contributes every command it registers and registers every command it contributes', async () => {
    await extensionApi();
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const manifest = ext.packageJSON as { contributes: { commands: { command: string }[]; views: Record<string, { id: string }[]> } };
    const contributed = manifest.contributes.commands.map((c) => c.command);
    const viewIds = Object.values(manifest.contributes.views).flatMap((views) => views.map((v) => v.id));
    const registered = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('mlflowRegistry.') && !isViewCommand(id, viewIds));

    assert.deepEqual(
      contributed.filter((id) => !registered.includes(id)),
      [],
      'contributed in package.json but never registered',
    );
    assert.deepEqual(
      registered.filter((id) => !contributed.includes(id) && !INTERNAL_COMMANDS.has(id)),
      [],
      'registered but missing from package.json contributes.commands',
    );
    for (const id of INTERNAL_COMMANDS) assert.ok(registered.includes(id), `${id} is listed as internal but no longer registered`);
    assert.equal(new Set(contributed).size, contributed.length, 'a command contributed twice');
  });
});
