import { ageParts, type AgeUnit } from '../core/displayText';
import { l10n } from './pageL10n';

/** One message per unit and plural form: languages differ in both. */
const SAY: Record<AgeUnit, [(n: number) => string, (n: number) => string]> = {
  year: [() => l10n.t('1 year ago'), (n) => l10n.t('{0} years ago', n)],
  month: [() => l10n.t('1 month ago'), (n) => l10n.t('{0} months ago', n)],
  week: [() => l10n.t('1 week ago'), (n) => l10n.t('{0} weeks ago', n)],
  day: [() => l10n.t('1 day ago'), (n) => l10n.t('{0} days ago', n)],
  hour: [() => l10n.t('1 hour ago'), (n) => l10n.t('{0} hours ago', n)],
  minute: [() => l10n.t('1 minute ago'), (n) => l10n.t('{0} minutes ago', n)],
};

/** core's `age`, worded through the pages' translator. */
export function ageText(ms: number, now = Date.now()): string {
  const parts = ageParts(ms, now);
  if (!parts) return l10n.t('just now');
  const [one, many] = SAY[parts.unit];
  return parts.n === 1 ? one(parts.n) : many(parts.n);
}
