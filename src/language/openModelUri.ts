import * as vscode from 'vscode';
import type { RegistryView as CommandContext } from '../tree/registryView';
import { openOrRevealVersion } from '../pages/openVersion';
import { OPEN_PROMPT_COMMAND, openPromptArg } from './commandLinks';
import type { ResolverCache } from './resolverCache';

/** Internal: what the document links and hovers call. Not in the palette. */
export const OPEN_MODEL_URI_COMMAND = 'mlflowRegistry.openModelUri';

/** Opens the version a `models:/` (or `prompts:/`) URI resolves to now, or says why it cannot. */
export function registerOpenModelUri(ctx: CommandContext, resolvers: ResolverCache): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_MODEL_URI_COMMAND, async (arg?: { uri?: string }) => {
    const uri = arg?.uri;
    if (!uri) return;
    const resolver = resolvers.current();
    if (!resolver) {
      void vscode.window.showWarningMessage(vscode.l10n.t('No MLflow registry is open, so {0} cannot be resolved.', uri));
      return;
    }
    const a = await resolver.resolve(uri);
    switch (a.kind) {
      case 'version':
        await openOrRevealVersion(ctx, a.version.name, a.version.version);
        return;
      case 'loggedModel':
        void vscode.window.showInformationMessage(
          vscode.l10n.t(
            '{0} is the logged model {1} ({2}), not a registered version. Its files: {3}',
            uri,
            a.loggedModel.name,
            a.loggedModel.modelId,
            a.loggedModel.artifactLocation,
          ),
        );
        return;
      case 'prompt':
        await vscode.commands.executeCommand(OPEN_PROMPT_COMMAND, openPromptArg(a.ref));
        return;
      default:
        void vscode.window.showWarningMessage(`${uri}: ${a.message}`);
    }
  });
}
