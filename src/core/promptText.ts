/**
 * A prompt version as text for people: its template cut into plain text and
 * `{{ variables }}` (the page highlights those), as one readable document
 * (the diff editor), and as the text an editor edits and the template read
 * back from it. No vscode import: the core suites check all of it.
 */
import { invalidParameter } from './errors';
import { VARIABLE, type ChatMessage, type NewPromptVersion, type PromptType, type PromptVersion } from './prompts';
import { parsePythonJson } from './pythonJson';

export interface TemplatePiece {
  text: string;
  /** Set when the piece is a `{{ name }}` placeholder MLflow would fill. */
  variable?: string;
}

/** `text` in order, split at MLflow's variable pattern; joined back, the pieces are `text` again. */
export function templatePieces(text: string): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  let at = 0;
  for (const m of text.matchAll(new RegExp(VARIABLE.source, 'g'))) {
    if (m.index > at) pieces.push({ text: text.slice(at, m.index) });
    pieces.push({ text: m[0], variable: m[1] });
    at = m.index + m[0].length;
  }
  if (at < text.length) pieces.push({ text: text.slice(at) });
  return pieces;
}

/**
 * The text the diff editor compares: a text template as it is; a chat prompt
 * one block per message, its role on a header line, so a changed message
 * shows where it is.
 */
export function promptReadableText(v: Pick<PromptVersion, 'template'>): string {
  if (typeof v.template === 'string') return v.template;
  return v.template.map((m, i) => `### ${i + 1}. ${m.role}\n\n${m.content}\n`).join('\n');
}

/** What the editor edits: a text template as it is, a chat prompt as its messages in indented JSON. */
export function editableTemplate(template: string | ChatMessage[]): string {
  if (typeof template === 'string') return template;
  return `${JSON.stringify(
    template.map((m) => ({ role: m.role, content: m.content })),
    null,
    2,
  )}\n`;
}

/**
 * The template an edited document stands for. A chat prompt must stay a
 * non-empty JSON list of `{ "role": …, "content": … }` with string values;
 * anything else is refused with what is wrong and where, before anything is written.
 */
export function parseEditedTemplate(type: PromptType, text: string): string | ChatMessage[] {
  if (type === 'text') return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw invalidParameter(`The chat messages are not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(parsed)) throw invalidParameter('The chat messages must be a JSON list of {"role": …, "content": …} objects.');
  if (parsed.length === 0) throw invalidParameter('The chat messages must hold at least one message.');
  return parsed.map((item: unknown, i) => {
    const where = `Message ${i + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw invalidParameter(`${where} must be an object with "role" and "content".`);
    const m = item as Record<string, unknown>;
    const extra = Object.keys(m).filter((k) => k !== 'role' && k !== 'content');
    if (extra.length > 0) throw invalidParameter(`${where} has keys MLflow does not keep: ${extra.map((k) => JSON.stringify(k)).join(', ')}.`);
    if (typeof m.role !== 'string' || m.role === '') throw invalidParameter(`${where} needs a "role" string (such as "system" or "user").`);
    if (typeof m.content !== 'string') throw invalidParameter(`${where} needs a "content" string.`);
    return { role: m.role, content: m.content };
  });
}

/**
 * A new version made from `base`: the new template and commit message, and
 * the base's response format and model config as stored (their JSON read
 * back with Python's number rules, so `0.0` stays `0.0`). Its type follows
 * the template. User tags are not carried over: they describe the base.
 */
export function newVersionFrom(base: PromptVersion, template: string | ChatMessage[], commitMessage: string | undefined): NewPromptVersion {
  return {
    name: base.name,
    template,
    commitMessage: commitMessage || undefined,
    responseFormat: base.responseFormatJson === null ? undefined : parsePythonJson(base.responseFormatJson),
    modelConfig: base.modelConfigJson === null ? undefined : parsePythonJson(base.modelConfigJson),
  };
}
