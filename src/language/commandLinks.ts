import { escapeMarkdown } from '../core/markdownEscape';
import type { PromptUri } from '../core/promptUri';

/**
 * A `command:` URI whose one argument is JSON, percent-encoded, so no text in
 * it (a name from the document) can end a link or add arguments.
 */
export function commandUri(command: string, arg: unknown): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([arg]))}`;
}

/** A Markdown command link; `title` is the extension's own text. */
export function commandLink(title: string, command: string, arg: unknown): string {
  return `[${escapeMarkdown(title)}](${commandUri(command, arg)})`;
}

/** Opens a prompt version's page: `{ name, version }` or `{ name, alias }` (implemented with the prompt pages). */
export const OPEN_PROMPT_COMMAND = 'mlflowRegistry.openPrompt';

/** What the document says, parsed and rebuilt, never what the registry answered. */
export function openPromptArg(ref: PromptUri): { name: string; version: string } | { name: string; alias: string } {
  return ref.kind === 'version' ? { name: ref.name, version: ref.version } : { name: ref.name, alias: ref.alias };
}
