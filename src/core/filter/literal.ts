/**
 * String literals exactly as MLflow reads them. MLflow tokenizes a filter with
 * sqlparse, whose lexer (sqlparse/keywords.py, 0.4.4 and later) matches
 *   '(''|\\'|[^'])*'   and   "(""|\\"|[^"])*"
 * and then keeps the text between the outer quotes as it is
 * (mlflow/utils/search_utils.py, SearchUtils._strip_quotes: `_trim_ends`, no unescaping).
 * So `''` and `\'` keep a quote inside the literal but stay in the value verbatim:
 * `name = 'ir\'is'` looks for a model literally named `ir\'is`.
 *
 * JavaScript's backtracking regexes behave like Python's here (same alternation
 * order, same greedy star), so the patterns are used as they are.
 */

const LITERAL: Record<string, RegExp> = {
  "'": /'(?:''|\\'|[^'])*'/y,
  '"': /"(?:""|\\"|[^"])*"/y,
};

/** The quoted literal starting at `start` (a `'` or `"`), or undefined when it is never closed. */
export function readStringLiteral(input: string, start: number): { value: string; end: number } | undefined {
  const pattern = LITERAL[input[start] ?? ''];
  if (!pattern) return undefined;
  pattern.lastIndex = start;
  const m = pattern.exec(input);
  if (!m) return undefined;
  return { value: m[0].slice(1, -1), end: start + m[0].length };
}

/** Text after a value in the filters we build, to check a literal ends where it should whatever follows. */
const FOLLOWERS = ['', " AND name = 'x'", ' AND name = "x"'];

/**
 * `value` as a literal MLflow reads back as exactly `value`, or undefined when its
 * grammar cannot express it (a name holding both quote kinds, say). Callers then
 * use an endpoint that takes the value as a parameter instead.
 */
export function quoteFilterValue(value: string): string | undefined {
  for (const quote of ["'", '"']) {
    const literal = `${quote}${value}${quote}`;
    const exact = FOLLOWERS.every((rest) => {
      const read = readStringLiteral(literal + rest, 0);
      return read !== undefined && read.end === literal.length && read.value === value;
    });
    if (exact) return literal;
  }
  return undefined;
}
