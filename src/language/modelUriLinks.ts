import * as vscode from 'vscode';
import { parseModelUri } from '../core/uri';
import { matchRange, type ModelUriScans } from './modelUriScans';
import { OPEN_MODEL_URI_COMMAND } from './openModelUri';

/** Each literal `models:/` URI of a registered model is a link that opens its version (logged models have no page). */
export function modelUriLinkProvider(scans: ModelUriScans): vscode.DocumentLinkProvider {
  return {
    provideDocumentLinks(doc) {
      const links: vscode.DocumentLink[] = [];
      for (const m of scans.of(doc).matches) {
        if (m.dynamic || m.unterminated) continue;
        try {
          if (parseModelUri(m.text).kind === 'loggedModel') continue;
        } catch {
          continue;
        }
        const link = new vscode.DocumentLink(
          matchRange(doc, m),
          vscode.Uri.parse(`command:${OPEN_MODEL_URI_COMMAND}?${encodeURIComponent(JSON.stringify([{ uri: m.text }]))}`),
        );
        link.tooltip = vscode.l10n.t('Open the MLflow model version this URI resolves to');
        links.push(link);
      }
      return links;
    },
  };
}
