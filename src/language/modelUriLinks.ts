import * as vscode from 'vscode';
import { isPromptUri, parsePromptUri } from '../core/promptUri';
import { parseModelUri } from '../core/uri';
import { commandUri, OPEN_PROMPT_COMMAND, openPromptArg } from './commandLinks';
import { matchRange, type ModelUriScans } from './modelUriScans';
import { OPEN_MODEL_URI_COMMAND } from './openModelUri';

/** The command a well-formed URI opens, or undefined: a logged model has no page, and a malformed URI opens nothing. */
function target(uri: string): { command: string; tooltip: string } | undefined {
  try {
    if (isPromptUri(uri)) {
      return {
        command: commandUri(OPEN_PROMPT_COMMAND, openPromptArg(parsePromptUri(uri))),
        tooltip: vscode.l10n.t('Open the MLflow prompt version this URI names'),
      };
    }
    if (parseModelUri(uri).kind === 'loggedModel') return undefined;
  } catch {
    return undefined;
  }
  return { command: commandUri(OPEN_MODEL_URI_COMMAND, { uri }), tooltip: vscode.l10n.t('Open the MLflow model version this URI resolves to') };
}

/** Each literal `models:/` URI of a registered model, and each `prompts:/` URI, is a link that opens its version. */
export function modelUriLinkProvider(scans: ModelUriScans): vscode.DocumentLinkProvider {
  return {
    provideDocumentLinks(doc) {
      const links: vscode.DocumentLink[] = [];
      for (const m of scans.of(doc).matches) {
        if (m.dynamic || m.unterminated) continue;
        const t = target(m.text);
        if (!t) continue;
        const link = new vscode.DocumentLink(matchRange(doc, m), vscode.Uri.parse(t.command));
        link.tooltip = t.tooltip;
        links.push(link);
      }
      return links;
    },
  };
}
