/**
 * Virtual documents of prompt versions, no vscode import:
 * `mlflow-prompt://<registry>/<prompt>/<version>/prompt.txt`, read-only, what
 * the diff editor compares; and `mlflow-prompt://<registry>/<prompt>/template.txt`
 * (`messages.json` for a chat prompt), the editable draft whose save registers
 * a new version. `<registry>` and `<prompt>` are written as description
 * documents write theirs (descriptionUri.ts): the registry key in base32, the
 * name as one escaped segment, so neither ever reads as another path.
 */
import { encodeNameSegment } from '../descriptions/descriptionUri';
import type { PromptType } from '../core/prompts';

export const PROMPT_SCHEME = 'mlflow-prompt';
const VERSION_FILE = 'prompt.txt';
const DRAFT_FILES: Record<PromptType, string> = { text: 'template.txt', chat: 'messages.json' };

export type PromptPath = { kind: 'version'; name: string; version: string } | { kind: 'draft'; name: string; type: PromptType };

export function promptVersionPath(name: string, version: string): string {
  return `/${encodeNameSegment(name)}/${version}/${VERSION_FILE}`;
}

export function promptDraftPath(name: string, type: PromptType): string {
  return `/${encodeNameSegment(name)}/${DRAFT_FILES[type]}`;
}

/** What a path names; only the forms written above, so one document has one path. */
export function parsePromptPath(path: string): PromptPath | undefined {
  const parts = path.split('/');
  if (parts[0] !== '' || parts.length < 3 || parts.length > 4) return undefined;
  let name: string;
  try {
    name = decodeURIComponent(parts[1]);
  } catch {
    return undefined;
  }
  if (name === '' || encodeNameSegment(name) !== parts[1]) return undefined;
  if (parts.length === 4) return /^[1-9]\d*$/.test(parts[2]) && parts[3] === VERSION_FILE ? { kind: 'version', name, version: parts[2] } : undefined;
  const type = (Object.keys(DRAFT_FILES) as PromptType[]).find((t) => DRAFT_FILES[t] === parts[2]);
  return type ? { kind: 'draft', name, type } : undefined;
}
