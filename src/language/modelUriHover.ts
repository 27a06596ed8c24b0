import * as vscode from 'vscode';
import { descriptionExcerpt } from '../core/excerpt';
import { escapeMarkdown, markdownCode } from '../core/markdownEscape';
import { formatModelUri } from '../core/uri';
import { commandLink, OPEN_PROMPT_COMMAND } from './commandLinks';
import { loggedModelHoverLines } from './loggedModelHover';
import { matchAt, scanModelUris } from './modelUriScanner';
import { OPEN_MODEL_URI_COMMAND } from './openModelUri';
import { promptHoverLines } from './promptUriHover';
import type { ResolverCache } from './resolverCache';
import type { UriResolution } from './uriResolver';

const SERVE_COMMAND = 'mlflowRegistry.serveModel';

/**
 * What "Serve" serves, built from the URI in the document once parsed and
 * re-formatted (never from what the registry answered): its own form, except
 * `latest`, which becomes the version number it is now, if that is a number.
 */
export function serveUriOf(a: Extract<UriResolution, { kind: 'version' }>): string | undefined {
  const { ref, version } = a;
  try {
    if (ref.kind === 'alias' || ref.kind === 'stage' || ref.kind === 'version') return formatModelUri(ref);
    if (ref.kind === 'latest' && /^\d+$/.test(version.version)) return formatModelUri({ kind: 'version', name: ref.name, version: version.version });
  } catch {
    // No models:/ form (a legacy name with '/', a stage outside the four): no Serve link.
  }
  return undefined;
}

export function hoverMarkdown(a: UriResolution, registry: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.supportHtml = false;
  md.isTrusted = { enabledCommands: [OPEN_MODEL_URI_COMMAND, SERVE_COMMAND, OPEN_PROMPT_COMMAND] };
  const lines: string[] = [];
  switch (a.kind) {
    case 'version': {
      const v = a.version;
      lines.push(`$(package) ${markdownCode(a.uri)} → **${vscode.l10n.t('{0} version {1}', escapeMarkdown(v.name), escapeMarkdown(v.version))}**`);
      const facts = [v.currentStage === 'None' ? vscode.l10n.t('no stage') : escapeMarkdown(v.currentStage)];
      if (v.aliases.length > 0) facts.push(v.aliases.map((x) => `@${escapeMarkdown(x)}`).join(' '));
      if (v.runId) {
        const id = markdownCode(v.runId.slice(0, 8));
        facts.push(a.runName ? vscode.l10n.t('run {0} {1}', escapeMarkdown(a.runName), id) : vscode.l10n.t('run {0}', id));
      }
      lines.push(facts.join(' · '));
      const excerpt = descriptionExcerpt(v.description) || descriptionExcerpt(a.model.description);
      if (excerpt) lines.push(escapeMarkdown(excerpt));
      const serveUri = serveUriOf(a);
      lines.push(
        [
          commandLink(vscode.l10n.t('Open version'), OPEN_MODEL_URI_COMMAND, { uri: a.uri }),
          serveUri ? commandLink(vscode.l10n.t('Serve model…'), SERVE_COMMAND, { uri: serveUri }) : '',
        ]
          .filter(Boolean)
          .join(' · '),
      );
      break;
    }
    case 'loggedModel':
      lines.push(...loggedModelHoverLines(a.uri, a.loggedModel));
      break;
    case 'prompt':
      lines.push(...promptHoverLines(a));
      break;
    case 'problem':
      lines.push(`$(warning) ${vscode.l10n.t('{0} resolves to nothing: {1}', markdownCode(a.uri), escapeMarkdown(a.message))}`);
      break;
    case 'unavailable':
      lines.push(`$(error) ${vscode.l10n.t('{0}: the registry could not answer: {1}', markdownCode(a.uri), escapeMarkdown(a.message))}`);
      break;
  }
  lines.push(`_${vscode.l10n.t('MLflow registry {0}', escapeMarkdown(registry))}_`);
  md.appendMarkdown(lines.join('\n\n'));
  return md;
}

/** What a `models:/` URI under the pointer resolves to, or why it is not resolved. */
export function modelUriHoverProvider(resolvers: ResolverCache): vscode.HoverProvider {
  return {
    async provideHover(doc, pos) {
      const line = doc.lineAt(pos.line).text;
      const m = matchAt(scanModelUris(line, { maxChars: 100_000 }).matches, pos.character);
      if (!m) return undefined;
      const range = new vscode.Range(pos.line, m.start, pos.line, m.end);
      if (m.dynamic) {
        return new vscode.Hover(
          new vscode.MarkdownString(vscode.l10n.t('{0}: assembled at run time, so the MLflow extension does not resolve it.', markdownCode(m.text))),
          range,
        );
      }
      const resolver = resolvers.current();
      if (!resolver) {
        return new vscode.Hover(
          new vscode.MarkdownString(vscode.l10n.t('{0}: no MLflow registry is open, so it cannot be resolved.', markdownCode(m.text))),
          range,
        );
      }
      return new vscode.Hover(hoverMarkdown(await resolver.resolve(m.text), resolvers.registryName()), range);
    },
  };
}
