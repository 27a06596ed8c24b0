/**
 * Finds `models:/…` and `prompts:/…` URIs in source text (Python files, notebook cells) with
 * one regex pass, no parsing of the language. No vscode import.
 *
 * Inside a string the URI runs to the closing quote (model names may contain
 * spaces); elsewhere (comments, docstring prose) to the first space, quote or
 * bracket, without trailing punctuation. URIs assembled at run time (f-strings,
 * `.format`, `%`, concatenation) are reported as `dynamic`: shown, never
 * checked.
 */

export interface ModelUriMatch {
  /** Offset of the scheme's first letter (`m` of `models:/`, `p` of `prompts:/`). */
  start: number;
  /** Offset just past the URI (before the closing quote, if any). */
  end: number;
  text: string;
  /** The quote right before the URI when it opens a string, else null. */
  quote: '"' | "'" | '`' | null;
  /** Built at run time: placeholders, a bare `models:/` or `prompts:/` prefix, or a string that is concatenated. */
  dynamic: boolean;
  /** A string whose closing quote is not (yet) on the line: being typed, so not checked. */
  unterminated: boolean;
}

export interface ScanLimits {
  /** Only this much of the text is scanned. */
  maxChars: number;
  /** At most this many URIs are reported. */
  maxMatches: number;
}

/** Generous for code, and cheap: a 5 MB file scans in a few milliseconds. */
export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxChars: 5_000_000, maxMatches: 2_000 };

export interface ScanResult {
  matches: ModelUriMatch[];
  /** True when a limit cut the scan short. */
  truncated: boolean;
}

export type UriScheme = 'models' | 'prompts';
const SCHEMES: readonly UriScheme[] = ['models', 'prompts'];
// Where an unquoted URI ends.
const UNQUOTED_STOP = /[\s'"`\\(){}[\]<>,;|]/;
const TRAILING_PUNCTUATION = /[.:!?]+$/;
const PLACEHOLDER = /[{}]|%[-#0 +]*\d*(?:\.\d+)?[sdrifx(]/;

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\w.-]/.test(c);
}

export function scanModelUris(text: string, limits: Partial<ScanLimits> = {}): ScanResult {
  const { maxChars, maxMatches } = { ...DEFAULT_SCAN_LIMITS, ...limits };
  const truncatedText = text.length > maxChars;
  // The search itself stops at the limit; a URI that starts before it may run past it.
  const haystack = truncatedText ? text.slice(0, maxChars) : text;
  const matches: ModelUriMatch[] = [];
  const re = /(?:models|prompts):\//gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(haystack)) !== null) {
    const start = m.index;
    const before = text[start - 1];
    const prefixLength = m[0].length;
    // `mymodels:/x` is not a models:/ URI.
    if (isWordChar(before)) continue;
    if (matches.length >= maxMatches) return { matches, truncated: true };
    const quote = before === '"' || before === "'" || before === '`' ? before : null;
    let end = start + prefixLength;
    if (quote) {
      while (end < text.length && text[end] !== quote && text[end] !== '\n' && text[end] !== '\r' && text[end] !== '\\') end++;
    } else {
      while (end < text.length && !UNQUOTED_STOP.test(text[end])) end++;
      const trailing = TRAILING_PUNCTUATION.exec(text.slice(start + prefixLength, end));
      if (trailing) end -= trailing[0].length;
    }
    const uri = text.slice(start, end);
    re.lastIndex = Math.max(end, start + prefixLength);
    let dynamic = uri.length === prefixLength || PLACEHOLDER.test(uri);
    if (!dynamic && quote && text[end] === quote) {
      // "models:/name/" + version, or "models:/name" "@alias" (implicit concatenation).
      const after = /^(\s*(\+|\.format\b|%)|\s+["'])/.exec(text.slice(end + 1, end + 40));
      if (after) dynamic = true;
    }
    if (!dynamic && !quote && text[end] === '{') dynamic = true;
    matches.push({ start, end, text: uri, quote, dynamic, unterminated: quote !== null && text[end] !== quote });
  }
  return { matches, truncated: truncatedText };
}

/** The match that covers `offset` (inclusive of its end, where the cursor sits after typing). */
export function matchAt(matches: readonly ModelUriMatch[], offset: number): ModelUriMatch | undefined {
  return matches.find((x) => offset >= x.start && offset <= x.end);
}

/** What the cursor is completing inside a `models:/` or `prompts:/` URI. */
export type CompletionSpot = { scheme: UriScheme } &
  /** `models:/iri|`: a model (or prompt) name; `start` is where the name begins. */
  (
    | { kind: 'name'; partial: string; start: number }
    /** `models:/iris-classifier/Pro|`: a version, stage or `latest` (a prompt: a version). */
    | { kind: 'suffix'; name: string; partial: string; start: number }
    /** `models:/iris-classifier@cha|`: an alias. */
    | { kind: 'alias'; name: string; partial: string; start: number }
  );

/** The scheme whose prefix starts last in the line, and where. */
function lastPrefix(linePrefix: string): { scheme: UriScheme; at: number; length: number } | undefined {
  const lower = linePrefix.toLowerCase();
  let found: { scheme: UriScheme; at: number; length: number } | undefined;
  for (const scheme of SCHEMES) {
    const at = lower.lastIndexOf(`${scheme}:/`);
    if (at >= 0 && (!found || at > found.at)) found = { scheme, at, length: scheme.length + 2 };
  }
  return found;
}

/**
 * Reads the text of a line before the cursor; `start` values are offsets in
 * that text. Undefined when the cursor is not inside a `models:/` or `prompts:/` URI.
 */
export function completionSpot(linePrefix: string): CompletionSpot | undefined {
  const prefix = lastPrefix(linePrefix);
  if (!prefix) return undefined;
  const { scheme, at } = prefix;
  if (isWordChar(linePrefix[at - 1])) return undefined;
  const before = linePrefix[at - 1];
  const quote = before === '"' || before === "'" || before === '`' ? before : null;
  const restStart = at + prefix.length;
  const rest = linePrefix.slice(restStart);
  // Past the URI already: the string closed, or (unquoted) a space ended it.
  if (quote ? rest.includes(quote) || rest.includes('\\') : UNQUOTED_STOP.test(rest)) return undefined;
  if (/[{}]/.test(rest)) return undefined;
  const slash = rest.indexOf('/');
  if (slash >= 0) {
    const partial = rest.slice(slash + 1);
    if (partial.includes('/') || slash === 0) return undefined;
    return { scheme, kind: 'suffix', name: rest.slice(0, slash), partial, start: restStart + slash + 1 };
  }
  const alias = rest.lastIndexOf('@');
  if (alias > 0) return { scheme, kind: 'alias', name: rest.slice(0, alias), partial: rest.slice(alias + 1), start: restStart + alias + 1 };
  return { scheme, kind: 'name', partial: rest, start: restStart };
}
