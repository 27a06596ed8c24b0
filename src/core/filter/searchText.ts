import { quoteFilterValue } from './literal';

/**
 * A comparison operator anywhere makes the text a filter in MLflow's grammar, so a
 * mistake in it gets MLflow's error instead of quietly turning into a word search
 * (`name IN ('iris')` must fail as it does in MLflow, not look for that phrase).
 * `IN` counts when a list follows, so "models in prod" stays plain words.
 */
const OPERATOR = /[=<>!]|\b(?:i?like)\b|\bin\s*\(/i;

/** What the search box holds, as the filter to run: the text itself, or "name contains these words". */
export function searchTextToFilter(text: string): string {
  const t = text.trim();
  if (t === '') return '';
  if (OPERATOR.test(t)) return t;
  // A pattern with both quote kinds has no literal; its single quotes are dropped, as before.
  const literal = quoteFilterValue(`%${t}%`) ?? quoteFilterValue(`%${t.replace(/'/g, '')}%`)!;
  return `name ILIKE ${literal}`;
}
