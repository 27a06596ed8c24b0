/** A row of the model pick: an existing model, or the typed name as a new one. */
export interface ModelChoice {
  name: string;
  isNew: boolean;
}

/**
 * The model an Enter in the pick means. The extension's view of the active row
 * can trail the list on screen, since the rows are set again as the box
 * changes: once a copy landed in diabetes-regressor while diabetes-prod, typed
 * in full, was the row shown. A row whose name does not hold the typed text
 * cannot be the one shown under it, so it gives way to the model of exactly
 * that name when there is one.
 */
export function acceptedModel<T extends ModelChoice>(chosen: T | undefined, typed: string, existing: readonly T[]): T | undefined {
  const exact = existing.find((m) => m.name === typed);
  if (!exact || !chosen || chosen.isNew || chosen.name.toLowerCase().includes(typed.toLowerCase())) return chosen;
  return exact;
}
