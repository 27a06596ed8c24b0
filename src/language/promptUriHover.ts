import * as vscode from 'vscode';
import { descriptionExcerpt } from '../core/excerpt';
import { escapeMarkdown, markdownCode } from '../core/markdownEscape';
import type { PromptVersion } from '../core/prompts';
import { commandLink, OPEN_PROMPT_COMMAND, openPromptArg } from './commandLinks';
import type { PromptResolution } from './promptUriResolver';

/** Enough of a template to recognise it; the page shows all of it. */
const TEMPLATE_START = 200;
const VARIABLES_SHOWN = 8;

/** The template's beginning on one line; a chat prompt's messages as `role: content`. */
export function templateStart(v: Pick<PromptVersion, 'template'>, max = TEMPLATE_START): string {
  const text = typeof v.template === 'string' ? v.template : v.template.map((m) => `${m.role}: ${m.content}`).join(' · ');
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max).trimEnd()}…` : flat;
}

/**
 * A `prompts:/` hover: the version it names, its commit message, the start of
 * its template and its variables. Registry text goes through the shared
 * Markdown escape or a code span; the link's argument comes from the URI.
 */
export function promptHoverLines(a: Extract<PromptResolution, { kind: 'prompt' }>): string[] {
  const v = a.version;
  const lines = [
    `$(comment-discussion) ${markdownCode(a.uri)} → **${vscode.l10n.t('prompt {0} version {1}', escapeMarkdown(v.name), escapeMarkdown(v.version))}**`,
  ];
  const facts = [v.type === 'chat' ? vscode.l10n.t('chat prompt') : vscode.l10n.t('text prompt')];
  if (v.aliases.length > 0) facts.push(v.aliases.map((x) => `@${escapeMarkdown(x)}`).join(' '));
  lines.push(facts.join(' · '));
  const message = descriptionExcerpt(v.commitMessage);
  if (message) lines.push(vscode.l10n.t('Commit message: {0}', escapeMarkdown(message)));
  const start = templateStart(v);
  if (start) lines.push(vscode.l10n.t('Template: {0}', markdownCode(start)));
  const shown = v.variables.slice(0, VARIABLES_SHOWN).map(markdownCode).join(', ');
  const more = v.variables.length > VARIABLES_SHOWN ? `, …${v.variables.length - VARIABLES_SHOWN}` : '';
  lines.push(v.variables.length > 0 ? vscode.l10n.t('Variables: {0}', shown + more) : vscode.l10n.t('No variables'));
  lines.push(commandLink(vscode.l10n.t('Open prompt version'), OPEN_PROMPT_COMMAND, openPromptArg(a.ref)));
  return lines;
}
