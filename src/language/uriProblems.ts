/**
 * The answers shared by `models:/` and `prompts:/` resolution when a URI
 * names nothing. No vscode import.
 */

/** A URI that resolves to nothing, with the sentence that says why. */
export interface UriProblem<K extends string> {
  kind: 'problem';
  uri: string;
  problem: K;
  message: string;
}

/** The problems of one URI, each in its own words. */
export const problemsOf =
  <K extends string>(uri: string) =>
  (problem: K, message: string): UriProblem<K> => ({ kind: 'problem', uri, problem, message });

/** The URI as `parse` reads it, or the parser's refusal (MLflow's sentence) as a malformed URI. */
export function parseOrMalformed<T>(uri: string, parse: (uri: string) => T): { ref: T } | UriProblem<'malformed'> {
  try {
    return { ref: parse(uri) };
  } catch (e) {
    return problemsOf<'malformed'>(uri)('malformed', e instanceof Error ? e.message : String(e));
  }
}

/** Names for a message: the first few, then an ellipsis. */
export const shortList = (items: string[], max = 6): string => (items.length > max ? `${items.slice(0, max).join(', ')}, …` : items.join(', '));
