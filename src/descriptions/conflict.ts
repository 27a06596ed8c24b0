/**
 * Whether saving a description may write. `base` is the text the editor was
 * given (what the user started from); `current` is what the registry holds
 * now; `mine` is what is being saved. No vscode import.
 */
export type SaveDecision =
  /** The registry still holds what the user started from. */
  | { kind: 'write' }
  /** The registry already holds exactly this text: nothing to write. */
  | { kind: 'unchanged' }
  /** Someone else changed it meanwhile: writing would silently drop their text. */
  | { kind: 'conflict'; current: string };

export function decideSave(base: string | undefined, current: string, mine: string): SaveDecision {
  if (mine === current) return { kind: 'unchanged' };
  if (base !== undefined && current === base) return { kind: 'write' };
  return { kind: 'conflict', current };
}

/** MLflow stores "no description" as NULL; an empty document clears it. */
export function toStored(text: string): string | null {
  return text.trim() === '' ? null : text;
}

export function fromStored(description: string | null | undefined): string {
  return description ?? '';
}
