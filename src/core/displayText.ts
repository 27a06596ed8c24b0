/** How registry values read in the UI (tree rows and pages): ages, times, version one-liners. No vscode import. */
import { l10n } from './l10n';
import type { ModelVersion, RegisteredModel } from './types';

type AgeUnit = 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute';

const AGE_UNITS: [number, AgeUnit][] = [
  [365 * 86400, 'year'],
  [30 * 86400, 'month'],
  [7 * 86400, 'week'],
  [86400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
];

/** How long ago, in the largest whole unit; null for less than a minute. */
function ageParts(ms: number, now = Date.now()): { n: number; unit: AgeUnit } | null {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  for (const [size, unit] of AGE_UNITS) {
    const n = Math.floor(s / size);
    if (n >= 1) return { n, unit };
  }
  return null;
}

/** One message per unit and plural form: languages differ in both. */
const SAY: Record<AgeUnit, [() => string, (n: number) => string]> = {
  year: [() => l10n.t('1 year ago'), (n) => l10n.t('{0} years ago', n)],
  month: [() => l10n.t('1 month ago'), (n) => l10n.t('{0} months ago', n)],
  week: [() => l10n.t('1 week ago'), (n) => l10n.t('{0} weeks ago', n)],
  day: [() => l10n.t('1 day ago'), (n) => l10n.t('{0} days ago', n)],
  hour: [() => l10n.t('1 hour ago'), (n) => l10n.t('{0} hours ago', n)],
  minute: [() => l10n.t('1 minute ago'), (n) => l10n.t('{0} minutes ago', n)],
};

/** "3 days ago" in the display language, coarse on purpose: the tooltip carries the exact time. */
export function age(ms: number, now = Date.now()): string {
  const parts = ageParts(ms, now);
  if (!parts) return l10n.t('just now');
  const [one, many] = SAY[parts.unit];
  return parts.n === 1 ? one() : many(parts.n);
}

export function time(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

/** Aliases pointing at each version, from the model (search results carry none: docs/rest-api.md#aliases-in-answers). */
export function aliasesByVersion(model: RegisteredModel): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const a of model.aliases) out.set(a.version, [...(out.get(a.version) ?? []), a.alias]);
  return out;
}

export function versionDescription(v: ModelVersion, aliases: string[], runName: string | null, now = Date.now()): string {
  return [aliases.map((a) => `@${a}`).join(' '), runName ?? '', age(v.creationTimestamp, now)].filter((s) => s !== '').join(' · ');
}
